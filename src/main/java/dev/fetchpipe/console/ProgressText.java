package dev.fetchpipe.console;

import java.util.Locale;

/**
 * The words of a job's progress line: how many URLs have ended, and how (saved, failed and skipped apart: after a
 * cancel, skipped URLs are "done" without anything saved), how many are in flight and waiting to retry, the bytes so
 * far and their rate, the time, and the job's estimate of the time left (made where the job runs, so that the terminal
 * and the live page show the same one). Plain code with no actor in it, so that {@link Console} prints the same
 * line for a job run here and for a daemon's job its client follows (which loads no Pekko).
 */
public final class ProgressText {
  private ProgressText() {}

  /**
   * E.g. {@code 12/40 done (10 saved, 2 failed), 5 in flight, 2 waiting to retry, 2.0 MiB at 512.0 KiB/s, 4.0s, about
   * 9s left}.
   *
   * @param msLeft the job's estimate of the time left; null when it has none
   */
  public static String line(int saved, int failed, int skipped, int inFlight, int waitingToRetry, int total, long bytes,
      long elapsedMs, Long msLeft) {
    int done = saved + failed + skipped;
    StringBuilder line = new StringBuilder(96);
    line.append(done).append('/').append(total).append(" done (").append(saved).append(" saved");
    if (failed > 0) line.append(", ").append(failed).append(" failed");
    if (skipped > 0) line.append(", ").append(skipped).append(" skipped");
    line.append("), ").append(inFlight).append(" in flight, ");
    if (waitingToRetry > 0) line.append(waitingToRetry).append(" waiting to retry, ");
    line.append(humanBytes(bytes));
    double seconds = elapsedMs / 1000.0;
    if (seconds >= 0.5) line.append(" at ").append(humanBytes(Math.round(bytes / seconds))).append("/s");
    line.append(String.format(Locale.ROOT, ", %.1fs", seconds));
    if (msLeft != null && done < total) line.append(", about ").append(timeLeft(msLeft)).append(" left");
    return line.toString();
  }

  /** The time left in words: {@code 9s}, {@code 2m 30s}, {@code 2h 46m}. */
  public static String timeLeft(long msLeft) {
    long leftSeconds = Math.round(msLeft / 1000.0);
    if (leftSeconds < 60) return leftSeconds + "s";
    if (leftSeconds < 3600) return leftSeconds / 60 + "m " + leftSeconds % 60 + "s";
    return leftSeconds / 3600 + "h " + leftSeconds % 3600 / 60 + "m";
  }

  public static String humanBytes(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
