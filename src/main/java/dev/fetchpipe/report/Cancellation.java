package dev.fetchpipe.report;

import java.time.Duration;

/**
 * What a cancel did to a job. Times are milliseconds since the job started.
 *
 * @param source              what asked for it
 * @param reason              one line saying why, e.g. "2s passed" (a deadline) or "3 URLs ended in ERROR"
 * @param atMs                when the first Cancel arrived
 * @param inFlight            requests in flight at that moment
 * @param finishedAfterCancel how many of those still ended on their own (OK, NOT_FOUND or ERROR) rather than cut off
 * @param abortedAtMs         when the grace period ended or a second cancel aborted the rest; null if never needed
 * @param lastStoppedMs       when the last fetcher actor stopped
 */
public record Cancellation(
    CancelSource source,
    String reason,
    double atMs,
    int inFlight,
    int finishedAfterCancel,
    Double abortedAtMs,
    Double lastStoppedMs) {

  /** A grace period or deadline as the cancel's lines say it: whole seconds as "5s", anything else in milliseconds. */
  public static String duration(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }
}
