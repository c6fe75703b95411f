package dev.fetchpipe.pipeline;

import java.util.Locale;

/**
 * The text of a job's progress line: how many URLs have ended, and how (saved, failed and skipped apart: after a
 * cancel, skipped URLs are "done" without anything saved), how many are in flight, the bytes received so far
 * (streamed bodies as they arrive) and their rate, the time, and an estimate of the time left.
 */
final class ProgressLine {
  private ProgressLine() {}

  static String of(Spinner.Progress p, int total, long bytesReceived, long elapsedMs) {
    int done = p.saved() + p.failed() + p.skipped();
    StringBuilder line = new StringBuilder(96);
    line.append(done).append('/').append(total).append(" done (").append(p.saved()).append(" saved");
    if (p.failed() > 0) line.append(", ").append(p.failed()).append(" failed");
    if (p.skipped() > 0) line.append(", ").append(p.skipped()).append(" skipped");
    line.append("), ").append(p.inFlight()).append(" in flight, ").append(Spinner.humanBytes(bytesReceived));
    double seconds = elapsedMs / 1000.0;
    if (seconds >= 0.5) line.append(" at ").append(Spinner.humanBytes(Math.round(bytesReceived / seconds))).append("/s");
    line.append(String.format(Locale.ROOT, ", %.1fs", seconds));
    String left = timeLeft(done, total, p.skipped(), elapsedMs);
    if (left != null) line.append(", about ").append(left).append(" left");
    return line.toString();
  }

  /**
   * The URLs still to end at the pace of those that ended so far; none before the first ends, at the end, or after a
   * cancel (skipped URLs), when the rest is a matter of the grace, not the pace.
   */
  static String timeLeft(int done, int total, int skipped, long elapsedMs) {
    if (done == 0 || done >= total || skipped > 0) return null;
    long leftSeconds = Math.round(elapsedMs / 1000.0 * (total - done) / done);
    if (leftSeconds < 60) return leftSeconds + "s";
    if (leftSeconds < 3600) return leftSeconds / 60 + "m " + leftSeconds % 60 + "s";
    return leftSeconds / 3600 + "h " + leftSeconds % 3600 / 60 + "m";
  }
}
