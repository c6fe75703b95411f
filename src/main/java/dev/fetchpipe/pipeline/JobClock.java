package dev.fetchpipe.pipeline;

/** Milliseconds since the job started, from one monotonic clock shared by every actor of the job. */
public record JobClock(long startNanos) {

  /** When every URL joined the supervisor's queue: the whole plan is queued as the job starts. */
  public static final double QUEUED_MS = 0.0;

  public static JobClock startNow() {
    return new JobClock(System.nanoTime());
  }

  /** Fractional milliseconds since the start, rounded to microseconds: the report's timings. */
  public double millis() {
    return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
  }

  public long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
