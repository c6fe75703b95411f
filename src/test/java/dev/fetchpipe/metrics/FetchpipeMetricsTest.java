package dev.fetchpipe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import dev.fetchpipe.testing.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The metrics fed with a job's events by hand, and read back as Prometheus would read the page. */
class FetchpipeMetricsTest {

  private static PrometheusText scrape(FetchpipeMetrics metrics) {
    return PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
  }

  private static JobMetrics job(FetchpipeMetrics metrics, String id) {
    return metrics.job(id, Optional::empty);
  }

  private static ItemResult item(int index, Outcome outcome, long bytes, Timings timings, Attempt... attempts) {
    return AnItem.of(index, "http://127.0.0.1:1/" + index, outcome).bytes(bytes).timings(timings)
        .attempts(List.of(attempts)).build();
  }

  private static JobStatus status(JobStatus.State state, int inFlight, int queued) {
    return new JobStatus(state, "site", "out", 10, new Counts(10 - inFlight - queued, 0, 0, 0, 0, 0, 0), inFlight, 0, queued,
        0, 0, 0,
        new JobLimits(4, 4, 2), null);
  }

  @Test
  void eachUrlsEndCountsItsOutcomeBytesRetriesAndDurationsInSeconds() {
    FetchpipeMetrics metrics = new FetchpipeMetrics(5);
    JobMetrics job = job(metrics, "j1");
    // Retried once: 100 ms, then 250 ms; its body was whole at 400 ms and its file in place at 405 ms.
    job.observe(new JobEvent.ItemEnded(item(0, Outcome.OK, 1234, new Timings(0.0, 50.0, 60.0, 400.0, 405.0),
        new Attempt(1, 50, null, 150, 503, "HTTP 503", 0L), new Attempt(2, 150, 160.0, 400, 200, null, null))));
    job.observe(new JobEvent.ItemEnded(item(1, Outcome.NOT_FOUND, 0, new Timings(0.0, 10.0, 20.0, 30.0, 30.0),
        new Attempt(1, 10, 20.0, 30, 404, null, null))));
    job.observe(new JobEvent.ItemEnded(item(2, Outcome.SKIPPED, 0, new Timings(0.0, null, null, null, 500.0))));

    PrometheusText page = scrape(metrics);
    assertEquals(1, page.value("fetchpipe_urls_total", "job_id", "j1", "outcome", "ok"));
    assertEquals(1, page.value("fetchpipe_urls_total", "job_id", "j1", "outcome", "not_found"));
    assertEquals(1, page.value("fetchpipe_urls_total", "job_id", "j1", "outcome", "skipped"));
    for (String none : List.of("kept", "error", "cancelled")) {
      assertEquals(0, page.value("fetchpipe_urls_total", "job_id", "j1", "outcome", none), none + " shows from the start");
    }
    assertEquals(1234, page.value("fetchpipe_bytes_total", "job_id", "j1"));
    assertEquals(1, page.value("fetchpipe_retries_total", "job_id", "j1"));
    assertEquals(3, page.value("fetchpipe_request_duration_seconds_count", "job_id", "j1"));
    assertEquals(0.1 + 0.25 + 0.02, page.value("fetchpipe_request_duration_seconds_sum", "job_id", "j1"), 1e-9);
    assertEquals(2, page.value("fetchpipe_request_duration_seconds_bucket", "job_id", "j1", "le", "0.1"));
    assertEquals(3, page.value("fetchpipe_request_duration_seconds_bucket", "job_id", "j1", "le", "+Inf"));
    assertEquals(1, page.value("fetchpipe_write_duration_seconds_count", "job_id", "j1"), "OK URLs only");
    assertEquals(0.005, page.value("fetchpipe_write_duration_seconds_sum", "job_id", "j1"), 1e-9);
    assertEquals("counter", page.type("fetchpipe_urls_total"));
    assertEquals("histogram", page.type("fetchpipe_request_duration_seconds"));
    assertEquals("gauge", page.type("fetchpipe_requests_in_flight"));
    assertTrue(page.samples().stream().anyMatch(s -> s.name().startsWith("jvm_memory")), "the client library's JVM metrics");
    assertTrue(page.samples().stream().noneMatch(s -> s.labels().containsValue("http://127.0.0.1:1/0")), "never a URL");
  }

  @Test
  void aFileTheServerSaysIsUnchangedIsCountedApartFromAKeptOne() {
    FetchpipeMetrics metrics = new FetchpipeMetrics(5);
    JobMetrics job = job(metrics, "j5");
    job.observe(new JobEvent.ItemEnded(item(0, Outcome.UNCHANGED, 300, new Timings(0.0, 10.0, 20.0, 20.0, 25.0),
        new Attempt(1, 10, 20.0, 25, 304, null, null))));

    PrometheusText page = scrape(metrics);
    assertEquals(1, page.value("fetchpipe_urls_total", "job_id", "j5", "outcome", "unchanged"));
    assertEquals(0, page.value("fetchpipe_urls_total", "job_id", "j5", "outcome", "kept"));
    assertEquals(0, page.value("fetchpipe_urls_total", "job_id", "j5", "outcome", "ok"));
    assertEquals(0, page.value("fetchpipe_bytes_total", "job_id", "j5"), "no body came: nothing downloaded");
  }

