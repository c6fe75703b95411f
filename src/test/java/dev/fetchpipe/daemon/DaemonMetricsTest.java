package dev.fetchpipe.daemon;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.testing.PrometheusText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics of a real daemon in this JVM, scraped as Prometheus would while a real job fetches from a slow,
 * sometimes failing origin on 127.0.0.1 into real files, and checked against the job's own report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonMetricsTest {
  private static final List<String> FAMILIES = List.of("fetchpipe_urls_total", "fetchpipe_bytes_total",
      "fetchpipe_retries_total", "fetchpipe_requests_in_flight", "fetchpipe_queue_length",
      "fetchpipe_request_duration_seconds", "fetchpipe_write_duration_seconds", "fetchpipe_writer_threads",
      "fetchpipe_writer_threads_busy");

  @TempDir
  static Path temp;

  /** Every request waits 150 ms, and one in four is a 500 that is retried: a job is mid-way for a few seconds. */
  private RunningOrigin origin;
  private RunningOrigin fast;
  private Daemon daemon;
  private Api api;

  @BeforeAll
  void start() {
    origin = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(150), Duration.ZERO, 0.25));
    fast = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.port=0", "daemon.state-dir=" + temp.resolve("state"),
        "daemon.metrics-jobs-kept=1"));
    daemon = Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
    api = new Api(daemon.address());
  }

  @AfterAll
  void stop() {
    daemon.stop(CancelSource.REQUEST);
    daemon.stop(CancelSource.REQUEST);
    daemon.whenStopped().toCompletableFuture().join();
    origin.close();
    fast.close();
  }

  private static String job(RunningOrigin from, int first, int count, Path out, String more) {
    String list = IntStream.range(first, first + count).mapToObj(n -> "\"" + from.url("/bytes/" + n) + "\"")
        .collect(Collectors.joining(", "));
    return "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \"" + out + "\"}" + more + "}";
  }

  private String submit(String body) throws Exception {
    Api.Answer answer = api.post("/api/jobs", body);
    assertEquals(201, answer.status(), answer.body());
    return answer.json().get("id").asText();
  }

  private PrometheusText scrape() throws Exception {
    Api.Answer answer = api.get("/metrics");
    assertEquals(200, answer.status(), answer.body());
    String type = answer.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
    return PrometheusText.parse(answer.body());
  }

  /** Scrapes until the page shows what is wanted, or fails with the last page's samples of this job. */
  private PrometheusText scrapeUntil(String id, java.util.function.Predicate<PrometheusText> wanted) throws Exception {
    // The page's samples of this job are what a failure shows: the whole page is long.
    record Page(PrometheusText text) {
      @Override
      public String toString() {
        return text.samples().toString();
      }
    }
    return eventually(Duration.ofSeconds(20), "job " + id + "'s metrics as wanted", () -> new Page(scrape()),
        page -> wanted.test(page.text())).text();
  }

  private static double ok(PrometheusText page, String id) {
    return page.value("fetchpipe_urls_total", "job_id", id, "outcome", "ok");
  }

  @Test
  void countersRiseDuringAJobAndAgreeWithItsReportAfterIt() throws Exception {
    int urls = 60;
    // From /bytes/1: an empty body is an OK that adds no bytes, and the bytes must rise with every OK below.
    String id = submit(job(origin, 1, urls, temp.resolve("watched"),
        ", \"fetch\": {\"max-in-flight\": 6, \"retry\": {\"min-backoff\": \"20ms\", \"max-attempts\": 6}}"));

    // Mid-job: requests in flight, some URLs done, most not.
    PrometheusText during = scrapeUntil(id, page -> page.has("fetchpipe_urls_total", "job_id", id)
        && page.value("fetchpipe_requests_in_flight", "job_id", id) > 0 && ok(page, id) >= 3);
    double okDuring = ok(during, id);
    assertTrue(okDuring < urls, "scraped mid-job: " + okDuring);
    assertTrue(during.value("fetchpipe_requests_in_flight", "job_id", id) <= 6, during.value("fetchpipe_requests_in_flight", "job_id", id) + " in flight");
    assertTrue(during.value("fetchpipe_queue_length", "job_id", id) > 0, "URLs still waiting");
    assertEquals(4, during.value("fetchpipe_writer_threads", "job_id", id), "writer.pool-size's default");
    double busy = during.value("fetchpipe_writer_threads_busy", "job_id", id);
    assertTrue(busy >= 0 && busy <= 4, "busy writer threads: " + busy);
    PrometheusText later = scrapeUntil(id, page -> ok(page, id) > okDuring);
    assertTrue(later.value("fetchpipe_bytes_total", "job_id", id) > during.value("fetchpipe_bytes_total", "job_id", id));

    JsonNode done = api.awaitDone(id);
    JsonNode report = api.get("/api/jobs/" + id + "/report").json();
    PrometheusText after = scrape();
    for (String family : FAMILIES) assertTrue(after.type(family) != null, "# TYPE line of " + family);

    assertEquals(report.get("ok").asInt(), ok(after, id), report.toString());
    assertEquals(report.get("notFound").asInt(), after.value("fetchpipe_urls_total", "job_id", id, "outcome", "not_found"));
    assertEquals(report.get("errors").asInt(), after.value("fetchpipe_urls_total", "job_id", id, "outcome", "error"));
    assertEquals(urls, after.samples().stream().filter(s -> s.name().equals("fetchpipe_urls_total")
        && id.equals(s.labels().get("job_id"))).mapToDouble(PrometheusText.Sample::value).sum(), "one outcome per URL");
    long bytes = 0;
    int attempts = 0;
    int retries = 0;
    int written = 0;
    for (JsonNode item : report.get("items")) {
      if (item.get("outcome").asText().equals("OK")) {
        bytes += item.get("bytes").asLong();
        if (item.at("/timings/bodyDoneMs").isNumber() && item.at("/timings/doneMs").isNumber()) written++;
      }
      attempts += item.get("attempts").size();
      retries += Math.max(0, item.get("attempts").size() - 1);
    }
    assertTrue(retries > 0, "one request in four failed: some URLs were retried");
    assertEquals(bytes, after.value("fetchpipe_bytes_total", "job_id", id));
    assertEquals(done.get("bytes").asLong(), after.value("fetchpipe_bytes_total", "job_id", id));
    assertEquals(retries, after.value("fetchpipe_retries_total", "job_id", id));
    assertEquals(attempts, after.value("fetchpipe_request_duration_seconds_count", "job_id", id));
    assertEquals(attempts, after.value("fetchpipe_request_duration_seconds_bucket", "job_id", id, "le", "+Inf"));
    assertEquals(written, after.value("fetchpipe_write_duration_seconds_count", "job_id", id));
    double requestSeconds = after.value("fetchpipe_request_duration_seconds_sum", "job_id", id);
    assertTrue(requestSeconds >= 0.15 * attempts * 0.9, "each request waited 150 ms at the origin: " + requestSeconds + " s");
    assertEquals(0, after.value("fetchpipe_requests_in_flight", "job_id", id));
    assertEquals(0, after.value("fetchpipe_queue_length", "job_id", id));
    assertTrue(after.samples().stream().anyMatch(s -> s.name().startsWith("jvm_")), "the client library's JVM metrics");
    assertTrue(after.samples().stream().noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("/bytes/"))),
        "never a URL in a label");
  }

  @Test
  void metricsNeedTheTokenLikeEveryRoute() throws Exception {
    Api.Answer without = api.send(api.unauthenticated("/metrics").GET());
    assertEquals(401, without.status());
    assertFalse(without.body().contains("fetchpipe_"), without.body());
    assertEquals(401, api.send(api.unauthenticated("/metrics").header("Authorization", "Bearer wrong").GET()).status());
    assertEquals(200, api.get("/metrics").status());
  }

  @Test
  void onlyTheLastEndedJobsKeepTheirSeries() throws Exception {
    String first = submit(job(fast, 1000, 3, temp.resolve("first"), ""));
    api.awaitDone(first);
    assertEquals(3, ok(scrape(), first));
    String second = submit(job(fast, 2000, 2, temp.resolve("second"), ""));
    api.awaitDone(second);
    PrometheusText page = scrape();
    // daemon.metrics-jobs-kept = 1: the second's end drops the first's series.
    assertFalse(page.has("fetchpipe_urls_total", "job_id", first), "dropped: " + first);
    assertFalse(page.has("fetchpipe_writer_threads", "job_id", first), "dropped: " + first);
    assertEquals(2, ok(page, second));
  }
}
