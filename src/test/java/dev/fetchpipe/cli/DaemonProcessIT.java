package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.journal.Journal;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `fetchpipe daemon` as a real process started by the real launcher: killed with -9 mid-job, or stopped with SIGTERM,
 * then started again on the same state dir, it carries the job on from its journal and nothing is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");
  private static final int URLS = 120;

  private RunningOrigin origin;
  private final Map<String, byte[]> served = new HashMap<>();

  @BeforeAll
  void startOrigin() throws Exception {
    // In this JVM, so it keeps its port and its request counts across the daemon's deaths.
    origin = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(100), Duration.ofMillis(50), 0.0));
    for (String url : urls()) {
      served.put(url, HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
    }
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  private List<String> urls() {
    return IntStream.range(0, URLS).mapToObj(i -> origin.url("/bytes/" + (i % 5 == 0 ? 300_000 + i : 2_000 + i))).toList();
  }

  /** A daemon process and the address it printed. */
  private record Running(Launcher process, String url, String token) {}

  private static Running startDaemon(Path dir, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("daemon", "--port", "0", "--state-dir", "state"));
    args.addAll(List.of(more));
    Launcher process = Launcher.start(dir, args.toArray(String[]::new));
    process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
    Matcher address = ADDRESS.matcher(process.stdout());
    assertTrue(address.find(), process.stdout());
    return new Running(process, address.group(1), address.group(2));
  }

  private static HttpResponse<String> call(Running daemon, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.url()).resolve(path))
        .header("Authorization", "Bearer " + daemon.token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode awaitStatus(Running daemon, String id, Predicate<JsonNode> condition) throws Exception {
    try {
      return eventually(Duration.ofSeconds(90), "job " + id + "'s status as wanted",
          () -> JSON.readTree(call(daemon, "GET", "/api/jobs/" + id, null).body()), condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + daemon.process().stderr(), e);
    }
  }

  private String submit(Running daemon, Path out, String extra) throws Exception {
    String list = urls().stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
    HttpResponse<String> created = call(daemon, "POST", "/api/jobs",
        "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \"" + out + "\"}, \"fetch\": {\"max-in-flight\": 4}" + extra + "}");
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("id").asText();
  }

  @Test
  void killedWithSigkillMidJobTheRestartedDaemonFinishesItAndFetchesNothingTwice(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    origin.resetCounters();
    String id;
    Running first = startDaemon(dir);
    try (Launcher process = first.process()) {
      id = submit(first, out, "");
      awaitStatus(first, id, status -> status.path("ok").asInt() >= 30);
      process.signalGroup("KILL");
      process.awaitExit(Duration.ofSeconds(10));
    }
    assertFinalFilesAreWhole(out);
    Set<String> journaled = savedInJournal(out);
    assertTrue(journaled.size() >= 30, "journaled before the kill: " + journaled.size());

    Running second = startDaemon(dir);
    try (Launcher process = second.process()) {
      JsonNode done = awaitStatus(second, id, status -> status.path("state").asText().equals("DONE"));
      assertEquals(0, done.get("exitCode").asInt(), done.toString());
      assertEquals(URLS, done.get("ok").asInt() + done.get("kept").asInt(), done.toString());
      assertTrue(done.get("kept").asInt() >= journaled.size(), done.toString());
      assertEquals(URLS, OutputFiles.downloaded(out).size());
      assertFinalFilesAreWhole(out);
      assertEquals(List.of(), OutputFiles.temporary(out));
      for (String name : journaled) {
        assertEquals(1, origin.requestCount("/bytes/" + name), name + " was finished before the kill: never fetched again");
      }
      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
    }
    assertFalse(Files.exists(dir.resolve("state/daemon.json")), "a stopped daemon leaves no daemon.json");
  }

  @Test
  void sigtermStopsGracefullyAndTheNextStartCarriesTheJobOn(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    String id;
    Running first = startDaemon(dir);
    try (Launcher process = first.process()) {
      id = submit(first, out, ", \"cancel\": {\"grace\": \"2s\"}");
      awaitStatus(first, id, status -> status.path("ok").asInt() >= 10);
      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), process.stdout() + process.stderr());
      assertTrue(process.stderr().contains("stopping"), process.stderr());
      assertTrue(process.stdout().contains("fetchpipe daemon stopped."), process.stdout());
    }
    assertFinalFilesAreWhole(out);
    assertEquals(List.of(), OutputFiles.temporary(out), "a graceful stop leaves no temporary file");
    assertTrue(OutputFiles.downloaded(out).size() < URLS, "the job was cut off by the stop");

    Running second = startDaemon(dir);
    try (Launcher process = second.process()) {
      JsonNode done = awaitStatus(second, id, status -> status.path("state").asText().equals("DONE"));
      assertEquals(0, done.get("exitCode").asInt(), done.toString());
      assertEquals(URLS, done.get("ok").asInt() + done.get("kept").asInt(), done.toString());
      assertFinalFilesAreWhole(out);
      process.signalGroup("INT");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
    }
  }

  /**
   * A stop that would wait minutes (requests an origin answers in a minute, a job allowed ten minutes to cancel
   * gracefully) is over within daemon.shutdown-timeout: the job is aborted at half of it, as a second SIGTERM would,
   * and the process ends as a graceful stop does. The next start carries the job on from its journal and finishes it.
   */
  @Test
  void sigtermEndsTheDaemonWithinShutdownTimeoutEvenWhenItsJobWouldWaitMinutes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    int slowUrls = 4;
    int port;
    List<String> slow;
    String id;
    try (RunningOrigin minute = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMinutes(1), Duration.ZERO, 0.0))) {
      port = java.net.URI.create(minute.baseUrl()).getPort();
      slow = IntStream.range(0, slowUrls).mapToObj(i -> minute.url("/bytes/" + (5_000 + i))).toList();
      Running first = startDaemon(dir, "--set", "daemon.shutdown-timeout=4s");
      try (Launcher process = first.process()) {
        String list = java.util.stream.Stream.concat(urls().stream(), slow.stream())
            .map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        HttpResponse<String> created = call(first, "POST", "/api/jobs", "{\"job\": {\"urls\": [" + list
            + "], \"output-dir\": \"" + out + "\"}, \"fetch\": {\"max-in-flight\": 4, \"request-timeout\": \"10m\","
            + " \"response-timeout\": \"10m\"}, \"cancel\": {\"grace\": \"10m\"}}");
        assertEquals(201, created.statusCode(), created.body());
        id = JSON.readTree(created.body()).get("id").asText();
        // Every fast URL done: what is left in flight are the four the origin answers in a minute.
        awaitStatus(first, id, status -> status.path("ok").asInt() >= URLS);
        process.signalGroup("TERM");
        // The bound is 4 s from the signal; the rest is the JVM's own exit, given room on a loaded machine.
        assertEquals(0, process.awaitExit(Duration.ofSeconds(4 + 6)), process.stdout() + process.stderr());
        assertTrue(process.stdout().contains("fetchpipe daemon stopped."), process.stdout());
      }
    }
    assertFinalFilesAreWhole(out);
    assertEquals(URLS, OutputFiles.downloaded(out).size(), "the fast URLs were saved before the stop");

    // The same origin, answering at once now, for the next start to finish the job.
    try (RunningOrigin quick = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", port, Duration.ZERO, Duration.ZERO, 0.0))) {
      Running second = startDaemon(dir);
      try (Launcher process = second.process()) {
        JsonNode done = awaitStatus(second, id, status -> status.path("state").asText().equals("DONE"));
        assertEquals(0, done.get("exitCode").asInt(), done.toString());
        assertEquals(URLS, done.get("kept").asInt(), "what the first life saved is kept: " + done);
        assertEquals(slowUrls, done.get("ok").asInt(), done.toString());
        process.signalGroup("TERM");
        assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
      }
    }
  }

  @Test
  void aSecondDaemonOnTheSameStateDirIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
    Running first = startDaemon(dir);
    try (Launcher process = first.process();
         Launcher second = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "state")) {
      assertEquals(2, second.awaitExit(Duration.ofSeconds(60)));
      assertTrue(second.stderr().startsWith("fetchpipe: --state-dir: a daemon is already running"), second.stderr());
      assertEquals(1, second.stderr().strip().lines().count(), second.stderr());
      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)));
    }
  }

  private void assertFinalFilesAreWhole(Path out) throws Exception {
    for (String name : OutputFiles.downloaded(out)) {
      assertArrayEquals(served.get(origin.url("/bytes/" + name)), Files.readAllBytes(out.resolve(name)), name + " must be whole");
    }
  }

  private static Set<String> savedInJournal(Path out) throws Exception {
    Set<String> files = new HashSet<>();
    Path journal = out.resolve(Journal.FILE_NAME);
    if (!Files.exists(journal)) return files;
    for (String line : Files.readAllLines(journal)) {
      if (line.contains("\"outcome\":\"OK\"")) files.add(JSON.readTree(line).get("file").asText());
    }
    return files;
  }
}
