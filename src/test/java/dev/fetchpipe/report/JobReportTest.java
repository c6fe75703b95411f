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
      case OK -> AnItem.of(index, url, outcome).status(200).bytes(10).sha256("ab".repeat(32))
          .path("/out/" + index + ".gif").writer("writer-1").timings(new Timings(0.0, 1.0, 2.0, 3.0, 4.0)).build();
      case KEPT -> AnItem.of(index, url, outcome).bytes(10).sha256("ab".repeat(32)).path("/out/" + index + ".gif")
          .error("already complete").timings(new Timings(0.0, null, null, null, 1.0)).build();
      case UNCHANGED -> AnItem.of(index, url, outcome).status(304).bytes(10).sha256("ab".repeat(32))
          .path("/out/" + index + ".gif").timings(new Timings(0.0, 1.0, 2.0, 2.0, 3.0)).build();
      case NOT_FOUND -> AnItem.of(index, url, outcome).status(404).error("HTTP 404")
          .timings(new Timings(0.0, 1.0, 2.0, 3.0, 4.0)).build();
      case ERROR -> AnItem.of(index, url, outcome).error("connection refused")
          .timings(new Timings(0.0, 1.0, null, null, 4.0)).build();
      case CANCELLED -> AnItem.of(index, url, outcome).error("cut off while waiting for the response")
          .timings(new Timings(0.0, 1.0, null, null, 4.0)).build();
      case SKIPPED -> AnItem.of(index, url, outcome).error("never started: the job was cancelled")
          .timings(new Timings(0.0, null, null, null, 4.0)).build();
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
    assertEquals(3, report.counts().ok());
    assertEquals(1, report.counts().notFound());
    assertEquals(3, report.counts().errors());
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
    assertEquals(1, report.counts().kept());
    assertEquals(0, report.exitCode());
  }

  @Test
  void filesTheServerSaysAreUnchangedCountAsDoneApartFromKeptOnes() {
    JobReport report = JobReport.of("s", 1, 0, null, results(Outcome.UNCHANGED, Outcome.KEPT, Outcome.OK));
    assertEquals(1, report.counts().unchanged());
    assertEquals(1, report.counts().kept());
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