  @Test
  void gaugesFollowTheStatusAndReadZeroOnceTheJobHasEnded() {
    FetchpipeMetrics metrics = new FetchpipeMetrics(5);
    JobMetrics job = job(metrics, "j2");
    job.observe(new JobEvent.Progress(status(JobStatus.State.RUNNING, 4, 6), 0));
    assertEquals(4, scrape(metrics).value("fetchpipe_requests_in_flight", "job_id", "j2"));
    assertEquals(6, scrape(metrics).value("fetchpipe_queue_length", "job_id", "j2"));
    job.observe(new JobEvent.Progress(status(JobStatus.State.DRAINING, 3, 0), 0));
    assertEquals(3, scrape(metrics).value("fetchpipe_requests_in_flight", "job_id", "j2"));
    job.observe(new JobEvent.Ended(status(JobStatus.State.DONE, 0, 0), null));
    assertEquals(0, scrape(metrics).value("fetchpipe_requests_in_flight", "job_id", "j2"));
    assertEquals(0, scrape(metrics).value("fetchpipe_queue_length", "job_id", "j2"));
  }

  @Test
  void theByteRatesInForceAreGaugesThatFollowAResize() {
    FetchpipeMetrics metrics = new FetchpipeMetrics(5);
    JobMetrics job = job(metrics, "j3");
    JobStatus capped = new JobStatus(JobStatus.State.RUNNING, "site", "out", 10, Counts.NONE, 4, 0, 6, 0, 0, 0,
        new JobLimits(4, 4, 2, 2_097_152, 0), null);
    job.observe(new JobEvent.Progress(capped, 0));
    assertEquals(2_097_152, scrape(metrics).value("fetchpipe_max_bytes_per_second", "job_id", "j3"));
    assertEquals(0, scrape(metrics).value("fetchpipe_max_bytes_per_second_per_url", "job_id", "j3"));
    job.observe(new JobEvent.Progress(status(JobStatus.State.RUNNING, 4, 6), 0));
    assertEquals(0, scrape(metrics).value("fetchpipe_max_bytes_per_second", "job_id", "j3"), "raised to none");
    assertEquals("gauge", scrape(metrics).type("fetchpipe_max_bytes_per_second"));
  }

  @Test
  void theHostsPausedNowAreAGaugeThatReadsZeroOnceTheJobHasEnded() {
    FetchpipeMetrics metrics = new FetchpipeMetrics(5);
    JobMetrics job = job(metrics, "j4");
    job.observe(new JobEvent.Progress(status(JobStatus.State.RUNNING, 4, 6), 0));
    assertEquals(0, scrape(metrics).value("fetchpipe_hosts_paused", "job_id", "j4"));
    job.observe(new JobEvent.Progress(status(JobStatus.State.RUNNING, 4, 6).withHostPauses(List.of(
        new HostPause("http://a:80", 10, 2_010, "HTTP 429 Too Many Requests"),
        new HostPause("https://b:443", 20, 1_020, "HTTP 503 Service Unavailable, Retry-After 1 s"))), 0));
    assertEquals(2, scrape(metrics).value("fetchpipe_hosts_paused", "job_id", "j4"));
    assertEquals("gauge", scrape(metrics).type("fetchpipe_hosts_paused"));
    assertTrue(scrape(metrics).samples().stream().noneMatch(s -> s.labels().containsValue("http://a:80")), "never a host");
    job.observe(new JobEvent.Ended(status(JobStatus.State.DONE, 0, 0), null));
    assertEquals(0, scrape(metrics).value("fetchpipe_hosts_paused", "job_id", "j4"));
  }

  @Test
  void anEndedJobKeepsItsSeriesUntilEnoughJobsHaveEndedAfterIt() {
    FetchpipeMetrics metrics = new FetchpipeMetrics(1);
    JobMetrics first = job(metrics, "first");
    JobMetrics second = job(metrics, "second");
    JobMetrics running = job(metrics, "running");
    for (JobMetrics job : List.of(first, second, running)) {
      job.observe(new JobEvent.ItemEnded(item(0, Outcome.OK, 10, null)));
    }
    first.end();
    assertTrue(scrape(metrics).has("fetchpipe_urls_total", "job_id", "first"), "the last ended job is kept");
    second.end();
    second.end();
    PrometheusText page = scrape(metrics);
    assertFalse(page.has("fetchpipe_urls_total", "job_id", "first"));
    assertFalse(page.has("fetchpipe_request_duration_seconds_count", "job_id", "first"));
    assertFalse(page.has("fetchpipe_bytes_total", "job_id", "first"));
    assertEquals(10, page.value("fetchpipe_bytes_total", "job_id", "second"));
    assertEquals(10, page.value("fetchpipe_bytes_total", "job_id", "running"), "a running job is never dropped");

    FetchpipeMetrics none = new FetchpipeMetrics(0);
    JobMetrics gone = job(none, "gone");
    gone.end();
    assertFalse(scrape(none).has("fetchpipe_urls_total", "job_id", "gone"));
  }

  @Test
  void aPageThatIsNotTheFormatIsRefusedByTheTestsReader() {
    // The reader the daemon's tests rely on must be able to fail.
    for (String bad : List.of("fetchpipe_x 1\n", "# TYPE x counter\nx{job_id=\"a} 1\n", "# TYPE x gauge\nx one\n",
        "# TYPE x gauge\nx 1")) {
      try {
        PrometheusText.parse(bad);
      } catch (AssertionError expected) {
        continue;
      }
      throw new AssertionError("read as valid: " + bad);
    }
    assertEquals(2.5, PrometheusText.parse("# TYPE x gauge\nx{a=\"q\\\"u,o\"} 2.5\n").value("x", "a", "q\"u,o"));
  }
}
