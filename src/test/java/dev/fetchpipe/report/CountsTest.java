package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One count per way a URL ends, and the sums the summary, the progress line and the exit code are made of. */
class CountsTest {

  @Test
  void eachOutcomeAddsToItsOwnCountOnly() {
    for (Outcome outcome : Outcome.values()) {
      Counts one = Counts.NONE.plus(outcome);
      for (Outcome other : Outcome.values()) {
        assertEquals(other == outcome ? 1 : 0, one.of(other), outcome + " counted as " + other);
      }
      assertEquals(1, one.done());
    }
  }

  @Test
  void theSumsGroupTheOutcomesAsTheSummaryDoes() {
    Counts counts = new Counts(1, 2, 64, 4, 8, 16, 32);
    assertEquals(127, counts.done());
    assertEquals(67, counts.saved(), "OK, KEPT and UNCHANGED: the file is there");
    assertEquals(28, counts.failed(), "NOT_FOUND, ERROR and CANCELLED: listed one per line");
    assertEquals(48, counts.stopped(), "CANCELLED and SKIPPED: what a cancel did");
  }

  @Test
  void aTallyCountsAsTheResultsArrive() {
    Tally tally = Tally.of(JobReportTest.results(Outcome.OK, Outcome.KEPT, Outcome.ERROR, Outcome.OK, Outcome.SKIPPED));
    assertEquals(new Counts(2, 1, 0, 0, 1, 0, 1), tally.counts());
    assertEquals(20, tally.bytes(), "bytes of the OK files only");
  }
}
