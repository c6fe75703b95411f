package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.ProgressText;

/** The spinner's line from its {@link Spinner.Progress}: the words are {@link ProgressText}'s, shared with the daemon's client. */
final class ProgressLine {
  private ProgressLine() {}

  static String of(Spinner.Progress p, int total, long bytesReceived, long elapsedMs) {
    return ProgressText.line(p.saved(), p.failed(), p.skipped(), p.inFlight(), total, bytesReceived, elapsedMs);
  }

  static String timeLeft(int done, int total, int skipped, long elapsedMs) {
    return ProgressText.timeLeft(done, total, skipped, elapsedMs);
  }
}
