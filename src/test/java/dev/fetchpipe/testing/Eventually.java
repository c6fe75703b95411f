package dev.fetchpipe.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waiting for something that happens a moment later (a counter an origin updates, a job's state, a line a process
 * prints) without guessing how long: the probe is asked again and again, a little less often each time, until its
 * answer is the one wanted, and the test fails with the last answer if it never comes. Tests read as "eventually this
 * holds" instead of hand-written loops with {@code Thread.sleep}.
 */
public final class Eventually {
  private static final long FIRST_PAUSE_MS = 5;
  private static final long LONGEST_PAUSE_MS = 100;

  private Eventually() {}

  /**
   * The probe's first answer that {@code wanted} accepts. An exception or assertion error from the probe ends the
   * wait at once (a process that died will not print the line later).
   *
   * @throws AssertionError naming {@code what} and the last answer, when none was accepted within {@code timeout}
   */
  public static <T> T eventually(Duration timeout, String what, Callable<T> probe, Predicate<? super T> wanted)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MS;
    while (true) {
      T answer = probe.call();
      if (wanted.test(answer)) return answer;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not in " + timeout.toMillis() + " ms: " + what + "; last: " + answer);
      }
      Thread.sleep(pause);
      pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
    }
  }

  /** Waits until {@code condition} holds. */
  public static void eventually(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
    eventually(timeout, what, condition, Boolean.TRUE::equals);
  }
}
