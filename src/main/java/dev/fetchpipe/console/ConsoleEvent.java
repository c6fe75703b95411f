package dev.fetchpipe.console;

import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobStart;
import java.time.Duration;

/**
 * What the {@link Console} shows of a job, as plain data: a job run here makes these from its actors' events, and a
 * client of the daemon from the daemon's event stream, so that both print the same text. Each producer says what it
 * knows; where it does not know something (the daemon's cancel event has no grace period), the line says less.
 */
public sealed interface ConsoleEvent {

  /**
   * Before the job starts, the files an earlier run saved in its output dir are checked (hashed) to learn which can
   * be kept: {@code files} of {@code ofFiles} checked, {@code bytes} of {@code ofBytes} read, {@code elapsedMs} since
   * the job began (the check counts in its time).
   */
  record Checking(String outputDir, int files, int ofFiles, long bytes, long ofBytes, long elapsedMs)
      implements ConsoleEvent {}

  /** The job started: its header. */
  record Started(JobStart job) implements ConsoleEvent {}

  /**
   * How far the job is: the progress line's counts.
   *
   * @param saved   downloaded, or kept from an earlier run
   * @param failed  NOT_FOUND, ERROR or CANCELLED
   * @param skipped        never started (a cancel)
   * @param waitingToRetry not in flight: their fetchers wait to try them again
   * @param bytes          body bytes so far
   * @param msLeft         the job's estimate of the time left, null when it has none
   */
  record Progress(int saved, int failed, int skipped, int inFlight, int waitingToRetry, int total, long bytes,
      long elapsedMs, Long msLeft) implements ConsoleEvent {}

  /**
   * The first cancel.
   *
   * @param who   what cancelled and why, e.g. "Ctrl-C" or "deadline: 5 s passed"
   * @param grace how long the fetches in flight may take to finish; null when not known
   * @param again what aborts them now, e.g. "Ctrl-C again"
   */
  record Cancelling(String who, int inFlight, Duration grace, String again) implements ConsoleEvent {}

  /** The fetches still in flight are being cut off, and why. */
  record Aborting(String why, int inFlight) implements ConsoleEvent {}

  /** The job's limits changed at {@code atMs} (milliseconds since it started). */
  record Resized(double atMs, int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
      long maxBytesPerSecondPerUrl, long perHostDelayMs, double perHostRate) implements ConsoleEvent {

    /** A resize with no byte rates and no pace. */
    public Resized(double atMs, int maxInFlight, int maxPerHost, int writerThreads) {
      this(atMs, maxInFlight, maxPerHost, writerThreads, 0, 0, 0, 0);
    }
  }

  /** A host answered 429 (or 503 with Retry-After): none of its URLs starts until the pause ends. */
  record HostPaused(HostPause pause) implements ConsoleEvent {}

  /** A line the job's watcher should read, such as a host's robots.txt that could not be read. */
  record Warning(String text) implements ConsoleEvent {}

  /** The job is over: its summary, from the report. */
  record Ended(JobReport report) implements ConsoleEvent {}

  /** The job goes on, but is no longer shown here ({@code watch} detached): the progress line is wiped, nothing more. */
  record Detached() implements ConsoleEvent {}
}
