package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.Tally;
import dev.fetchpipe.report.Renamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.LimitChange;
import dev.fetchpipe.report.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's account of itself: the status and the report it gives at any moment, and what a cancel did. */
class JobLedgerTest {
  private static final JobLimits LIMITS = new JobLimits(5, 5, 4);

  private static ItemResult result(int index, Outcome outcome) {
    return JobLedger.ended(new JobItem(index, "http://a/" + index, "f" + index, null), outcome, null, index);
  }

  @Test
  void theReportSoFarHasEveryResultInJobOrderWhenAllItemsAndTheStatusAgrees() {
    JobLedger ledger = new JobLedger("http://a", "/out", 4, 5, true);
    ledger.add(result(2, Outcome.NOT_FOUND), false);
    ledger.add(result(0, Outcome.ERROR), false);

    JobReport report = ledger.report(100, List.of(new LimitChange(50, 9, 9, 4)));
    assertEquals(List.of(0, 2), report.items().stream().map(ItemResult::index).toList());
    assertEquals(4, report.urls());
    assertEquals(1, report.limitChanges().size());
    JobStatus status = ledger.status(JobStatus.State.RUNNING, 1, 0, 100, LIMITS);
    assertEquals(JobStatus.State.RUNNING, status.state());
    assertEquals(List.of(2, 1, 1, 1), List.of(status.done(), status.counts().notFound(), status.counts().errors(), status.queued()));
    assertFalse(ledger.allDone());
  }

  @Test
  void withoutAllItemsOnlyTheFirstTenFailuresAreKept() {
    JobLedger ledger = new JobLedger("http://a", "/out", 30, 5, false);
    for (int i = 0; i < 30; i++) ledger.add(result(i, i % 2 == 0 ? Outcome.ERROR : Outcome.SKIPPED), false);
    JobReport report = ledger.report(1, List.of());
    assertEquals(10, report.items().size());
    assertEquals(15, report.counts().errors());
    assertEquals(15, report.counts().skipped());
    assertTrue(ledger.allDone());
    assertEquals(JobStatus.State.DONE, ledger.status(JobStatus.State.DRAINING, 0, 0, 1, LIMITS).state(), "every URL ended");
  }

  @Test
  void aCancelCountsWhatStillFinishedAfterItAndWhatWasCutOffOrSkippedIsNot() {
    JobLedger ledger = new JobLedger("http://a", "/out", 4, 5, true);
    assertNull(ledger.cancellation());
    ledger.cancelled(CancelSource.REQUEST, "enough", 10, 3);
    ledger.add(result(0, Outcome.SKIPPED), true);
    ledger.add(result(1, Outcome.NOT_FOUND), true);
    ledger.add(result(2, Outcome.CANCELLED), true);
    ledger.aborted(20);
    ledger.lastStopped(25);

    var cancellation = ledger.cancellation();
    assertEquals(1, cancellation.finishedAfterCancel());
    assertEquals(3, cancellation.inFlight());
    assertEquals(20.0, cancellation.abortedAtMs());
    assertEquals(25.0, cancellation.lastStoppedMs());
    assertEquals(cancellation, ledger.status(JobStatus.State.ABORTING, 1, 0, 30, LIMITS).cancellation());
  }

  private static ItemResult numbered(int index, Outcome outcome, int holder) {
    return result(index, outcome).withRenamed(new Renamed("a-" + (index + 1) + ".bin", "a.bin", "http://h/a.bin", "line 1",
        holder, null));
  }

  @Test
  void aNumberedNameSaysHowItsHolderEndedThoughTheHolderEndedLaterAndTheSameWithOrWithoutEveryItem() {
    for (boolean allItems : new boolean[] {true, false}) {
      JobLedger ledger = new JobLedger("http://a", "/out", 4, 5, allItems);
      ledger.add(numbered(1, Outcome.OK, 0), false);
      ledger.add(numbered(3, Outcome.OK, 2), false);
      ledger.add(result(0, Outcome.NOT_FOUND), false);
      ledger.add(result(2, Outcome.OK), false);
      JobReport report = ledger.report(1, List.of());
      List<ItemResult> renamed = report.items().stream().filter(Tally::isNumbered).toList();
      assertEquals(List.of(1, 3), renamed.stream().map(ItemResult::index).toList(), "allItems " + allItems);
      assertEquals(Outcome.NOT_FOUND, renamed.get(0).renamed().takenByOutcome());
      assertTrue(renamed.get(0).renamed().because().endsWith(", which was not found (names are chosen before anything is"
          + " fetched)"), renamed.get(0).renamed().because());
      assertNull(renamed.get(1).renamed().takenByOutcome(), "its holder saved its file");
      assertEquals(2, report.numbered());
    }
  }

  @Test
  void withoutAllItemsTheNumberedNamesOfTheLowestIndexesAreKeptWhateverOrderTheyEndedIn() {
    JobLedger ledger = new JobLedger("http://a", "/out", 3001, 5, false);
    for (int i = 3000; i >= 1; i--) ledger.add(numbered(i, Outcome.OK, 0), false);
    ledger.add(result(0, Outcome.ERROR), false);
    JobReport report = ledger.report(1, List.of());
    List<Integer> listed = report.items().stream().filter(Tally::isNumbered).map(ItemResult::index).toList();
    assertEquals(java.util.stream.IntStream.rangeClosed(1, JobReport.RENAMES_LISTED).boxed().toList(), listed);
    assertEquals(3000, report.numbered());
    assertEquals(1 + JobReport.RENAMES_LISTED, report.items().size(), "the failure and the first numbered names only");
    assertEquals(Outcome.ERROR, report.items().get(1).renamed().takenByOutcome());
  }

  @Test
  void aResultWithAnIndexOutsideTheJobOrAHolderOutsideItIsCountedButKeepsNothingAndBreaksNothing() {
    JobLedger ledger = new JobLedger("http://a", "/out", 2, 5, false);
    ledger.add(result(Integer.MAX_VALUE, Outcome.ERROR), false);
    ledger.add(result(-5, Outcome.NOT_FOUND), false);
    ledger.add(numbered(1, Outcome.OK, -7), false);
    ledger.add(numbered(0, Outcome.OK, Integer.MAX_VALUE), false);
    JobReport report = ledger.report(1, List.of());
    assertTrue(report.items().stream().filter(Tally::isNumbered).allMatch(item -> item.renamed().takenByOutcome() == null),
        report.items().toString());
  }
}
