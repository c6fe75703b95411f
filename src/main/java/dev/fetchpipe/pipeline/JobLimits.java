package dev.fetchpipe.pipeline;

/**
 * A running job's limits, the ones it can change while it runs: the max-in-flight and max-per-host in effect
 * (max-per-host is never above max-in-flight; off shows as max-in-flight), the writer pool's threads, the body
 * byte rates, the whole job's and each URL's (bytes a second, 0 for no limit), and each host's pace: the least
 * milliseconds between two request starts to one host and the most requests a second to one host (0 for none).
 */
public record JobLimits(int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
    long maxBytesPerSecondPerUrl, long perHostDelayMs, double perHostRate) {

  /** Limits with no byte rates and no pace. */
  public JobLimits(int maxInFlight, int maxPerHost, int writerThreads) {
    this(maxInFlight, maxPerHost, writerThreads, 0, 0);
  }

  /** Limits with no pace. */
  public JobLimits(int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
      long maxBytesPerSecondPerUrl) {
    this(maxInFlight, maxPerHost, writerThreads, maxBytesPerSecond, maxBytesPerSecondPerUrl, 0, 0);
  }

  /** True when the per-host pace differs from {@code other}'s. */
  public boolean paceDiffers(JobLimits other) {
    return perHostDelayMs != other.perHostDelayMs || perHostRate != other.perHostRate;
  }
}
