package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.LimitChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A running job's limits: what a resize may ask, what is in effect after, and the list of changes. */
class LimitsTest {

  @Test
  void aResizeChangesOnlyWhatItGivesAndIsListed() {
    Limits limits = new Limits(20, 5, 4, 100);
    assertEquals(new JobLimits(20, 5, 4), limits.current());

    assertTrue(limits.change(50, null, null, 12.5));
    assertTrue(limits.change(null, null, 2, 30));

    assertEquals(new JobLimits(50, 5, 2), limits.current());
    assertEquals(List.of(new LimitChange(12.5, 50, 5, 4), new LimitChange(30, 50, 5, 2)), limits.changes());
  }

  @Test
  void maxPerHostThatWasOffFollowsMaxInFlightAndOneSetByAResizeStaysAsSet() {
    Limits limits = new Limits(20, 20, 4, 100);
    assertTrue(limits.change(50, null, null, 1));
    assertEquals(new JobLimits(50, 50, 4), limits.current(), "off follows max-in-flight up");

    assertTrue(limits.change(null, 30, null, 2));
    assertTrue(limits.change(10, null, null, 3));
    assertEquals(new JobLimits(10, 10, 4), limits.current(), "never above max-in-flight");
    assertTrue(limits.change(80, null, null, 4));
    assertEquals(new JobLimits(80, 30, 4), limits.current(), "the asked 30 binds again once max-in-flight is above it");
  }

  @Test
  void valuesOutOfBoundsAreRefusedAndChangeNothing() {
    Limits limits = new Limits(20, 20, 4, 100);
    assertFalse(limits.change(101, null, null, 1), "above the ceiling");
    assertFalse(limits.change(null, 101, null, 1), "per host above the ceiling");
    assertFalse(limits.change(0, null, null, 1));
    assertFalse(limits.change(50, null, 0, 1), "one bad value refuses the whole resize");
    assertFalse(limits.change(null, null, Limits.MAX_WRITER_THREADS + 1, 1));
    assertEquals(new JobLimits(20, 20, 4), limits.current());
    assertEquals(List.of(), limits.changes());
  }

  @Test
  void aResizeToTheSameLimitsIsNoChange() {
    Limits limits = new Limits(20, 5, 4, 100);
    assertFalse(limits.change(20, 5, 4, 1));
    assertFalse(limits.change(null, null, null, 1));
    assertEquals(List.of(), limits.changes());
    assertTrue(limits.allows(100, 100, Limits.MAX_WRITER_THREADS));
  }
}
