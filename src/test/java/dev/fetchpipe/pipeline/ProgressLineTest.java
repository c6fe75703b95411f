package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void savedFailedAndSkippedAreCountedApartWithTheRateAndTheTimeLeft() {
    assertEquals("12/40 done (10 saved, 2 failed), 5 in flight, 2.0 MiB at 512.0 KiB/s, 4.0s, about 9s left",
        ProgressLine.of(new Spinner.Progress(10, 2, 0, 5), 40, 2 * 1024 * 1024, 4000));
  }

  @Test
  void afterACancelSkippedUrlsAreNotCountedAsSavedAndNoTimeLeftIsGuessed() {
    assertEquals("194/194 done (10 saved, 184 skipped), 0 in flight, 15.0 KiB at 5.0 KiB/s, 3.0s",
        ProgressLine.of(new Spinner.Progress(10, 0, 184, 0), 194, 15 * 1024, 3000));
  }

  @Test
  void bytesShowBeforeAnyUrlHasEnded() {
    // Four 2 MB bodies streaming: nothing saved yet, but 3 MiB arrived.
    assertEquals("0/4 done (0 saved), 4 in flight, 3.0 MiB at 1.5 MiB/s, 2.0s",
        ProgressLine.of(new Spinner.Progress(0, 0, 0, 4), 4, 3 * 1024 * 1024, 2000));
  }

  @Test
  void timeLeftIsTheRestAtThePaceSoFar() {
    assertNull(ProgressLine.timeLeft(0, 10, 0, 1000));
    assertNull(ProgressLine.timeLeft(10, 10, 0, 1000));
    assertEquals("9s", ProgressLine.timeLeft(1, 10, 0, 1000));
    assertEquals("2m 30s", ProgressLine.timeLeft(1, 11, 0, 15_000));
    assertEquals("2h 46m", ProgressLine.timeLeft(1, 1001, 0, 10_000));
  }
}
