package dev.fetchpipe.console;

import java.util.Locale;

/**
 * The words of a job's progress line: how many URLs have ended, and how (saved, failed and skipped apart: after a
 * cancel, skipped URLs are "done" without anything saved), how many are in flight, the bytes so far and their rate,
 * the time, and an estimate of the time left. Plain code with no actor in it, so that {@link Console} prints the same
 * line for a job run here and for a daemon's job its client follows (which loads no Pekko).
 */
public final class ProgressText {
  private ProgressText() {}

  /** E.g. {@code 12/40 done (10 saved, 2 failed), 5 in flight, 2.0 MiB at 512.0 KiB/s, 4.0s, about 9s left}. */
  public static String line(int saved, int failed, int skipped, int inFlight, int total, long bytes, long elapsedMs) {
    int done = saved + failed + skipped;
    StringBuilder line = new StringBuilder(96);
    line.append(done).append('/').append(total).append(" done (").append(saved).append(" saved");
    if (failed > 0) line.append(", ").append(failed).append(" failed");
    if (skipped > 0) line.append(", ").append(skipped).append(" skipped");
    line.append("), ").append(inFlight).append(" in flight, ").append(humanBytes(bytes));
    double seconds = elapsedMs / 1000.0;
    if (seconds >= 0.5) line.append(" at ").append(humanBytes(Math.round(bytes / seconds))).append("/s");
    line.append(String.format(Locale.ROOT, ", %.1fs", seconds));
    String left = timeLeft(done, total, skipped, elapsedMs);
    if (left != null) line.append(", about ").append(left).append(" left");
    return line.toString();
  }

  /**
   * The URLs still to end at the pace of those that ended so far; none before the first ends, at the end, or after a
   * cancel (skipped URLs), when the rest is a matter of the grace, not the pace.
   */
  public static String timeLeft(int done, int total, int skipped, long elapsedMs) {
    if (done == 0 || done >= total || skipped > 0) return null;
    long leftSeconds = Math.round(elapsedMs / 1000.0 * (total - done) / done);
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
