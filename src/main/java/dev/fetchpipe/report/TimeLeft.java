package dev.fetchpipe.report;

import java.util.ArrayDeque;

/**
 * The estimate of a job's time left, at the pace of its last few seconds: the one computation behind the progress line
 * of {@code run} and of the daemon's client and the live page's "time left" (the job's supervisor makes it, its status
 * carries it). Two paces, the longer wins: the URLs still to end at the pace URLs ended, and the bytes still to come of
 * the bodies arriving now whose length is declared at the pace bytes arrive, so that the last URL, a big one, is not
 * "about 0 s" away. The recent pace, not the average since the start: after a resize, or a slow start, the average is
 * wrong for a long while. Fed on one thread (the supervisor's), often; it keeps a sample every {@link #EVERY_MS}.
 */
public final class TimeLeft {
  /** How far back the pace looks. */
  public static final long PACE_MS = 5_000;
  /** At most one sample this often, so a burst of status calls keeps the window long enough. */
  static final long EVERY_MS = 250;

  private record Sample(long atMs, int done, long bytes) {}

  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  /**
   * @param elapsedMs      since the job started
   * @param done           URLs ended, whichever way
   * @param bytes          body bytes received so far
   * @param knownBytesLeft bytes still to come of bodies arriving now whose length is declared
   * @return milliseconds left, or null when there is no pace to go by yet (or nothing is left)
   */
  public Long estimate(long elapsedMs, int done, int total, long bytes, long knownBytesLeft) {
    Sample now = new Sample(elapsedMs, done, bytes);
    if (samples.isEmpty() || elapsedMs - samples.peekLast().atMs() >= EVERY_MS) samples.addLast(now);
    // Keep one sample at or before the window's start, so the pace spans the whole window.
    while (samples.size() > 2 && samples.stream().skip(1).findFirst().orElseThrow().atMs() <= elapsedMs - PACE_MS) {
      samples.removeFirst();
    }
    if (done >= total) return null;
    Sample first = samples.peekFirst();
    long spanMs = elapsedMs - first.atMs();
    if (spanMs <= 0) return null;
    double urlsPerMs = (done - first.done()) / (double) spanMs;
    double bytesPerMs = (bytes - first.bytes()) / (double) spanMs;
    Double byUrls = urlsPerMs > 0 ? (total - done) / urlsPerMs : null;
    Double byBytes = knownBytesLeft > 0 && bytesPerMs > 0 ? knownBytesLeft / bytesPerMs : null;
    if (byUrls == null && byBytes == null) return null;
    return Math.round(Math.max(byUrls == null ? 0 : byUrls, byBytes == null ? 0 : byBytes));
  }
}
