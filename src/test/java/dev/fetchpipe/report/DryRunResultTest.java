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
}
