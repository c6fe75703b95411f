package dev.fetchpipe.report;

import java.util.Locale;

/** The words of a progress line, shared by the spinner of a job run here and the client that follows a daemon's job. */
public final class ProgressText {
  private ProgressText() {}

  /** E.g. {@code 12/20 done, 5 in flight, 1.4 KiB, 1.3s}. */
  public static String counts(int done, int total, int inFlight, long bytes, double elapsedMs) {
    return String.format(Locale.ROOT, "%d/%d done, %d in flight, %s, %.1fs",
        done, total, inFlight, humanBytes(bytes), elapsedMs / 1000.0);
  }

  public static String humanBytes(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
