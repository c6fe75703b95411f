package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {
  private final RetrySettings retry =
      new RetrySettings(10, Duration.ofMillis(200), Duration.ofSeconds(1), 0.5, Duration.ofSeconds(60));

  @Test
  void theWaitDoublesFromMinBackoffUpToMaxBackoff() {
    assertEquals(Duration.ofMillis(200), retry.backoff(1, 0.0));
    assertEquals(Duration.ofMillis(400), retry.backoff(2, 0.0));
    assertEquals(Duration.ofMillis(800), retry.backoff(3, 0.0));
    assertEquals(Duration.ofSeconds(1), retry.backoff(4, 0.0));
    assertEquals(Duration.ofSeconds(1), retry.backoff(80, 0.0), "no overflow however many attempts");
  }

  @Test
  void randomnessStretchesTheWaitByUpToTheRandomFactor() {
    assertEquals(Duration.ofMillis(300), retry.backoff(1, 1.0));
    assertEquals(Duration.ofMillis(1500), retry.backoff(9, 1.0), "the cap is stretched too, so capped retries still spread");
  }
}
