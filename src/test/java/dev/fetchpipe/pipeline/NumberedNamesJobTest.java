package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A URL whose name an earlier URL of the job was given is numbered ("cn-2.gif"), names being chosen before anything is
 * fetched: whole jobs against the built-in origin, the first URL failing, say why in the report and the summary.
 */
class NumberedNamesJobTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  /** A finished job and the summary it printed. */
  private record Finished(JobReport report, String output) {}

  private Finished run(Path out, Path urlFile, boolean allItems) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    var settings = TestJobs.settings(out, List.of(), "job.url-file=" + urlFile);
    JobReport report = JobRunner.run(settings, null, List.of(TestJobs.console(settings, ProgressStyle.OFF, console)),
        allItems, (job, system) -> {});
    return new Finished(report, buffer.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aUrlThatFailedKeepsItsNameAndTheNumberedOneSaysSoInTheReportAndTheSummary(@TempDir Path dir) throws Exception {
    String missing = ORIGIN.get().url("/flags/xx/cn.gif");    // 404: both segments must name one known code
    String found = ORIGIN.get().url("/flags/cn/cn.gif");
    Path urls = dir.resolve("urls.txt");
    Files.writeString(urls, missing + "\n# a comment, so the lines are not the URLs' places\n\n" + found + "\n");

    Finished withReport = run(dir.resolve("a"), urls, true);
    JobReport report = withReport.report();
    assertEquals(1, report.counts().ok(), report.items().toString());
    assertEquals(1, report.counts().notFound());
    assertEquals(1, report.numbered());
    assertFalse(Files.exists(dir.resolve("a/cn.gif")), "the name stays the failed URL's");
    assertTrue(Files.exists(dir.resolve("a/cn-2.gif")));
    String why = "cn.gif taken by " + missing + " (line 1), which was not found (names are chosen before anything is"
        + " fetched)";
    assertTrue(withReport.output().contains("  renamed: cn-2.gif <- " + found + " -- " + why + "\n"), withReport.output());
    assertFalse(withReport.output().contains("more renamed"), withReport.output());

    // The report's item says it field by field; the first URL's item has nothing of it.
    Path file = dir.resolve("report.json");
    JsonReport.write(report, file);
    JsonNode json = JsonReport.read(file);
    assertEquals(1, json.get("numbered").asInt());
    JsonNode renamed = json.at("/items/1/renamed");
    assertEquals("cn-2.gif", renamed.get("name").asText());
    assertEquals("cn.gif", renamed.get("wanted").asText());
    assertEquals(missing, renamed.get("takenBy").asText());
    assertEquals("line 1", renamed.get("takenAt").asText());
    assertEquals(0, renamed.get("takenByIndex").asInt());
    assertEquals("NOT_FOUND", renamed.get("takenByOutcome").asText());
    assertEquals(why.substring("cn.gif ".length()), renamed.get("because").asText());
    assertTrue(json.at("/items/1/note").asText().contains("name already taken in this job, numbered"), json.toString());
    assertNull(json.at("/items/0").get("renamed"), json.toString());
    assertEquals(Outcome.OK, report.items().get(1).outcome());

    // Without every item kept (no --report), the summary says the same.
    Finished without = run(dir.resolve("b"), urls, false);
    assertEquals(summary(withReport.output()), summary(without.output()));
  }

  @Test
  void manyNumberedNamesAreCountedPastTheFirstFewTheHolderThatSavedItsFileIsNotSaidToHaveFailed(@TempDir Path dir)
      throws Exception {
    StringBuilder lines = new StringBuilder();
    int urls = 14;
    for (int i = 0; i < urls; i++) lines.append(ORIGIN.get().url("/bytes/10?copy=" + i)).append('\n');
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, lines);

    Finished finished = run(dir.resolve("out"), file, false);
    assertEquals(urls, finished.report().counts().ok(), finished.output());
    assertEquals(urls - 1, finished.report().numbered());
    List<String> renamed = finished.output().lines().filter(line -> line.startsWith("  renamed: ")).toList();
    assertEquals(JobReport.RENAMES_LISTED, renamed.size(), finished.output());
    for (int i = 0; i < renamed.size(); i++) {
      assertEquals("  renamed: 10-" + (i + 2) + " <- " + ORIGIN.get().url("/bytes/10?copy=" + (i + 1)) + " -- 10 taken by "
          + ORIGIN.get().url("/bytes/10?copy=0") + " (line 1)", renamed.get(i), "the lowest first, whatever ended first");
    }
    assertTrue(finished.output().contains("  ... and " + (urls - 1 - JobReport.RENAMES_LISTED)
        + " more renamed (--report FILE says why)\n"), finished.output());
  }

  /** The summary's lines but the elapsed time. */
  private static String summary(String output) {
    return output.lines().filter(line -> !line.startsWith("Elapsed time: ") && !line.contains(" into "))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
