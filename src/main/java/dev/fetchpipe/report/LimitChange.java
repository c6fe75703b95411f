package dev.fetchpipe.report;

/**
 * A resize of a running job: the limits in effect from then on.
 *
 * @param atMs                    when, in milliseconds since the job started
 * @param maxInFlight             most URLs in flight at once
 * @param maxPerHost              most URLs in flight at once from one host
 * @param writerThreads           threads writing files
 * @param maxBytesPerSecond       body bytes a second for the whole job, 0 for no limit
 * @param maxBytesPerSecondPerUrl body bytes a second for each URL, 0 for no limit
 * @param perHostDelayMs          least milliseconds between two request starts to one host, 0 for none
 * @param perHostRate             most requests a second to one host, 0 for no limit
 */
public record LimitChange(double atMs, int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
    long maxBytesPerSecondPerUrl, long perHostDelayMs, double perHostRate) {

  /** A change with no byte rates and no pace. */
  public LimitChange(double atMs, int maxInFlight, int maxPerHost, int writerThreads) {
    this(atMs, maxInFlight, maxPerHost, writerThreads, 0, 0);
  }

  /** A change with no pace. */
  public LimitChange(double atMs, int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
      long maxBytesPerSecondPerUrl) {
    this(atMs, maxInFlight, maxPerHost, writerThreads, maxBytesPerSecond, maxBytesPerSecondPerUrl, 0, 0);
  }
}
