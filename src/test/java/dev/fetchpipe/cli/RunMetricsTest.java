package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.PrometheusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --metrics-port}: a real one-shot job in process, its metrics scraped over HTTP while it runs. */
class RunMetricsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The page, or null while nothing listens on the port. */
  private static PrometheusText scrape(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return PrometheusText.parse(response.body());
    } catch (ConnectException notListening) {
      return null;
    }
  }

  @Test
  void aRunningJobsMetricsAreScrapedMidJobAndAgreeWithItsReport(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path report = dir.resolve("report.json");
    // The 20 flags of the embedded origin, 4 at a time, each answered after 400 ms: about 2 s of job.
    CompletableFuture<MainTest.Result> run = CompletableFuture.supplyAsync(() -> MainTest.fetchpipe("run",
        "--out", dir.resolve("flags").toString(), "-m", "4", "--metrics-port", Integer.toString(port),
        "--report", report.toString(), "--set", "origin.delay=400ms", "--set", "origin.jitter=0ms",
        "--set", "progress.style=off"));

    PrometheusText during = eventually(Duration.ofSeconds(20), "a mid-job scrape with requests in flight and a URL done",
        () -> scrapeWhileRunning(port, run), page -> page != null
            && page.has("fetchpipe_requests_in_flight", "job_id", "run")
            && page.value("fetchpipe_requests_in_flight", "job_id", "run") > 0
            && page.value("fetchpipe_urls_total", "job_id", "run", "outcome", "ok") >= 1);
    double okDuring = during.value("fetchpipe_urls_total", "job_id", "run", "outcome", "ok");
    assertTrue(during.value("fetchpipe_requests_in_flight", "job_id", "run") <= 4, "-m 4");
    assertTrue(during.value("fetchpipe_queue_length", "job_id", "run") > 0, "flags still waiting");
    assertEquals(4, during.value("fetchpipe_writer_threads", "job_id", "run"), "the blocking-io dispatcher's pool");
    assertTrue(during.value("fetchpipe_bytes_total", "job_id", "run") > 0);
    assertTrue(during.samples().stream().anyMatch(s -> s.name().startsWith("jvm_")), "the client library's JVM metrics");
    PrometheusText later = eventually(Duration.ofSeconds(20), "the ok counter rising while the job runs", () -> scrapeWhileRunning(port, run),
        page -> page != null && page.value("fetchpipe_urls_total", "job_id", "run", "outcome", "ok") > okDuring);

    MainTest.Result result = run.get();
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains(" 20 downloaded."), result.out());
    assertFalse(result.out().contains("metrics") || result.err().contains("metrics"), "the job's output is unchanged");
    JsonNode json = JsonReport.read(report);
    assertEquals(20, json.get("ok").asInt());
    assertTrue(later.value("fetchpipe_urls_total", "job_id", "run", "outcome", "ok") <= json.get("ok").asInt());
    // The port is let go with the job.
    assertEquals(null, scrape(port));
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, again.getLocalPort());
    }
  }

  @Test
  void aPortInUseIsExit2WithOneLineAndNothingStarts(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      MainTest.Result result = MainTest.fetchpipe("run", "--out", dir.resolve("flags").toString(),
          "--metrics-port", Integer.toString(port));
      assertEquals(2, result.exitCode(), result.out() + result.err());
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().startsWith("fetchpipe: --metrics-port: cannot listen on 127.0.0.1:" + port + ": "), result.err());
      assertEquals("", result.out());
      assertTrue(Files.notExists(dir.resolve("flags")), "nothing was fetched");
    }
  }

  @Test
  void aPortThatIsNotOneIsExit2WithOneLine(@TempDir Path dir) {
    for (String bad : new String[] {"0", "65536", "http", "-1"}) {
      MainTest.Result result = MainTest.fetchpipe("run", "--out", dir.resolve("flags").toString(), "--metrics-port", bad);
      assertEquals(2, result.exitCode(), bad + ": " + result.err());
      assertEquals("fetchpipe: --metrics-port: must be a port number from 1 to 65535, got \"" + bad + "\"",
          result.err().strip());
      assertTrue(Files.notExists(dir.resolve("flags")));
    }
  }

  /** A scrape of the run's metrics; a run that ended has none left to show, which ends the wait. */
  private static PrometheusText scrapeWhileRunning(int port, CompletableFuture<MainTest.Result> run) throws Exception {
    if (run.isDone()) throw new AssertionError("the run ended first: " + run.get().out() + run.get().err());
    return scrape(port);
  }
}
