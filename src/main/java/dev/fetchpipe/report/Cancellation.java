package dev.fetchpipe.report;

import java.time.Duration;

/**
 * What a cancel did to a job. Times are milliseconds since the job started.
 *
 * @param source              what asked for it
 * @param reason              one line saying why, e.g. "2 s passed" (a deadline) or "3 URLs ended in ERROR"
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

  /** A grace period or deadline as the cancel's lines say it, in words: "5 s", "300 ms", "1 min 30 s". */
  public static String duration(Duration duration) {
    return Durations.words(duration);
  }
}
