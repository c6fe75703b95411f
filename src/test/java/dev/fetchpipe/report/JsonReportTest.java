package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --report file: what it holds, and how it is written. */
class JsonReportTest {

  @TempDir
  Path dir;

  private static JobReport sample() {
    return JobReport.of("http://127.0.0.1:8000/flags", 4, 1234, null,
        JobReportTest.results(Outcome.OK, Outcome.NOT_FOUND, Outcome.ERROR, Outcome.OK));
  }

  private List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void topLevelCountsAndElapsedReadBack() throws IOException {
    Path file = dir.resolve("report.json");
    JsonReport.write(sample(), file);
    JsonNode root = JsonReport.read(file);
    assertEquals(2, root.get("ok").asInt());
    assertEquals(1, root.get("notFound").asInt());
    assertEquals(1, root.get("errors").asInt());
    assertEquals(1234, root.get("elapsedMs").asLong());
    assertTrue(root.get("items").isArray());
    assertEquals(4, root.get("items").size());
  }

  @Test
  void limitChangesAreListedInOrderAndEmptyForAJobThatKeptItsLimits() throws IOException {
    Path file = dir.resolve("report.json");
    JsonReport.write(sample(), file);
    assertEquals(0, JsonReport.read(file).get("limitChanges").size());

    JobReport resized = JobReport.of("s", 0, 5, 100, null,
        List.of(new LimitChange(12.5, 50, 50, 4), new LimitChange(40, 50, 10, 2)), new Tally(), List.of(), true);
    JsonReport.write(resized, file);
    JsonNode changes = JsonReport.read(file).get("limitChanges");
    assertEquals(2, changes.size());
    assertEquals(12.5, changes.get(0).get("atMs").asDouble());
    assertEquals(50, changes.get(0).get("maxInFlight").asInt());
    assertEquals(10, changes.get(1).get("maxPerHost").asInt());
    assertEquals(2, changes.get(1).get("writerThreads").asInt());
  }

  @Test
  void everyItemHasItsFieldsAndTimingsInJobOrder() throws IOException {
    Path file = dir.resolve("report.json");
    JobReport report = sample();
    JsonReport.write(report, file);
    JsonNode items = JsonReport.read(file).get("items");
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      for (String field : List.of("url", "outcome", "status", "bytes", "sha256", "path", "error", "timings")) {
        assertTrue(item.has(field), "item " + i + " lacks " + field + ": " + item);
      }
      for (String field : List.of("queuedMs", "startedMs", "firstByteMs", "bodyDoneMs", "doneMs")) {
        assertTrue(item.get("timings").has(field), "item " + i + " timings lack " + field + ": " + item);
      }
      assertEquals(report.items().get(i).url(), item.get("url").asText());
      assertEquals(report.items().get(i).outcome().name(), item.get("outcome").asText());
    }
  }

  @Test
  void itemValuesReadBackAsWritten() throws IOException {
    Path file = dir.resolve("report.json");
    JsonReport.write(sample(), file);
    JsonNode items = JsonReport.read(file).get("items");

    JsonNode ok = items.get(0);
    assertEquals("OK", ok.get("outcome").asText());
    assertEquals(200, ok.get("status").asInt());
    assertEquals(10, ok.get("bytes").asLong());
    assertEquals("ab".repeat(32), ok.get("sha256").asText());
    assertEquals("/out/0.gif", ok.get("path").asText());
    assertTrue(ok.get("error").isNull(), ok.toString());
    assertEquals(3.0, ok.get("timings").get("bodyDoneMs").asDouble());
    assertEquals(4.0, ok.get("timings").get("doneMs").asDouble());

    JsonNode notFound = items.get(1);
    assertEquals("NOT_FOUND", notFound.get("outcome").asText());
    assertEquals(404, notFound.get("status").asInt());

    JsonNode error = items.get(2);
    assertEquals("ERROR", error.get("outcome").asText());
    assertTrue(error.get("status").isNull(), error.toString());
    assertTrue(error.get("sha256").isNull(), error.toString());
    assertTrue(error.get("path").isNull(), error.toString());
    assertEquals("connection refused", error.get("error").asText());
    assertTrue(error.get("timings").get("firstByteMs").isNull(), error.toString());
    assertEquals(1.0, error.get("timings").get("startedMs").asDouble());
  }

  @Test
  void writeLeavesNoTempFileNextToTheReport() throws IOException {
    Path file = dir.resolve("report.json");
    JsonReport.write(sample(), file);
    assertEquals(List.of("report.json"), filesIn(dir));
  }

  @Test
  void rewritingReplacesTheOldReportAndLeavesNoTempFile() throws IOException {
    Path file = dir.resolve("report.json");
    Files.writeString(file, "old, not even JSON");
    JsonReport.write(sample(), file);
    JsonReport.write(JobReport.of("s", 1, 7, null, List.of()), file);
    assertEquals(List.of("report.json"), filesIn(dir));
    JsonNode root = JsonReport.read(file);
    assertEquals(7, root.get("elapsedMs").asLong());
    assertEquals(0, root.get("items").size());
  }

  @Test
  void writeCreatesMissingParentDirs() throws IOException {
    Path file = dir.resolve("a").resolve("b").resolve("report.json");
    JsonReport.write(sample(), file);
    assertEquals(List.of("report.json"), filesIn(file.getParent()));
    assertEquals(4, JsonReport.read(file).get("items").size());
  }

  @Test
  void aNumberedNameIsAnObjectOfItsItemThatReadsBackAndOthersHaveNone() throws IOException {
    List<ItemResult> items = JobReportTest.results(Outcome.NOT_FOUND, Outcome.OK);
    Renamed why = new Renamed("a-2.bin", "a.bin", "https://h/a.bin", "line 3", 0, Outcome.NOT_FOUND);
    items.set(1, items.get(1).withRenamed(why));
    JobReport report = JobReport.of("h", 2, 1, null, items);
    Path file = dir.resolve("r.json");
    JsonReport.write(report, file);
    JsonNode json = JsonReport.read(file);
    assertEquals(1, json.get("numbered").asInt());
    assertEquals(null, json.at("/items/0").get("renamed"));
    assertEquals("{\"name\":\"a-2.bin\",\"wanted\":\"a.bin\",\"takenBy\":\"https://h/a.bin\",\"takenAt\":\"line 3\","
        + "\"takenByIndex\":0,\"takenByOutcome\":\"NOT_FOUND\",\"because\":\"taken by https://h/a.bin (line 3), which"
        + " was not found (names are chosen before anything is fetched)\"}", json.at("/items/1/renamed").toString());
    // Read back whole (as the daemon reads a kept report), "because" being made again from the rest.
    assertEquals(report, new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(), JobReport.class));
  }
}
