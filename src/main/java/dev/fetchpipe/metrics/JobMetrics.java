package dev.fetchpipe.metrics;

import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.WriterPool;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One job's series, fed with the job's {@link JobEvent}s as they come: counters and histograms from each URL's end,
 * gauges from each status. Thread-safe: whoever hears the events calls {@link #observe}, scrapes read at any time.
 */
public final class JobMetrics {
  private final FetchpipeMetrics owner;
  private final String id;
  private final Supplier<Optional<WriterPool>> writers;
  private final Map<Outcome, CounterDataPoint> urls = new EnumMap<>(Outcome.class);
  private final CounterDataPoint bytes;
  private final CounterDataPoint retries;
  private final GaugeDataPoint inFlight;
  private final GaugeDataPoint queued;
  private final GaugeDataPoint maxBytesPerSecond;
  private final GaugeDataPoint maxBytesPerSecondPerUrl;
  private final GaugeDataPoint hostsPaused;
  private final DistributionDataPoint requestSeconds;
  private final DistributionDataPoint writeSeconds;
  private boolean ended;

  JobMetrics(FetchpipeMetrics owner, String id, Supplier<Optional<WriterPool>> writers) {
    this.owner = owner;
    this.id = id;
    this.writers = writers;
    // Every outcome shows from the start, at 0: a series that appears only at its first increment hides that increment
    // from rate() and increase().
    for (Outcome outcome : Outcome.values()) urls.put(outcome, owner.urls.labelValues(id, label(outcome)));
    bytes = owner.bytes.labelValues(id);
    retries = owner.retries.labelValues(id);
    inFlight = owner.inFlight.labelValues(id);
    queued = owner.queued.labelValues(id);
    maxBytesPerSecond = owner.maxBytesPerSecond.labelValues(id);
    maxBytesPerSecondPerUrl = owner.maxBytesPerSecondPerUrl.labelValues(id);
    hostsPaused = owner.hostsPaused.labelValues(id);
    requestSeconds = owner.requestSeconds.labelValues(id);
    writeSeconds = owner.writeSeconds.labelValues(id);
  }

  /** ok, kept, unchanged, not_found, error, cancelled, skipped: label values are lower case by convention. */
  static String label(Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  public String id() {
    return id;
  }

  Optional<WriterPool> writers() {
    return writers.get();
  }

  /** Takes in one event of the job; those the metrics do not show (cancel, resize) are ignored. */
  public void observe(JobEvent event) {
    if (event instanceof JobEvent.ItemEnded item) {
      itemEnded(item.result());
    } else if (event instanceof JobEvent.Progress progress) {
      status(progress.status());
    } else if (event instanceof JobEvent.Ended end) {
      status(end.status());
      end();
    }
  }

  /**
   * The job has ended (its {@link JobEvent.Ended}, or its supervisor failed without one): from now on its series count
   * towards those an owner keeps. Calling it again does nothing.
   */
  public void end() {
    synchronized (this) {
      if (ended) return;
      ended = true;
    }
    inFlight.set(0);
    queued.set(0);
    hostsPaused.set(0);
    owner.ended(id);
  }

  private void status(JobStatus status) {
    inFlight.set(status.inFlight());
    queued.set(status.queued());
    hostsPaused.set(status.hostPauses().size());
    if (status.limits() != null) {
      maxBytesPerSecond.set(status.limits().maxBytesPerSecond());
      maxBytesPerSecondPerUrl.set(status.limits().maxBytesPerSecondPerUrl());
    }
  }

  private void itemEnded(ItemResult result) {
    urls.get(result.outcome()).inc();
    if (result.node() != null) owner.nodeUrls.labelValues(id, result.node(), label(result.outcome())).inc();
    if (result.outcome() == Outcome.OK) {
      bytes.inc(result.bytes());
      Timings timings = result.timings();
      if (timings != null && timings.bodyDoneMs() != null && timings.doneMs() != null) {
        writeSeconds.observe(seconds(timings.doneMs() - timings.bodyDoneMs()));
      }
    }
    for (Attempt attempt : result.attempts()) requestSeconds.observe(seconds(attempt.endedMs() - attempt.startedMs()));
    if (result.attempts().size() > 1) retries.inc(result.attempts().size() - 1);
  }

  /** The report's times are milliseconds since the job started; Prometheus' base unit is the second. */
  private static double seconds(double millis) {
    return Math.max(0, millis) / 1000.0;
  }
}
