package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One write with the writer and at most one waiting for it, in the order the bodies came. */
class WriteHandOffTest {
  private final WriteHandOff<String> writes = new WriteHandOff<>();

  @Test
  void aBodyGoesToTheWriterAtOnceWhenNothingIsWithIt() {
    assertFalse(writes.writing());
    assertEquals("a", writes.offer("a"));
    assertTrue(writes.writing());
    assertFalse(writes.waiting());
    assertNull(writes.ended());
    assertFalse(writes.writing());
  }

  @Test
  void aSecondBodyWaitsForTheFirstWriteAndGoesWhenItEnds() {
    writes.offer("a");
    assertNull(writes.offer("b"), "b waits");
    assertTrue(writes.waiting());
    assertEquals("b", writes.ended(), "a ended: b goes now");
    assertTrue(writes.writing());
    assertFalse(writes.waiting());
    assertEquals("c", writes.offer("c") == null ? writes.ended() : "sent at once", "c waited for b");
    assertNull(writes.ended());
    assertFalse(writes.writing());
  }

  @Test
  void aThirdBodyWhileOneWaitsIsABugNotASilentLoss() {
    writes.offer("a");
    writes.offer("b");
    assertThrows(IllegalStateException.class, () -> writes.offer("c"));
    assertEquals("b", writes.ended(), "the waiting write is kept");
  }

  @Test
  void anEndWithNothingWithTheWriterIsABug() {
    assertThrows(IllegalStateException.class, writes::ended);
  }
}
