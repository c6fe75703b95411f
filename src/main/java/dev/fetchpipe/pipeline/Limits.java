package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.LimitChange;
import java.util.ArrayList;
import java.util.List;

/**
 * A running job's limits and their changes: plain data, no actors. Max-per-host is kept as asked and applied as at
 * most max-in-flight, as the settings do: a max-per-host that was off (or not below max-in-flight) follows
 * max-in-flight when it changes; one set by a resize stays as set, and binds again once max-in-flight rises above it.
 */
final class Limits {
  /** The most writer threads a resize may ask for, as fetchpipe.blocking-io-dispatcher's fixed-pool-size allows. */
  static final int MAX_WRITER_THREADS = 1024;
  /** Max-per-host as asked when it is off: no host limit below max-in-flight. */
  private static final int OFF = Integer.MAX_VALUE;

  private final int ceiling;
  private int maxInFlight;
  private int askedPerHost;
  private int writerThreads;
  private final List<LimitChange> changes = new ArrayList<>();

  /** @param ceiling the highest max-in-flight and max-per-host a resize may ask for (Pekko HTTP's pool fits it) */
  Limits(int maxInFlight, int maxPerHost, int writerThreads, int ceiling) {
    this.ceiling = ceiling;
    this.maxInFlight = maxInFlight;
    this.askedPerHost = maxPerHost < maxInFlight ? maxPerHost : OFF;
    this.writerThreads = writerThreads;
  }

  JobLimits current() {
    return new JobLimits(maxInFlight, Math.min(askedPerHost, maxInFlight), writerThreads);
  }

  /** Every change so far, in order. */
  List<LimitChange> changes() {
    return List.copyOf(changes);
  }

  /**
   * Applies a resize (a null value stays as it is) and returns true when the limits in effect changed, then listed
   * in {@link #changes()}. Refused, changing nothing, when a value is below 1, max-in-flight or max-per-host is above
   * the ceiling, or writer threads above {@value #MAX_WRITER_THREADS}: see {@link #allows}.
   */
  boolean change(Integer newMaxInFlight, Integer newMaxPerHost, Integer newWriterThreads, double atMs) {
    if (!allows(newMaxInFlight, newMaxPerHost, newWriterThreads)) return false;
    JobLimits before = current();
    if (newMaxInFlight != null) maxInFlight = newMaxInFlight;
    if (newMaxPerHost != null) askedPerHost = newMaxPerHost;
    if (newWriterThreads != null) writerThreads = newWriterThreads;
    JobLimits after = current();
    if (after.equals(before)) return false;
    changes.add(new LimitChange(atMs, after.maxInFlight(), after.maxPerHost(), after.writerThreads()));
    return true;
  }

  /** True when every value given is within its bounds. */
  boolean allows(Integer newMaxInFlight, Integer newMaxPerHost, Integer newWriterThreads) {
    return within(newMaxInFlight, ceiling) && within(newMaxPerHost, ceiling) && within(newWriterThreads, MAX_WRITER_THREADS);
  }

  private static boolean within(Integer value, int most) {
    return value == null || (value >= 1 && value <= most);
  }
}
