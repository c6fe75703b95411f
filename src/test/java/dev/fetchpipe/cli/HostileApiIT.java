package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker holding the token (or not) might send to a real daemon process started by the real launcher: each
 * crash or freeze body of the past is refused with one line and the daemon goes on; nothing of the daemon's files or
 * environment comes back; no path leaves the allowed roots; headers, bodies and orders out of all proportion are
 * refused. After all of it, the daemon still runs a job to its end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");

  @TempDir
  static Path dir;
  private RunningOrigin origin;
  private RunningOrigin slow;
  /** A daemon with default settings (loopback, no allowed roots). */
  private Daemon open;
  /** A daemon confined to dir/allowed. */
  private Daemon confined;
  private Path allowed;

  private record Daemon(Launcher process, String url, String token, Path stateDir) {}

  private record Answer(int status, String body) {
    String error() throws Exception {
      return JSON.readTree(body).path("error").asText();
    }
  }

  @BeforeAll
  void start() throws Exception {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    slow = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(400), Duration.ZERO, 0.0));
    allowed = Files.createDirectories(dir.resolve("allowed"));
    Launcher first = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "open-state");
    Launcher second = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "confined-state",
        "--set", "daemon.allowed-roots=[\"" + allowed + "\"]");
    open = awaitAddress(first, dir.resolve("open-state"));
    confined = awaitAddress(second, dir.resolve("confined-state"));
  }

  @AfterAll
  void stop() throws Exception {
    for (Daemon daemon : List.of(open, confined)) {
      assertTrue(daemon.process().isAlive(), "the daemon survived everything: " + daemon.process().stderr());
      daemon.process().signalGroup("TERM");
      assertEquals(0, daemon.process().awaitExit(Duration.ofSeconds(30)), daemon.process().stderr());
      daemon.process().close();
    }
    origin.close();
    slow.close();
  }

  private static Daemon awaitAddress(Launcher process, Path stateDir) throws Exception {
    process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
    Matcher address = ADDRESS.matcher(process.stdout());
    assertTrue(address.find(), process.stdout());
    return new Daemon(process, address.group(1), address.group(2), stateDir);
  }

  private static Answer call(Daemon daemon, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.url()).resolve(path))
        .header("Authorization", "Bearer " + daemon.token()).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private static Answer submit(Daemon daemon, String body) throws Exception {
    return call(daemon, "POST", "/api/jobs", body);
  }

  private static void assertOneLine400(Answer answer) throws Exception {
    assertEquals(400, answer.status(), answer.body());
    assertEquals(1, answer.error().lines().count(), answer.body());
    assertFalse(answer.body().contains("Exception"), answer.body());
  }

  private String job(Path out, String more) {
    return "{\"job\": {\"urls\": [\"" + origin.url("/bytes/10") + "\"], \"output-dir\": \"" + out + "\"}" + more + "}";
  }

  /** The daemon still runs a job to its end: nothing before broke it. */
  private void assertStillWorks(Daemon daemon, Path out) throws Exception {
    Answer created = submit(daemon, job(out, ""));
    assertEquals(201, created.status(), created.body());
    String id = JSON.readTree(created.body()).get("id").asText();
    JsonNode status = eventually(Duration.ofSeconds(60), "job " + id + " done",
        () -> JSON.readTree(call(daemon, "GET", "/api/jobs/" + id, null).body()),
        answer -> answer.path("state").asText().equals("DONE"));
    assertEquals(0, status.path("exitCode").asInt(-1), status.toString());
    assertTrue(daemon.process().isAlive());
  }

  // --- bodies that crashed or froze the daemon ---------------------------------------------------------------------

  @Test
  void deeplyNestedBodiesAreRefusedAndTheDaemonGoesOn() throws Exception {
    String deepJson = "{\"a\":".repeat(600) + "1" + "}".repeat(600);
    String manyObjects = "{\"job\": " + "{\"a\":".repeat(400) + "1" + "}".repeat(400) + "}";
    String deepPath = "job.urls = [\"" + origin.url("/bytes/1") + "\"]\n" + "a" + ".a".repeat(1200) + " = 1";
    String deepArrays = "job.urls = " + "[".repeat(100_000) + "]".repeat(100_000);
    for (String body : List.of(deepJson, manyObjects, deepPath, deepArrays)) {
      Answer answer = submit(open, body);
      assertOneLine400(answer);
      assertTrue(answer.error().contains("nested"), answer.body());
    }
    String deepOrder = "{\"maxInFlight\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
    assertOneLine400(call(open, "PATCH", "/api/jobs/j0000000000", deepOrder));
    assertStillWorks(open, dir.resolve("after-nesting"));
  }

  @Test
  void anIncludeIsRefusedAtOnceWithoutFetchingOrReadingAnything() throws Exception {
    AtomicInteger connected = new AtomicInteger();
    try (ServerSocket neverAnswers = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket held = neverAnswers.accept(); // held open, never answered: the freeze of the past
            connected.incrementAndGet();
            held.getInputStream();
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + neverAnswers.getLocalPort() + "/never-answers";
      for (String include : List.of("include url(\"" + url + "\")", "include \"" + url + "\"",
          "include file(\"/etc/passwd\")", "include required(file(\"/etc/hostname\"))", "include classpath(\"reference.conf\")")) {
        Answer answer = submit(open, include + "\njob.urls = [\"" + origin.url("/bytes/1") + "\"]");
        assertOneLine400(answer);
        assertTrue(answer.error().contains("may not include anything"), answer.body());
        assertFalse(answer.body().contains("root:") || answer.body().contains("never-answers"), answer.body());
      }
      assertEquals(0, connected.get(), "the daemon never connected to the included URL");
    }
    // While the bodies were refused, the API kept answering: nothing blocks the actors.
    assertEquals(200, call(open, "GET", "/api/jobs", null).status());
  }

  @Test
  void aSubstitutionIsRefusedNamingItAndNoEnvironmentLeavesTheDaemon() throws Exception {
    origin.resetCounters();
    String path = System.getenv("PATH");
    for (String body : List.of(
        "job.urls = [\"" + origin.url("/bytes/1?leak=") + "\"${PATH}]",
        "job.urls = [${PATH}]",
        "job { urls = [\"" + origin.url("/bytes/1") + "\"], output-dir = ${?HOME}\"/x\" }",
        "job.urls = [\"" + origin.url("/bytes/1") + "\"]\nfetch.max-in-flight = ${NO_SUCH_THING}")) {
      Answer answer = submit(open, body);
      assertOneLine400(answer);
      assertTrue(answer.error().contains("${"), answer.body());
      assertFalse(path != null && answer.body().contains(path), answer.body());
    }
    assertTrue(submit(open, "job.urls = [${PATH}]").error().contains("${PATH}"));
    assertEquals(0, origin.requestCounts().size(), "no request reached the origin: " + origin.requestCounts());
  }

  // --- the daemon's files and environment stay its own --------------------------------------------------------------

  @Test
  void aUrlFileThatIsNotAListOfUrlsIsRefusedWithoutItsContent() throws Exception {
    Path fakeShadow = Files.writeString(dir.resolve("shadow"), "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n");
    String env = System.getenv("PATH");
    for (String file : List.of("/etc/passwd", "/proc/self/environ", fakeShadow.toString(), "/etc/hostname")) {
      Answer answer = submit(open, "{\"job\": {\"url-file\": \"" + file + "\", \"output-dir\": \""
          + dir.resolve("never") + "\"}}");
      assertOneLine400(answer);
      assertTrue(answer.error().contains("is not a list of URLs"), answer.body());
      assertFalse(answer.body().contains("root") || answer.body().contains("hashhash"), answer.body());
      assertFalse(env != null && answer.body().contains(env), answer.body());
    }
    assertFalse(Files.exists(dir.resolve("never")), "no job started");
  }

  @Test
  void nothingOfAJobMayLieInTheDaemonsStateDir() throws Exception {
    Path state = open.stateDir().toRealPath();
    assertOneLine400(submit(open, job(state.resolve("jobs"), "")));
    Answer report = call(open, "POST", "/api/jobs?report=" + state.resolve("daemon.json"), job(dir.resolve("r"), ""));
    assertOneLine400(report);
    assertTrue(report.error().startsWith("report: "), report.body());
    assertTrue(report.error().contains("state dir"), report.body());
    assertTrue(Files.readString(state.resolve("daemon.json")).contains(open.token()), "daemon.json untouched");
  }

  @Test
  void everyPathOfAConfinedDaemonsJobLiesUnderItsAllowedRoots() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(allowed.resolve("escape"), outside);
    Files.createSymbolicLink(allowed.resolve("report.json"), outside.resolve("planted.json")); // dangling, leads out
    Path urls = Files.writeString(outside.resolve("urls.txt"), origin.url("/bytes/5") + "\n");
    String root = allowed.toRealPath().toString();
    List<String> refused = List.of(
        job(Path.of("/etc/fetchpipe-out"), ""),
        job(outside.resolve("out"), ""),
        job(allowed.resolve("escape/out"), ""),
        job(allowed.resolve("../outside/out"), ""),
        "{\"job\": {\"url-file\": \"" + urls + "\", \"output-dir\": \"" + allowed.resolve("ok") + "\"}}");
    for (String body : refused) {
      Answer answer = submit(confined, body);
      assertOneLine400(answer);
      assertTrue(answer.error().contains("outside every allowed root (daemon.allowed-roots: " + root + ")"), answer.body());
    }
    for (String end : List.of("report=" + allowed.resolve("report.json"), "timeline=/tmp/x.html",
        "report=" + allowed.resolve("escape/r.json"))) {
      Answer answer = call(confined, "POST", "/api/jobs?" + end, job(allowed.resolve("fine"), ""));
      assertOneLine400(answer);
      assertTrue(answer.error().contains(root), answer.body());
    }
    assertFalse(Files.exists(outside.resolve("planted.json")));
    assertFalse(Files.exists(outside.resolve("out")));
    assertStillWorks(confined, allowed.resolve("inside"));
  }

  // --- requests out of all proportion ---------------------------------------------------------------------------------

  @Test
  void hugeHeadersHugeBodiesAndManyHeadersAreRefused() throws Exception {
    String head = "GET /api/jobs HTTP/1.1\r\nHost: " + URI.create(open.url()).getAuthority()
        + "\r\nAuthorization: Bearer " + open.token() + "\r\n";
    assertTrue(rawStatus(head + "X-Huge: " + "a".repeat(200_000) + "\r\n\r\n") >= 400);
    assertTrue(rawStatus(head + "X-Many: a\r\n".repeat(500) + "\r\n") >= 400);
    assertTrue(rawStatus("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n") >= 400);
    Answer huge = submit(open, "{\"job\": {\"urls\": [\"" + "a".repeat(3 << 20) + "\"]}}");
    assertEquals(413, huge.status(), huge.body().substring(0, Math.min(200, huge.body().length())));
    assertEquals(200, call(open, "GET", "/api/jobs", null).status());
  }

  @Test
  void ordersWithAbsurdValuesAreRefusedAndChangeNothing() throws Exception {
    String list = String.join(",", java.util.stream.IntStream.range(0, 30)
        .mapToObj(i -> "\"" + slow.url("/bytes/" + (100 + i)) + "\"").toList());
    Answer created = submit(open, "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \"" + dir.resolve("orders")
        + "\"}, \"fetch\": {\"max-in-flight\": 2}}");
    assertEquals(201, created.status(), created.body());
    String id = JSON.readTree(created.body()).get("id").asText();
    for (String order : List.of("{\"maxInFlight\": 1000000000000}", "{\"maxInFlight\": -5}", "{\"maxInFlight\": 1.5}",
        "{\"maxInFlight\": \"many\"}", "{\"writerThreads\": 100000}", "{\"maxPerHost\": 0}", "{}", "[1]", "not json",
        "{\"maxInFlight\": 3, \"rm\": \"-rf\"}", "{\"maxInFlight\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
      Answer answer = call(open, "PATCH", "/api/jobs/" + id, order);
      assertOneLine400(answer);
    }
    assertOneLine400(call(open, "POST", "/api/jobs/" + id + "/cancel", "{\"abort\": \"yes\"}"));
    JsonNode status = JSON.readTree(call(open, "GET", "/api/jobs/" + id, null).body());
    assertEquals(2, status.at("/settings/maxInFlight").asInt(), status.toString());
    assertEquals(202, call(open, "POST", "/api/jobs/" + id + "/cancel", "{\"abort\": true}").status());
  }

  @Test
  void aJobIdThatIsAPathFindsNoJob() throws Exception {
    for (String path : List.of("/api/jobs/..%2F..%2Fetc%2Fpasswd", "/api/jobs/%2e%2e/report", "/api/jobs/..%2Fdaemon.json/report",
        "/api/jobs/j0000000000%00/timeline")) {
      assertEquals(404, call(open, "GET", path, null).status(), path);
    }
    String host = URI.create(open.url()).getAuthority();
    int status = rawStatus("GET /api/jobs/../../../etc/passwd HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
        + open.token() + "\r\n\r\n");
    assertTrue(status == 404 || status == 400, "status " + status);
  }

  /** Sends a request as written, returns its status (0 when the server closed the connection without one). */
  private int rawStatus(String request) throws Exception {
    URI uri = URI.create(open.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.net.SocketException closedEarly) {
        // the server answered and closed before the whole request was sent: read its answer
      }
      InputStream in = socket.getInputStream();
      String line = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : 0;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer to a hostile request", e);
    }
  }
}
