package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void secondsAreReadAsAWait() {
    assertEquals(Duration.ofSeconds(1), RetryAfter.parse("1", NOW));
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse(" 120 ", NOW));
  }

  @Test
  void anHttpDateIsTheWaitUntilThen() {
    assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Sun, 22 Nov 2026 10:00:30 GMT", NOW));
    assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", NOW), "a date in the past: no wait");
  }

  @Test
  void anythingElseIsIgnored() {
    assertNull(RetryAfter.parse("soon", NOW));
    assertNull(RetryAfter.parse("-5", NOW));
    assertNull(RetryAfter.parse("1.5", NOW));
    assertNull(RetryAfter.parse("99999999999999", NOW));
  }
}
