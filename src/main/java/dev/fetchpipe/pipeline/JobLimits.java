package dev.fetchpipe.pipeline;

/**
 * A running job's limits, the ones it can change while it runs: the max-in-flight and max-per-host in effect
 * (max-per-host is never above max-in-flight; off shows as max-in-flight), the writer pool's threads, and the body
 * byte rates, the whole job's and each URL's (bytes a second, 0 for no limit).
 */
public record JobLimits(int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
    long maxBytesPerSecondPerUrl) {

  /** Limits with no byte rates. */
  public JobLimits(int maxInFlight, int maxPerHost, int writerThreads) {
    this(maxInFlight, maxPerHost, writerThreads, 0, 0);
  }
}
