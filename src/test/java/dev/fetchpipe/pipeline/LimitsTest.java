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
  void inAClusterMaxInFlightIsEachNodesAndMaxPerHostTheWholeClusters() {
    Limits off = Limits.acrossNodes(5, Integer.MAX_VALUE, 4, 1000);
    off.nodes(2);
    // Off: a host may get every node's slots, and the status says so.
    assertEquals(new JobLimits(5, 10, 4), off.current());
    assertEquals(Integer.MAX_VALUE, off.hostLimit(), "the queue does not hold hosts back");
    off.nodes(3);
    assertEquals(10 + 5, off.current().maxPerHost(), "a node joining raises it");

    // Given above one node's max-in-flight, it still holds across the cluster (not capped to 5 as on one node).
    Limits eight = Limits.acrossNodes(5, 8, 4, 1000);
    eight.nodes(2);
    assertEquals(new JobLimits(5, 8, 4), eight.current());
    assertEquals(8, eight.hostLimit());
    assertEquals(Integer.MAX_VALUE, eight.queueBound(), "compared with no single node's max-in-flight");
    eight.nodes(1);
    assertEquals(5, eight.current().maxPerHost(), "one node cannot have more than its slots from a host");
    assertTrue(eight.change(null, 3, null, 1));
    assertEquals(3, eight.hostLimit());

    Limits local = new Limits(5, 8, 4, 1000);
    assertEquals(new JobLimits(5, 5, 4), local.current());
    assertEquals(5, local.queueBound());
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
