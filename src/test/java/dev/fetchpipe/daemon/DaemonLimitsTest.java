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
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.ArrayList;
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
 * The API's limits against real sockets and a real daemon in this JVM: connections that send no request head, or
 * send it a byte at a time, are closed; strangers make room for the daemon's users; event streams are counted; ended
 * jobs are pruned. (The same under load, as a process: cli/ApiAbuseIT; timed: scripts/bench-abuse.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonLimitsTest {
  @TempDir
  static Path temp;

  private RunningOrigin slow;
  private RunningOrigin fast;
  private Daemon daemon;
  private Api api;

  @BeforeAll
  void start() {
    slow = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(500), Duration.ZERO, 0.0));
    fast = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.port=0", "daemon.state-dir=" + temp.resolve("state"),
        "daemon.header-read-timeout=1s", "daemon.max-connections=16", "daemon.max-event-streams=3",
        "daemon.max-event-streams-per-job=2", "daemon.keep-ended.jobs=2", "daemon.event-buffer=32",
        // A small send buffer, so a reader that stops reading is felt after a few events rather than megabytes.
        "pekko.http.server.socket-options.so-send-buffer-size=4096"));
    daemon = Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
    api = new Api(daemon.address());
  }

  @AfterAll
  void stop() {
    daemon.stop(CancelSource.REQUEST);
    daemon.stop(CancelSource.REQUEST);
    daemon.whenStopped().toCompletableFuture().join();
    slow.close();
    fast.close();
  }

  private Socket connect() throws Exception {
    Socket socket = new Socket("127.0.0.1", daemon.address().port());
    socket.setSoTimeout(15_000);
    return socket;
  }

  /** True when the server closed the socket (end of stream or reset) before the read timed out. */
  private static boolean closedByServer(Socket socket) throws Exception {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) { /* an answer may come first */ }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Test
  void aConnectionThatSendsNoRequestHeadOrDribblesItIsClosed() throws Exception {
    try (Socket idle = connect(); Socket dribbling = connect()) {
      OutputStream out = dribbling.getOutputStream();
      Thread dribbler = new Thread(() -> {
        byte[] head = "GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        try {
          for (byte b : head) {
            out.write(b);
            out.flush();
            Thread.sleep(100);
          }
          for (int i = 0; i < 200; i++) {
            out.write('a');
            out.flush();
            Thread.sleep(100);
          }
        } catch (Exception closed) {
          // the server closed it: what the test wants
        }
      });
      dribbler.start();
      long started = System.nanoTime();
      assertTrue(closedByServer(idle), "an idle connection is closed");
      assertTrue(closedByServer(dribbling), "a dribbling connection is closed");
      assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15);
      dribbler.join();
    }
  }

  @Test
  void aRequestWithoutTheTokenClosesItsConnectionOnceAnswered() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + daemon.address().port()
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }
  }

  @Test
  void strangersMakeRoomForTheDaemonsUsers() throws Exception {
    List<Socket> strangers = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) strangers.add(connect());
      for (int i = 0; i < 5; i++) assertEquals(200, api.get("/api/jobs").status());
      // The first strangers were closed to make room for the later ones and the user's requests.
      assertTrue(closedByServer(strangers.get(0)));
    } finally {
      for (Socket socket : strangers) socket.close();
    }
  }

  /**
   * The API holds while every thread of the jobs' actor system is taken (as a busy job takes them): strangers' connections
   * past the limit are still accepted and closed, a request without the token is still answered, and a token holder's
   * request, in before the strangers' flood, is not closed to make room for them and is answered once the jobs'
   * threads are free again (its answer comes from the job registry, on those threads).
   */
  @Test
  void theApiAcceptsAndRefusesWhileTheJobsThreadsAreAllBusy() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
    int threads = Math.min(64, Math.max(2, Runtime.getRuntime().availableProcessors()));
    List<Socket> strangers = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        daemon.jobsSystem().executionContext().execute(() -> {
          taken.incrementAndGet();
          while (busy.get()) {
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
      }
      eventually(Duration.ofSeconds(10), "every thread of the jobs' system taken", () -> taken.get() >= threads);
      var user = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return api.get("/api/jobs").status();
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      for (int i = 0; i < 40; i++) strangers.add(connect());
      try (Socket socket = connect()) {
        socket.getOutputStream().write(("GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + daemon.address().port()
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
      }
      assertTrue(closedByServer(strangers.get(0)), "the oldest stranger was closed to make room");
      assertFalse(user.isDone(), "the jobs' threads were all busy, yet the registry answered");
      busy.set(false);
      assertEquals(200, user.get(30, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      busy.set(false);
      for (Socket socket : strangers) socket.close();
    }
  }

  @Test
  void eventStreamsAreCountedPerJobAndInAll() throws Exception {
    // One URL at a time from the slow origin: the jobs run until cancelled.
    String first = submit(slow, 40, "streams-1", 1);
    String second = submit(slow, 40, "streams-2", 1);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try {
      for (String id : List.of(first, first, second)) {
        HttpResponse<InputStream> stream = client.send(api.request("/api/jobs/" + id + "/events").build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        open.add(stream);
      }
      Api.Answer thirdOnJob = api.get("/api/jobs/" + first + "/events");
      assertEquals(429, thirdOnJob.status(), thirdOnJob.body());
      assertTrue(thirdOnJob.error().contains("daemon.max-event-streams-per-job"), thirdOnJob.body());
      Api.Answer fourth = api.get("/api/jobs/" + second + "/events");
      assertEquals(429, fourth.status(), fourth.body());
      assertTrue(fourth.error().contains("daemon.max-event-streams allows"), fourth.body());
    } finally {
      for (HttpResponse<InputStream> stream : open) stream.body().close();
    }
    // Streams whose readers went away free their places.
    eventually(Duration.ofSeconds(20), "an event stream let in again", () -> {
      HttpResponse<InputStream> again = client.send(api.request("/api/jobs/" + first + "/events").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      again.body().close();
      return again.statusCode();
    }, status -> status == 200);
    for (String id : List.of(first, second)) {
      assertEquals(202, api.post("/api/jobs/" + id + "/cancel", "{\"abort\": true}").status());
      api.awaitDone(id);
    }
  }

  @Test
  void aReaderThatStopsReadingIsDroppedAndTheJobGoesOn() throws Exception {
    String id = submit(fast, 600, "stalled", 2);
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(2048);
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", daemon.address().port()));
      stalled.getOutputStream().write(("GET /api/jobs/" + id + "/events?items=all HTTP/1.1\r\nHost: 127.0.0.1:"
          + daemon.address().port() + "\r\nAuthorization: Bearer " + daemon.address().token() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      JsonNode done = api.awaitDone(id);
      assertEquals(600, done.get("ok").asInt(), done.toString());
      // Read now: what the server had sent, then the end it put to the stream, well before the job's end event.
      stalled.setSoTimeout(15_000);
      String read = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(read.startsWith("HTTP/1.1 200"), read.substring(0, Math.min(200, read.length())));
      assertFalse(read.contains("event:end"), "the stalled reader was dropped before the job's end");
    } catch (java.net.SocketException reset) {
      // The server aborted the connection: dropped, as it should be.
    }
    // Its place is free again: two streams may be opened on the job.
    for (int i = 0; i < 2; i++) assertTrue(api.events(id, Duration.ofSeconds(30)).size() >= 1);
  }

  @Test
  void endedJobsPastKeepEndedArePrunedWithTheirFolders() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = submit(fast, 2, "pruned-" + i);
      api.awaitDone(id);
      ids.add(id);
    }
    // Ended jobs are pruned as the next one ends: the last two are kept.
    JsonNode listed = api.get("/api/jobs").json().get("jobs");
    List<String> listedIds = new ArrayList<>();
    listed.forEach(job -> listedIds.add(job.get("id").asText()));
    for (String kept : ids.subList(2, 4)) assertTrue(listedIds.contains(kept), listedIds.toString());
    for (String pruned : ids.subList(0, 2)) {
      assertFalse(listedIds.contains(pruned), listedIds.toString());
      assertEquals(404, api.get("/api/jobs/" + pruned).status());
      eventually(Duration.ofSeconds(10), pruned + "'s folder deleted",
          () -> !Files.exists(temp.resolve("state/jobs").resolve(pruned)));
    }
    assertTrue(Files.isRegularFile(temp.resolve("state/jobs").resolve(ids.get(3)).resolve("report.json")));
  }

  private String submit(RunningOrigin origin, int urls, String out) throws Exception {
    return submit(origin, urls, out, 4);
  }

  private String submit(RunningOrigin origin, int urls, String out, int maxInFlight) throws Exception {
    String list = IntStream.range(0, urls).mapToObj(n -> "\"" + origin.url("/bytes/" + (100 + n)) + "\"")
        .collect(Collectors.joining(","));
    Api.Answer created = api.post("/api/jobs", "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \""
        + temp.resolve(out) + "\"}, \"fetch\": {\"max-in-flight\": " + maxInFlight + "}}");
    assertEquals(201, created.status(), created.body());
    return created.json().get("id").asText();
  }
}
