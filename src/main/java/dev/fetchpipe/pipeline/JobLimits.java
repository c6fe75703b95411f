package dev.fetchpipe.pipeline;

/**
 * A running job's limits, the ones it can change while it runs: the max-in-flight and max-per-host in effect
 * (max-per-host is never above max-in-flight; off shows as max-in-flight) and the writer pool's threads.
 */
public record JobLimits(int maxInFlight, int maxPerHost, int writerThreads) {}
