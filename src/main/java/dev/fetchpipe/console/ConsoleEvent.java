package dev.fetchpipe.console;

import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobStart;
import java.time.Duration;

/**
 * What the {@link Console} shows of a job, as plain data: a job run here makes these from its actors' events, and a
 * client of the daemon from the daemon's event stream, so that both print the same text. Each producer says what it
 * knows; where it does not know something (the daemon's cancel event has no grace period), the line says less.
 */
public sealed interface ConsoleEvent {

  /** The job started: its header. */
  record Started(JobStart job) implements ConsoleEvent {}

  /**
   * How far the job is: the progress line's counts.
   *
   * @param saved   downloaded, or kept from an earlier run
   * @param failed  NOT_FOUND, ERROR or CANCELLED
   * @param skipped never started (a cancel)
   * @param bytes   body bytes so far
   */
  record Progress(int saved, int failed, int skipped, int inFlight, int total, long bytes, long elapsedMs)
      implements ConsoleEvent {}

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
  record Resized(double atMs, int maxInFlight, int maxPerHost, int writerThreads) implements ConsoleEvent {}

  /** The job is over: its summary, from the report. */
  record Ended(JobReport report) implements ConsoleEvent {}

  /** The job goes on, but is no longer shown here ({@code watch} detached): the progress line is wiped, nothing more. */
  record Detached() implements ConsoleEvent {}
}
