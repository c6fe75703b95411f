package dev.fetchpipe.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The words of the progress line, the same for a job run here and one followed on a daemon. */
class ProgressTextTest {

  @Test
  void savedFailedAndSkippedAreCountedApartWithTheRateAndTheJobsTimeLeft() {
    assertEquals("12/40 done (10 saved, 2 failed), 5 in flight, 2.0 MiB at 512.0 KiB/s, 4.0s, about 9s left",
        ProgressText.line(10, 2, 0, 5, 0, 40, 2 * 1024 * 1024, 4000, 9_200L));
  }

  @Test
  void urlsWaitingToRetryAreShownApartFromThoseInFlight() {
    assertEquals("3/10 done (3 saved), 1 in flight, 2 waiting to retry, 3.0 KiB at 1.5 KiB/s, 2.0s",
        ProgressText.line(3, 0, 0, 1, 2, 10, 3 * 1024, 2000, null));
  }

  @Test
  void afterACancelSkippedUrlsAreNotCountedAsSavedAndNoTimeLeftIsShownAtTheEnd() {
    assertEquals("194/194 done (10 saved, 184 skipped), 0 in flight, 15.0 KiB at 5.0 KiB/s, 3.0s",
        ProgressText.line(10, 0, 184, 0, 0, 194, 15 * 1024, 3000, 5_000L));
  }

  @Test
  void bytesShowBeforeAnyUrlHasEnded() {
    // Four 2 MB bodies streaming: nothing saved yet, but 3 MiB arrived.
    assertEquals("0/4 done (0 saved), 4 in flight, 3.0 MiB at 1.5 MiB/s, 2.0s, about 3s left",
        ProgressText.line(0, 0, 0, 4, 0, 4, 3 * 1024 * 1024, 2000, 2_600L));
  }

  @Test
  void theTimeLeftInWords() {
    assertEquals("0s", ProgressText.timeLeft(200));
    assertEquals("9s", ProgressText.timeLeft(9_000));
    assertEquals("2m 30s", ProgressText.timeLeft(150_000));
    assertEquals("2h 46m", ProgressText.timeLeft(9_999_000));
  }
}
