package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Tally;
import dev.fetchpipe.report.Timings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's status from its running counts, and how it reads as JSON. */
class JobStatusTest {

  private static ItemResult result(Outcome outcome, long bytes) {
    return AnItem.of(0, "http://a/0", outcome).bytes(bytes).timings(new Timings(0.0, null, null, null, 1.0)).build();
  }

  @Test
  void queuedIsWhatHasNeitherEndedNorStartedNorIsBeingWrittenAndTheRateCountsOkFilesOnly() {
    Tally tally = Tally.of(List.of(result(Outcome.OK, 100), result(Outcome.OK, 50), result(Outcome.NOT_FOUND, 0),
        result(Outcome.KEPT, 7)));
    JobStatus status = JobStatus.of(JobStatus.State.RUNNING, "http://a", "/out", 10, tally, 2, 1, 500,
        new JobLimits(3, 3, 4), null);

    assertEquals(4, status.done());
    assertEquals(3, status.queued());
    assertEquals(List.of(2, 1), List.of(status.inFlight(), status.writing()));
    assertEquals(150, status.bytes());
    assertEquals(4.0, status.filesPerSecond(), 1e-9);
    assertEquals(0.0, JobStatus.of(JobStatus.State.RUNNING, "s", "o", 1, new Tally(), 0, 0, 0, new JobLimits(1, 1, 1), null)
        .filesPerSecond(), "no rate before any time has passed");
  }

  @Test
  void itReadsAsJsonWithTheDaemonsKeys() throws Exception {
    JobStatus status = JobStatus.of(JobStatus.State.DRAINING, "http://a", "/out", 2, new Tally(), 1, 0, 10,
        new JobLimits(5, 2, 4), null);
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(status));
    assertEquals("DRAINING", json.get("state").asText());
    assertEquals(1, json.get("queued").asInt());
    assertEquals(2, json.get("limits").get("maxPerHost").asInt());
    assertEquals(true, json.get("cancellation").isNull());
    assertEquals(0, json.get("hostPauses").size(), "no host paused: an empty list");
    assertEquals(23, json.size(), json.toString());
    assertEquals(0, json.get("unchanged").asInt(), "unchanged is one of the counts");
  }

  @Test
  void urlsWaitingToRetryAreNotInFlightAndTheEstimateIsCarried() {
    JobStatus status = JobStatus.of(JobStatus.State.RUNNING, "http://a", "/out", 10, new Tally(), 3, 1, 10,
        new JobLimits(5, 2, 4), null).withWaitingAndTimeLeft(2, 4_000L);
    assertEquals(1, status.inFlight());
    assertEquals(2, status.waitingToRetry());
    assertEquals(6, status.queued(), "10 - 3 held by fetchers - 1 being written");
    assertEquals(4_000L, status.msLeft());
  }
}
