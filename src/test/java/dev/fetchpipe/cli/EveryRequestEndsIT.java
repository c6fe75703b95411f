package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origins that never finish, as a real process meets them: a head sent a byte at a time, a body that never ends (fast
 * or slow), responses that break HTTP. Each URL ends with a clear ERROR in bounded time, the job ends, nothing partial
 * is left under a final name and no temporary file remains; a daemon is left with no connection of the job open, and
 * goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRequestEndsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");
  /** Short limits, so that every URL's end comes within seconds; the defaults are minutes and 4 GiB. */
  private static final Map<String, String> FETCH = Map.of(
      "response-timeout", "2s", "request-timeout", "4s", "max-body-size", "1MiB");
  /** Far longer than these limits let any URL take: a job that hangs fails the test instead. */
  private static final Duration BOUND = Duration.ofSeconds(90);

  private RunningOrigin origin;

  @BeforeAll
  void startOrigin() {
    // In this JVM: its counters show which of its connections are still open while fetchpipe runs.
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  @BeforeEach
  void freshCounts() {
    origin.resetCounters();
  }

  /** The URLs that never finish, and what each ends with. */
  private Map<String, String> neverFinishing() {
    return Map.of(
        origin.url("/fault/slow-headers?every=200"), "no response after 2 s (after 2 attempts)",
        origin.url("/fault/endless"), "body larger than fetch.max-body-size (1048576 bytes): more arrived",
        origin.url("/fault/endless?chunk=512&every=50"), "request took longer than 4 s (after 2 attempts)",
        origin.url("/fault/malformed/status"), "the server broke HTTP: Illegal response status code",
        origin.url("/fault/malformed/chunk"), "the server broke HTTP: Illegal character 'z' in chunk start");
  }

  @Test
  void aRunEndsEveryUrlThatNeverFinishesWithAClearErrorAndLeavesNothingPartial(@TempDir Path dir) throws Exception {
    Map<String, String> failing = neverFinishing();
    List<String> urls = new java.util.ArrayList<>(failing.keySet());
    urls.add(origin.url("/bytes/100"));
    Files.write(dir.resolve("urls.txt"), urls);
    Path out = dir.resolve("out");
    List<String> args = new java.util.ArrayList<>(List.of("run", "--urls", "urls.txt", "--out", "out",
        "--set", "progress.style=off", "--set", "fetch.retry.max-attempts=2", "--set", "fetch.retry.min-backoff=100ms"));
    FETCH.forEach((key, value) -> args.addAll(List.of("--set", "fetch." + key + "=" + value)));

    try (Launcher fetchpipe = Launcher.start(dir, args.toArray(String[]::new))) {
      assertEquals(1, fetchpipe.awaitExit(BOUND), fetchpipe.stdout() + fetchpipe.stderr());
      String stdout = fetchpipe.stdout();
      failing.forEach((url, error) -> assertTrue(stdout.contains("  " + url + " -- error: " + error + "\n"), stdout));
      assertTrue(stdout.contains("  1 downloaded."), stdout);
      assertTrue(stdout.contains("  5 errors."), stdout);
      assertNoStackTrace(fetchpipe.stderr());
    }
    assertEquals(List.of("100"), OutputFiles.downloaded(out), "nothing of a URL that failed is under a final name");
    assertEquals(List.of(), OutputFiles.temporary(out), "no temporary file is left");
  }

  @Test
  void aDaemonJobEndsWithNoConnectionOfItLeftOpenAndTheDaemonGoesOn(@TempDir Path dir) throws Exception {
    Launcher process = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "state");
    try (process) {
      process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
      Matcher address = ADDRESS.matcher(process.stdout());
      assertTrue(address.find(), process.stdout());
      String base = address.group(1);
      String token = address.group(2);
      Path out = dir.resolve("out");

      String fetch = FETCH.entrySet().stream().map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
          .collect(Collectors.joining(", "));
      String urls = neverFinishing().keySet().stream().map(url -> "\"" + url + "\"").collect(Collectors.joining(", "));
      JsonNode done = awaitDone(base, token, submit(base, token, "{\"job\": {\"urls\": [" + urls + "], \"output-dir\": \""
          + out + "\"}, \"fetch\": {" + fetch + ", \"retry\": {\"max-attempts\": 2, \"min-backoff\": \"100ms\"}}}"));
      assertEquals(1, done.get("exitCode").asInt(), done.toString());
      assertEquals(5, done.get("errors").asInt(), done.toString());
      assertEquals(List.of(), OutputFiles.payload(out), "no file, final or temporary");
      // The daemon lives on, and so would any connection it left open: none is (the origin may take a moment to learn
      // of the last reset, on a loaded machine).
      awaitNoneOpen("/raw");
      awaitNoneOpen("/fault/endless");

      JsonNode next = awaitDone(base, token, submit(base, token, "{\"job\": {\"urls\": [\"" + origin.url("/bytes/100")
          + "\"], \"output-dir\": \"" + dir.resolve("next") + "\"}}"));
      assertEquals(0, next.get("exitCode").asInt(), "the daemon goes on: " + next);

      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
      assertNoStackTrace(process.stderr());
    }
  }

  /** The origin sees no request under {@code prefix} in flight within a few seconds: the job left none open. */
  private void awaitNoneOpen(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (origin.inFlight(prefix) > 0) {
      if (System.nanoTime() > deadline) throw new AssertionError(origin.inFlight(prefix) + " still open under " + prefix);
      Thread.sleep(50);
    }
  }

  private static void assertNoStackTrace(String stderr) {
    assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
  }

  private static String submit(String base, String token, String body) throws Exception {
    HttpResponse<String> created = call(base, token, "POST", "/api/jobs", body);
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("id").asText();
  }

  private static JsonNode awaitDone(String base, String token, String id) throws Exception {
    Predicate<JsonNode> done = status -> status.path("state").asText().equals("DONE") && !status.path("exitCode").isNull();
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      JsonNode status = JSON.readTree(call(base, token, "GET", "/api/jobs/" + id, null).body());
      if (done.test(status)) return status;
      if (System.nanoTime() > deadline) throw new AssertionError("not ended in " + BOUND + ": " + status);
      Thread.sleep(100);
    }
  }

  private static HttpResponse<String> call(String base, String token, String method, String path, String body)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base).resolve(path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
