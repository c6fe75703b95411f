package dev.fetchpipe.pipeline;

/** Milliseconds since the job started, from one monotonic clock shared by every actor of the job. */
public record JobClock(long startNanos) {

  /** When every URL joined the supervisor's queue: the whole plan is queued as the job starts. */
  public static final double QUEUED_MS = 0.0;

  public static JobClock startNow() {
    return new JobClock(System.nanoTime());
  }

  /**
   * The clock of a job that started at this wall-clock time, possibly in another JVM: a node of a cluster times its
   * part of a job on the coordinator's clock (as well as the machines' clocks agree).
   */
  public static JobClock startedAt(long epochMillis) {
    return new JobClock(System.nanoTime() - (System.currentTimeMillis() - epochMillis) * 1_000_000);
  }

  /** When the job started, as wall-clock time: what {@link #startedAt} takes on another node. */
  public long startEpochMillis() {
    return System.currentTimeMillis() - elapsedMillis();
  }

  /** Fractional milliseconds since the start, rounded to microseconds: the report's timings. */
  public double millis() {
    return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
  }

  public long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
