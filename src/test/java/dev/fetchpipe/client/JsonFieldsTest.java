package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.Outcome;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon's answers read without Jackson's data binding, as leniently as the data binding read them. */
class JsonFieldsTest {

  @Test
  void aStatusIsReadWithItsLimitsAndCancellationAndUnknownFieldsSkipped() throws Exception {
    Cancellation cancelled = new Cancellation(CancelSource.REQUEST, "why", 900.5, 2, 1, null, 1000.0);
    String json = "{\"id\": \"J\", \"state\": \"DRAINING\", \"site\": \"http://h/\", \"outputDir\": \"/o\", \"total\": 20,"
        + " \"done\": 3, \"ok\": 2, \"kept\": 1, \"notFound\": 4, \"errors\": 5, \"cancelled\": 6, \"skipped\": 7,"
        + " \"inFlight\": 8, \"queued\": 9, \"bytes\": 12345678901, \"filesPerSecond\": 61.25, \"elapsedMs\": 1960,"
        + " \"limits\": {\"maxInFlight\": 50, \"maxPerHost\": 10, \"writerThreads\": 4, \"later\": [1, {}]},"
        + " \"cancellation\": " + new ObjectMapper().writeValueAsString(cancelled) + ", \"exitCode\": null,"
        + " \"submittedAt\": \"2026-12-01T22:00:00Z\", \"nodes\": [{\"node\": \"n\"}], \"aFieldOfLater\": {\"x\": true}}";

    RemoteJobStatus status = RemoteJobStatus.from(JsonFields.parse(json));

    assertEquals(new RemoteJobStatus("J", "DRAINING", "http://h/", "/o", 20, 3, new Counts(2, 1, 4, 5, 6, 7), 8, 9,
        12345678901L, 61.25,
        1960, new RemoteJobStatus.Limits(50, 10, 4), cancelled, null, "2026-12-01T22:00:00Z", null, null, null, null, 1, 0, null),
        status);
  }

  @Test
  void absentAndNullFieldsAreZeroOrNullAndNumbersSentAsTextAreTaken() throws Exception {
    RemoteJobStatus status = RemoteJobStatus.from(JsonFields.parse("{\"id\": \"J\", \"total\": \"12\", \"ok\": null, \"exitCode\": 3}"));

    assertEquals(12, status.total());
    assertEquals(0, status.counts().ok());
    assertEquals(3, status.exitCode());
    assertNull(status.limits());
    assertNull(status.cancellation());
    assertNull(status.site());
  }

  @Test
  void aValueOfTheWrongKindNamesItsField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RemoteJobStatus.from(JsonFields.parse("{\"total\": \"many\"}")));
    assertEquals("total: expected a whole number, got \"many\"", e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> RemoteJobStatus.from(JsonFields.parse("{\"limits\": 3}")));
    assertThrows(IllegalArgumentException.class, () -> RemoteJobStatus.from(JsonFields.parse("{\"total\": 1.5}")));
    assertThrows(IllegalArgumentException.class,
        () -> RemoteJobStatus.from(JsonFields.parse("{\"cancellation\": {\"source\": \"SOMEONE\"}}")));
  }

  @Test
  void notJsonOrNotAnObjectIsAnIOExceptionAndEmptyTextIsNoFields() throws Exception {
    assertThrows(IOException.class, () -> JsonFields.parse("<html>"));
    assertThrows(IOException.class, () -> JsonFields.parse("[1, 2]"));
    assertThrows(IOException.class, () -> JsonFields.parse("{\"a\": "));
    assertFalse(JsonFields.parse("").has("anything"));
  }

  @Test
  void theEndsSummaryAndTheCreatedAnswerAreRead() throws Exception {
    EndSummary summary = EndSummary.from(JsonFields.parse("{\"renamed\": 2, \"failures\": [{\"index\": 3, \"url\": \"u\","
        + " \"outcome\": \"NOT_FOUND\", \"error\": \"HTTP 404\", \"attempts\": [], \"timings\": {\"queuedMs\": 0.0}}]}"));
    assertEquals(new EndSummary(2, 0, List.of(new EndSummary.Failure(3, "u", Outcome.NOT_FOUND, "HTTP 404")), List.of()),
        summary);
    // A file saved under a numbered name: why, as the report's item says it.
    EndSummary numbered = EndSummary.from(JsonFields.parse("{\"renamed\": 1, \"numbered\": 1, \"failures\": [],"
        + " \"renames\": [{\"index\": 4, \"url\": \"http://h2/a.bin\", \"outcome\": \"OK\", \"renamed\": {\"name\":"
        + " \"a-2.bin\", \"wanted\": \"a.bin\", \"takenBy\": \"http://h/a.bin\", \"takenAt\": \"line 1\","
        + " \"takenByIndex\": 0, \"takenByOutcome\": \"NOT_FOUND\", \"because\": \"ignored: made again\"}}]}"));
    assertEquals(new EndSummary(1, 1, List.of(), List.of(new EndSummary.Rename(4, "http://h2/a.bin",
        new dev.fetchpipe.report.Renamed("a-2.bin", "a.bin", "http://h/a.bin", "line 1", 0, Outcome.NOT_FOUND)))),
        numbered);
    assertFalse(EndSummary.from(JsonFields.parse("{\"error\": \"could not start\"}")).present());

    Submitted submitted = Submitted.from(JsonFields.parse("{\"id\": \"J\", \"state\": \"RUNNING\", \"links\": {\"self\":"
        + " \"/api/jobs/J\"}, \"progress\": {\"style\": \"plain\", \"spinnerIntervalMs\": 100, \"plainIntervalMs\": 0.5}}"));
    assertEquals("/api/jobs/J", submitted.self());
    assertEquals(java.time.Duration.ofNanos(500_000), submitted.progress().plainInterval());
    assertNull(Submitted.from(JsonFields.parse("{\"id\": \"J\"}")).progress());
  }

  @Test
  void aRequestBodyIsWrittenAsJsonTheDaemonReads() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", "a \"quoted\" reason\n");
    body.put("abort", true);
    body.put("maxInFlight", 50);
    body.put("none", null);

    String json = JsonFields.write(body);

    assertEquals(body, new ObjectMapper().readValue(json, Map.class));
    assertTrue(json.startsWith("{\"reason\":"), json);
  }
}
