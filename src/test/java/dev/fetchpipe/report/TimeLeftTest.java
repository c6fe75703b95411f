package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one estimate of the time left that the terminal and the live page both show. */
class TimeLeftTest {

  @Test
  void noPaceNoEstimate() {
    TimeLeft left = new TimeLeft();
    assertNull(left.estimate(0, 0, 10, 0, 0), "a single sample has no pace");
    assertNull(left.estimate(1000, 0, 10, 0, 0), "nothing ended and no length declared");
    assertNull(left.estimate(2000, 10, 10, 0, 0), "nothing is left");
  }

  @Test
  void theUrlsLeftAtTheRecentPace() {
    TimeLeft left = new TimeLeft();
    left.estimate(0, 0, 100, 0, 0);
    assertEquals(18_000L, left.estimate(2000, 10, 100, 0, 0), "10 URLs in 2 s: 90 more in 18 s");
  }

  @Test
  void afterAResizeThePaceOfTheLastSecondsCountsNotTheAverageSinceTheStart() {
    TimeLeft left = new TimeLeft();
    // 60 s at 1 URL a second, then 10 a second after a resize up.
    int done = 0;
    for (long t = 0; t <= 60_000; t += 500) left.estimate(t, done = (int) (t / 1000), 1000, 0, 0);
    Long estimate = null;
    for (long t = 60_500; t <= 70_000; t += 500) estimate = left.estimate(t, done += 5, 1000, 0, 0);
    // 160 done at 70 s: the average since the start says 840 / (160 / 70 s) = 367.5 s; the pace now says 84 s.
    assertEquals(84_000L, estimate);
  }

  @Test
  void aBigBodyStillArrivingCountsByItsBytesSoTheLastUrlIsNotAboutZeroSecondsAway() {
    TimeLeft left = new TimeLeft();
    long mb = 1_000_000;
    left.estimate(0, 0, 500, 0, 50 * mb);
    // 499 small URLs ended in 2 s; of the big one 10 MB of 50 arrived (5 MB a second).
    Long estimate = left.estimate(2000, 499, 500, 10 * mb + 499_000, 40 * mb);
    assertTrue(estimate != null && estimate >= 7_500 && estimate <= 8_000, "40 MB at about 5 MB/s: " + estimate);
  }

  @Test
  void aStallWithNoByteAndNoUrlHasNoEstimateRatherThanAWrongOne() {
    TimeLeft left = new TimeLeft();
    left.estimate(0, 5, 10, 100, 0);
    for (long t = 250; t <= 10_000; t += 250) left.estimate(t, 5, 10, 100, 0);
    assertNull(left.estimate(10_250, 5, 10, 100, 0));
  }
}
