package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The totals of a dry run from its probes, whatever sizes the servers claim. */
class DryRunResultTest {
  private static Probe answered(int index, Integer status, Long size) {
    return new Probe(index, "http://h/" + index, String.valueOf(index), status, size, "HEAD", null, null, false);
  }

  @Test
  void sizesAddUpWithoutWrappingAroundAndOnlyForWhatWouldBeSaved() {
    DryRunResult result = new DryRunResult("h", 2, "out", List.of(answered(0, 200, Long.MAX_VALUE - 1),
        answered(1, 200, 5L), answered(2, 503, 7L), answered(3, 200, null),
        new Probe(4, "http://h/4", "4", null, 9L, null, null, null, true)));
    assertEquals(Long.MAX_VALUE, result.totalSize());
    assertEquals(1, result.sizesUnknown());
    assertEquals(4, result.fine(), "the 2xx and the kept one");
    assertEquals(1, result.exitCode());
  }

  @Test
  void aNumberedNameSaysHowItsHolderWouldEndAsTheRunsSummaryWould() {
    Renamed why = new Renamed("1-2", "1", "http://h/1", "line 2", 1, null);
    Probe numbered = answered(2, 200, 5L).withRenamed(why);
    DryRunResult result = new DryRunResult("h", 2, "out", List.of(answered(0, 200, 1L), answered(1, 404, null), numbered,
        answered(3, 200, 1L).withRenamed(new Renamed("0-2", "0", "http://h/0", "line 1", 0, null)),
        answered(4, 200, 1L).withRenamed(new Renamed("x-2", "x", "http://h/x", "line 9", 99, null))));
    assertEquals(why.holderEnded(Outcome.NOT_FOUND), result.renamed(numbered));
    assertEquals(null, result.renamed(result.probes().get(3)).takenByOutcome(), "its holder would be saved");
    assertEquals(null, result.renamed(result.probes().get(4)).takenByOutcome(), "no such holder: nothing said");
    assertEquals(null, result.renamed(result.probes().get(0)));
  }
}
