package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as messages say them: a reader need not divide 30000 ms by a thousand. */
class DurationsTest {

  @Test
  void durationsInMessagesAreInWordsAUserNeedNotDivide() {
    assertEquals("250 ms", Durations.words(Duration.ofMillis(250)));
    assertEquals("0 ms", Durations.words(Duration.ZERO));
    assertEquals("30 s", Durations.words(Duration.ofSeconds(30)));
    assertEquals("1.5 s", Durations.words(Duration.ofMillis(1500)));
    assertEquals("1.25 s", Durations.words(Duration.ofMillis(1250)));
    assertEquals("1 min", Durations.words(Duration.ofSeconds(60)));
    assertEquals("1 min 30 s", Durations.words(Duration.ofSeconds(90)));
    assertEquals("1 h", Durations.words(Duration.ofHours(1)));
    assertEquals("1 h 5 min", Durations.words(Duration.ofMinutes(65)));
  }
}
