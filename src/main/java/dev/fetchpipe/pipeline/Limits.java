package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.ByteRates;
import dev.fetchpipe.config.PerHostPace;
import dev.fetchpipe.report.LimitChange;
import java.util.ArrayList;
import java.util.List;

/**
 * A running job's limits and their changes: plain data, no actors. Max-per-host is kept as asked and applied as at
 * most max-in-flight, as the settings do: a max-per-host that was off (or not below max-in-flight) follows
 * max-in-flight when it changes; one set by a resize stays as set, and binds again once max-in-flight rises above it.
 *
 * <p>In a cluster ({@link #acrossNodes}) max-in-flight is each node's, and max-per-host holds for the whole cluster:
 * as given, or, when off, every node's slots together (max-in-flight times the nodes in the job), which is what a
 * host then gets at most. So what the status says is what the origin sees.
 */
final class Limits {
  /** The most writer threads a resize may ask for, as fetchpipe.blocking-io-dispatcher's fixed-pool-size allows. */
  static final int MAX_WRITER_THREADS = 1024;
  /** Max-per-host as asked when it is off: no host limit below max-in-flight. */
  private static final int OFF = Integer.MAX_VALUE;

  private final int ceiling;
  /** A cluster's limits: max-in-flight on each node, max-per-host across them all. */
  private final boolean acrossNodes;
  /** The nodes fetching for the job now (in a cluster). */
  private int nodes = 1;
  private int maxInFlight;
  private int askedPerHost;
  private int writerThreads;
  /** Body bytes a second, the whole job's (a cluster's, all its nodes together) and each URL's; 0 for no limit. */
  private long jobRate;
  private long urlRate;
  /** Each host's pace: least milliseconds between two request starts, most requests a second; 0 for none. */
  private long hostDelayMs;
  private double hostRate;
  private final List<LimitChange> changes = new ArrayList<>();

  /** @param ceiling the highest max-in-flight and max-per-host a resize may ask for (Pekko HTTP's pool fits it) */
  Limits(int maxInFlight, int maxPerHost, int writerThreads, int ceiling) {
    this(maxInFlight, maxPerHost < maxInFlight ? maxPerHost : OFF, writerThreads, ceiling, false);
  }

  private Limits(int maxInFlight, int askedPerHost, int writerThreads, int ceiling, boolean acrossNodes) {
    this.ceiling = ceiling;
    this.maxInFlight = maxInFlight;
    this.askedPerHost = askedPerHost;
    this.writerThreads = writerThreads;
    this.acrossNodes = acrossNodes;
  }

  /**
   * A cluster job's limits: {@code maxInFlight} on each node, {@code maxPerHostGiven} (not capped by max-in-flight;
   * {@code Integer.MAX_VALUE} when off) across the whole cluster.
   */
  static Limits acrossNodes(int maxInFlight, int maxPerHostGiven, int writerThreads, int ceiling) {
    return new Limits(maxInFlight, maxPerHostGiven, writerThreads, ceiling, true);
  }

  /** The per-host pace the job starts with; returns this. */
  Limits pace(long perHostDelayMs, double perHostRate) {
    hostDelayMs = perHostDelayMs;
    hostRate = perHostRate;
    return this;
  }

  /** The byte rates the job starts with; returns this. */
  Limits rates(long jobBytesPerSecond, long urlBytesPerSecond) {
    jobRate = jobBytesPerSecond;
    urlRate = urlBytesPerSecond;
    return this;
  }

  JobLimits current() {
    if (!acrossNodes) {
      return new JobLimits(maxInFlight, Math.min(askedPerHost, maxInFlight), writerThreads, jobRate, urlRate,
          hostDelayMs, hostRate);
    }
    long everyNode = (long) maxInFlight * Math.max(1, nodes);
    return new JobLimits(maxInFlight, (int) Math.min(askedPerHost, everyNode), writerThreads, jobRate, urlRate,
        hostDelayMs, hostRate);
  }

  /** How many nodes fetch for the job now: with max-per-host off, a host may get all their slots. */
  void nodes(int count) {
    nodes = count;
  }

  /** The most URLs of one host the job's queue lets be in flight at once ({@code Integer.MAX_VALUE}: no limit). */
  int hostLimit() {
    return acrossNodes ? askedPerHost : current().maxPerHost();
  }

  /** What the queue compares {@link #hostLimit} with: the job's own max-in-flight, or none across a cluster. */
  int queueBound() {
    return acrossNodes ? Integer.MAX_VALUE : maxInFlight;
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
    return change(LimitOrder.counts(newMaxInFlight, newMaxPerHost, newWriterThreads), atMs);
  }

  /**
   * As above, with the byte rates and the per-host pace too (0: none); a rate below 0 or above
   * {@link ByteRates#MOST}, a delay below 0 or above {@link PerHostPace#MOST_DELAY}, or a per-host rate below 0 or
   * above {@link PerHostPace#MOST_RATE} is refused.
   */
  boolean change(LimitOrder order, double atMs) {
    if (!allows(order.maxInFlight(), order.maxPerHost(), order.writerThreads()) || !rate(order.maxBytesPerSecond())
        || !rate(order.maxBytesPerSecondPerUrl()) || !pace(order.perHostDelayMs(), order.perHostRate())) {
      return false;
    }
    JobLimits before = current();
    if (order.maxInFlight() != null) maxInFlight = order.maxInFlight();
    if (order.maxPerHost() != null) askedPerHost = order.maxPerHost();
    if (order.writerThreads() != null) writerThreads = order.writerThreads();
    if (order.maxBytesPerSecond() != null) jobRate = order.maxBytesPerSecond();
    if (order.maxBytesPerSecondPerUrl() != null) urlRate = order.maxBytesPerSecondPerUrl();
    if (order.perHostDelayMs() != null) hostDelayMs = order.perHostDelayMs();
    if (order.perHostRate() != null) hostRate = order.perHostRate();
    JobLimits after = current();
    if (after.equals(before)) return false;
    changes.add(new LimitChange(atMs, after.maxInFlight(), after.maxPerHost(), after.writerThreads(),
        after.maxBytesPerSecond(), after.maxBytesPerSecondPerUrl(), after.perHostDelayMs(), after.perHostRate()));
    return true;
  }

  /** True when every value given is within its bounds. */
  boolean allows(Integer newMaxInFlight, Integer newMaxPerHost, Integer newWriterThreads) {
    return within(newMaxInFlight, ceiling) && within(newMaxPerHost, ceiling) && within(newWriterThreads, MAX_WRITER_THREADS);
  }

  private static boolean rate(Long value) {
    return value == null || (value >= 0 && value <= ByteRates.MOST);
  }

  private static boolean pace(Long delayMs, Double perSecond) {
    return (delayMs == null || (delayMs >= 0 && delayMs <= PerHostPace.MOST_DELAY.toMillis()))
        && (perSecond == null || (perSecond >= 0 && perSecond <= PerHostPace.MOST_RATE));
  }

  private static boolean within(Integer value, int most) {
    return value == null || (value >= 1 && value <= most);
  }
}
