package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counts a finished job reports, and its exit status. */
public class JobReportTest {

  public static ItemResult result(int index, Outcome outcome) {
    String url = "http://127.0.0.1:8000/flags/" + index + ".gif";
    return switch (outcome) {
      case OK -> new ItemResult(index, url, outcome, 200, 10, "ab".repeat(32), "/out/" + index + ".gif", null,
          "writer-1", new Timings(0.0, 1.0, 2.0, 3.0, 4.0), List.of(), null);
      case KEPT -> new ItemResult(index, url, outcome, null, 10, "ab".repeat(32), "/out/" + index + ".gif", "already complete",
          null, new Timings(0.0, null, null, null, 1.0), List.of(), null);
      case NOT_FOUND -> new ItemResult(index, url, outcome, 404, 0, null, null, "HTTP 404", null,
          new Timings(0.0, 1.0, 2.0, 3.0, 4.0), List.of(), null);
      case ERROR -> new ItemResult(index, url, outcome, null, 0, null, null, "connection refused", null,
          new Timings(0.0, 1.0, null, null, 4.0), List.of(), null);
      case CANCELLED -> new ItemResult(index, url, outcome, null, 0, null, null, "cut off while waiting for the response",
          null, new Timings(0.0, 1.0, null, null, 4.0), List.of(), null);
      case SKIPPED -> new ItemResult(index, url, outcome, null, 0, null, null, "never started: the job was cancelled",
          null, new Timings(0.0, null, null, null, 4.0), List.of(), null);
    };
  }

  public static List<ItemResult> results(Outcome... outcomes) {
    List<ItemResult> items = new ArrayList<>();
    for (Outcome outcome : outcomes) items.add(result(items.size(), outcome));
    return items;
  }

  @Test
  void countsEachOutcome() {
    JobReport report = JobReport.of("site", 4, 1234, null, results(
        Outcome.OK, Outcome.ERROR, Outcome.OK, Outcome.NOT_FOUND, Outcome.ERROR, Outcome.ERROR, Outcome.OK));
    assertEquals(7, report.urls());
    assertEquals(3, report.ok());
    assertEquals(1, report.notFound());
    assertEquals(3, report.errors());
    assertEquals(4, report.concurrency());
    assertEquals(1234, report.elapsedMs());
    assertEquals("site", report.site());
  }

  @Test
  void exitCodeIsZeroWhenEveryUrlIsOk() {
    assertEquals(0, JobReport.of("s", 1, 0, null, results(Outcome.OK, Outcome.OK, Outcome.OK)).exitCode());
  }

  @Test
  void filesKeptFromAnEarlierRunCountAsDone() {
    JobReport report = JobReport.of("s", 1, 0, null, results(Outcome.KEPT, Outcome.OK));
    assertEquals(1, report.kept());
    assertEquals(0, report.exitCode());
  }

  @Test
  void exitCodeIsZeroForAnEmptyJob() {
    JobReport report = JobReport.of("s", 1, 0, null, List.of());
    assertEquals(0, report.urls());
    assertEquals(0, report.exitCode());
  }

  @Test
  void exitCodeIsOneWhenAnyUrlIsNotFound() {
    assertEquals(1, JobReport.of("s", 1, 0, null, results(Outcome.OK, Outcome.NOT_FOUND, Outcome.OK)).exitCode());
  }

  @Test
  void exitCodeIsOneWhenAnyUrlIsAnError() {
    assertEquals(1, JobReport.of("s", 1, 0, null, results(Outcome.ERROR)).exitCode());
  }

  @Test
  void itemsKeepTheirOrderAndCannotBeChangedLater() {
    List<ItemResult> items = results(Outcome.OK, Outcome.ERROR, Outcome.NOT_FOUND);
    JobReport report = JobReport.of("s", 1, 0, null, items);
    items.clear();
    assertEquals(List.of(0, 1, 2), report.items().stream().map(ItemResult::index).toList());
    assertThrows(UnsupportedOperationException.class, () -> report.items().add(result(3, Outcome.OK)));
  }
}
