package dev.fetchpipe.report;

/**
 * A resize of a running job: the limits in effect from then on.
 *
 * @param atMs          when, in milliseconds since the job started
 * @param maxInFlight   most URLs in flight at once
 * @param maxPerHost    most URLs in flight at once from one host
 * @param writerThreads threads writing files
 */
public record LimitChange(double atMs, int maxInFlight, int maxPerHost, int writerThreads) {}
