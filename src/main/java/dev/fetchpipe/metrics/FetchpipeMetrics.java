package dev.fetchpipe.metrics;

import dev.fetchpipe.pipeline.WriterPool;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * fetchpipe's Prometheus metrics: one registry with the job metrics (every series labelled with its job's id) and the
 * client library's JVM metrics, written in Prometheus' text format by the library itself. The daemon has one for all
 * its jobs, a {@code run --metrics-port} one for its job. Every method may be called from any thread.
 *
 * <p>The label is {@code job_id}, not {@code job}: Prometheus attaches its own {@code job} label (the scrape config's
 * name) to every series it scrapes, and would rename ours to {@code exported_job}.
 *
 * <p>A long-lived daemon runs job after job: an ended job's series are kept until {@code endedJobsKept} jobs have
 * ended after it, so a scrape after its end still sees its final counts, and the number of series stays bounded.
 */
public final class FetchpipeMetrics {
  /** What {@link #scrape()} writes: Prometheus' text format 0.0.4. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  static final String JOB = "job_id";
  static final String OUTCOME = "outcome";
  /** From 5 ms to 60 s (a request's default timeout): requests to a near origin and to a slow one both show. */
  private static final double[] REQUEST_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  /** From 0.1 ms: writing a small file and renaming it into place takes well under a millisecond on a local disk. */
  private static final double[] WRITE_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25, 0.5, 1, 5};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final int endedJobsKept;
  /** Every job whose series are shown: those running, and the last endedJobsKept that ended. */
  private final Map<String, JobMetrics> jobs = new ConcurrentHashMap<>();
  /** Ended jobs, oldest first. */
  private final Deque<String> ended = new ArrayDeque<>();

  final Counter urls;
  final Counter nodeUrls;
  final Counter bytes;
  final Counter retries;
  final Gauge inFlight;
  final Gauge queued;
  final Gauge maxBytesPerSecond;
  final Gauge maxBytesPerSecondPerUrl;
  final Gauge hostsPaused;
  final Histogram requestSeconds;
  final Histogram writeSeconds;
  private final List<StatefulMetric<?, ?>> perJob;

  /** @param endedJobsKept how many ended jobs keep their series (0: a job's series go as it ends) */
  public FetchpipeMetrics(int endedJobsKept) {
    if (endedJobsKept < 0) throw new IllegalArgumentException("endedJobsKept must not be negative: " + endedJobsKept);
    this.endedJobsKept = endedJobsKept;
    urls = Counter.builder().name("fetchpipe_urls_total")
        .help("URLs that have ended, by how they ended (ok, kept, unchanged, not_found, error, cancelled, skipped)")
        .labelNames(JOB, OUTCOME).withoutExemplars().register(registry);
    nodeUrls = Counter.builder().name("fetchpipe_node_urls_total")
        .help("In a cluster: URLs that have ended, by the node that fetched them (\"host:port\") and how they ended")
        .labelNames(JOB, "node", OUTCOME).withoutExemplars().register(registry);
    bytes = Counter.builder().name("fetchpipe_bytes_total").help("Bytes saved: the size of every file written (OK URLs)")
        .labelNames(JOB).withoutExemplars().register(registry);
    retries = Counter.builder().name("fetchpipe_retries_total")
        .help("Requests made beyond each URL's first (counted when the URL ends)")
        .labelNames(JOB).withoutExemplars().register(registry);
    inFlight = Gauge.builder().name("fetchpipe_requests_in_flight").help("URLs being fetched now")
        .labelNames(JOB).withoutExemplars().register(registry);
    queued = Gauge.builder().name("fetchpipe_queue_length").help("URLs not started yet")
        .labelNames(JOB).withoutExemplars().register(registry);
    maxBytesPerSecond = Gauge.builder().name("fetchpipe_max_bytes_per_second")
        .help("The job's byte rate limit in force, all its bodies together (0: none)")
        .labelNames(JOB).withoutExemplars().register(registry);
    maxBytesPerSecondPerUrl = Gauge.builder().name("fetchpipe_max_bytes_per_second_per_url")
        .help("The job's byte rate limit in force for each URL (0: none)")
        .labelNames(JOB).withoutExemplars().register(registry);
    hostsPaused = Gauge.builder().name("fetchpipe_hosts_paused")
        .help("Hosts whose URLs all wait now: they answered 429, or 503 with Retry-After")
        .labelNames(JOB).withoutExemplars().register(registry);
    requestSeconds = Histogram.builder().name("fetchpipe_request_duration_seconds")
        .help("Each request, from sending it to its end (body received, or failed); observed when its URL ends")
        .labelNames(JOB).classicOnly().classicUpperBounds(REQUEST_SECONDS).withoutExemplars().register(registry);
    writeSeconds = Histogram.builder().name("fetchpipe_write_duration_seconds")
        .help("Each OK URL, from having its whole body to its file written and renamed into place")
        .labelNames(JOB).classicOnly().classicUpperBounds(WRITE_SECONDS).withoutExemplars().register(registry);
    GaugeWithCallback.builder().name("fetchpipe_writer_threads").help("Threads of the job's writer pool (its size)")
        .labelNames(JOB).callback(callback -> jobs.forEach((id, job) ->
            job.writers().ifPresent(pool -> callback.call(pool.size(), id)))).register(registry);
    GaugeWithCallback.builder().name("fetchpipe_writer_threads_busy").help("Threads of the job's writer pool at work now")
        .labelNames(JOB).callback(callback -> jobs.forEach((id, job) ->
            job.writers().ifPresent(pool -> callback.call(pool.busyThreads(), id)))).register(registry);
    JvmMetrics.builder().register(registry);
    perJob = List.of(urls, nodeUrls, bytes, retries, inFlight, queued, maxBytesPerSecond, maxBytesPerSecondPerUrl, hostsPaused,
        requestSeconds, writeSeconds);
  }

  /**
   * The metrics of a job that starts now, its series shown from now on.
   *
   * @param writers the job's writer pool, looked up at each scrape (empty until its dispatcher is first used)
   */
  public JobMetrics job(String id, Supplier<Optional<WriterPool>> writers) {
    JobMetrics job = new JobMetrics(this, id, writers);
    jobs.put(id, job);
    return job;
  }

  /** The job has ended: the oldest ended jobs beyond endedJobsKept lose their series. */
  synchronized void ended(String id) {
    ended.addLast(id);
    while (ended.size() > endedJobsKept) {
      String oldest = ended.removeFirst();
      jobs.remove(oldest);
      perJob.forEach(metric -> metric.removeIf(labels -> labels.get(0).equals(oldest)));
    }
  }

  /** Every metric now, in Prometheus' text format ({@link #CONTENT_TYPE}). */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to memory", e);
    }
    return out.toByteArray();
  }

  /** For an exporter that scrapes the registry itself (run's --metrics-port). */
  PrometheusRegistry registry() {
    return registry;
  }
}
