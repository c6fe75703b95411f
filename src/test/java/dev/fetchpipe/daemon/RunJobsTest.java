package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.JsonReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * run's jobs in a real daemon in this JVM: handed over with POST /api/jobs?attach=true on a connection they belong to,
 * followed on it, and aborted when it goes. The connections are plain sockets, so a test can reset one as a killed
 * client's kernel does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunJobsTest {
  @TempDir
  static Path temp;

  private RunningOrigin slow;
  private Daemon daemon;
  private Api api;

  @BeforeAll
  void start() {
    slow = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(400), Duration.ZERO, 0.0));
    daemon = TestDaemons.start(temp, "daemon.max-in-flight-limit=8");
    api = new Api(daemon.address());
  }

  @AfterAll
  void stop() {
    TestDaemons.stop(daemon);
    slow.close();
  }

  private String job(int urls, Path out, String... more) {
    String list = IntStream.range(0, urls).mapToObj(n -> "\"" + slow.url("/bytes/" + (1000 + n)) + "\"")
        .collect(Collectors.joining(", "));
    return "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \"" + out + "\"}, \"progress\": {\"plain-interval\":"
        + " \"300ms\"}" + String.join("", more) + "}";
  }

  /** A run's connection: the request sent, the answer read line by line as it comes. */
  private final class Attached implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final int status;

    Attached(String body, String query) throws Exception {
      socket = new Socket("127.0.0.1", daemon.address().port());
      socket.setSoTimeout(30_000);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head = "POST /api/jobs?attach=true" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + daemon.address().port()
          + "\r\nAuthorization: Bearer " + daemon.address().token() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.flush();
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      status = Integer.parseInt(in.readLine().substring(9, 12));
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        // the headers
      }
    }

    /** The next event, its type and data, skipping heartbeats; null at the end of the stream. */
    Api.Event next() throws Exception {
      String type = null;
      String data = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("event:")) type = line.substring(6).strip();
        if (line.startsWith("data:")) data = line.substring(5).strip();
        if (line.isEmpty() && type != null) return new Api.Event(type, Json.MAPPER.readTree(data));
        if (line.isEmpty()) data = null;
      }
      return null;
    }

    /** Reads events up to and including the first of this type. */
    List<Api.Event> until(String type) throws Exception {
      List<Api.Event> events = new ArrayList<>();
      for (Api.Event event = next(); event != null; event = next()) {
        events.add(event);
        if (event.type().equals(type)) return events;
      }
      throw new AssertionError("no " + type + " event: " + events);
    }

    /** Goes as a killed client does: its kernel resets the connection. */
    void reset() throws Exception {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  private static String id(List<Api.Event> events) {
    return events.get(0).data().get("id").asText();
  }

  @Test
  void aRunsJobIsAnsweredWithItsEventsItsHeaderFirstThenProgressAtItsPaceAndItsEnd() throws Exception {
    Path out = temp.resolve("followed");
    Path report = temp.resolve("followed.json");
    String query = "&terminal=false&outputDirAsGiven=" + URLEncoder.encode("downloads/mine", StandardCharsets.UTF_8)
        + "&report=" + URLEncoder.encode(report.toString(), StandardCharsets.UTF_8);
    // Twice the daemon's max-in-flight-limit: run in process has no such limit, and run's job neither.
    try (Attached run = new Attached(job(16, out, ", \"fetch\": {\"max-in-flight\": 16}"), query)) {
      assertEquals(201, run.status);
      List<Api.Event> events = run.until("end");
      assertEquals("created", events.get(0).type());
      assertEquals("RUNNING", events.get(0).data().get("state").asText());
      List<String> types = events.stream().map(Api.Event::type).filter(type -> !type.equals("series")).toList();
      assertEquals("start", types.get(1), types.toString());
      JsonNode start = events.stream().filter(e -> e.type().equals("start")).findFirst().orElseThrow().data();
      assertEquals(16, start.get("connections").asInt());
      assertEquals(out.toString(), start.get("outputDir").asText());
      List<JsonNode> progress = events.stream().filter(e -> e.type().equals("progress")).map(Api.Event::data).toList();
      // 16 at once, 400 ms each: about 450 ms in all, at the console's pace of one line every 300 ms.
      assertFalse(progress.isEmpty(), types.toString());
      assertTrue(progress.get(0).has("received"), progress.get(0).toString());
      JsonNode end = events.get(events.size() - 1).data();
      assertEquals(0, end.get("exitCode").asInt(), end.toString());
      assertEquals(16, end.get("ok").asInt());
    }
    // The report its client asked for names the files as run in process does: under the output dir as given.
    JsonNode written = JsonReport.read(report);
    assertEquals("downloads/mine/1000", written.get("items").get(0).get("path").asText());
    assertEquals(16, Files.list(out).filter(f -> !f.getFileName().toString().startsWith(".")).count());
  }

  @Test
  void aRerunIsAnsweredAtOnceAndHearsHowFarTheCheckOfTheEarlierRunsFilesIsBeforeItsHeaderTheCheckCountedInItsTime()
      throws Exception {
    Path out = temp.resolve("checked");
    // 12 files of 8 MB: hashing them takes a good many of the console's 50 ms intervals.
    String list = IntStream.range(0, 12).mapToObj(n -> "\"" + slow.url("/bytes/" + (8_000_000 + n)) + "\"")
        .collect(Collectors.joining(", "));
    String job = "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \"" + out + "\"}, \"progress\":"
        + " {\"plain-interval\": \"50ms\"}, \"fetch\": {\"max-in-flight\": 4}}";
    try (Attached first = new Attached(job, "&terminal=false")) {
      List<Api.Event> firstEvents = first.until("end");
      assertEquals(0, firstEvents.get(firstEvents.size() - 1).data().get("exitCode").asInt(), firstEvents.toString());
    }
    long ofBytes = IntStream.range(0, 12).mapToLong(n -> 8_000_000 + n).sum();
    try (Attached again = new Attached(job, "&terminal=false")) {
      assertEquals(201, again.status);
      List<Api.Event> events = again.until("end");
      assertEquals("created", events.get(0).type());
      assertEquals("STARTING", events.get(0).data().get("state").asText(), "answered before the check, not after");
      List<String> types = events.stream().map(Api.Event::type).filter(type -> !type.equals("series")).toList();
      List<JsonNode> checks = events.stream().filter(e -> e.type().equals("checking")).map(Api.Event::data).toList();
      assertTrue(checks.size() >= 3, "the first, how far, and the last: " + types);
      assertEquals(types.indexOf("start"), types.lastIndexOf("checking") + 1, "every check before the header: " + types);
      JsonNode firstCheck = checks.get(0);
      assertEquals(out.toString(), firstCheck.get("outputDir").asText());
      assertEquals(0, firstCheck.get("files").asInt());
      assertEquals(12, firstCheck.get("ofFiles").asInt());
      assertEquals(ofBytes, firstCheck.get("ofBytes").asLong());
      JsonNode lastCheck = checks.get(checks.size() - 1);
      assertEquals(12, lastCheck.get("files").asInt(), lastCheck.toString());
      assertEquals(ofBytes, lastCheck.get("bytes").asLong());
      for (int n = 1; n < checks.size(); n++) {
        assertTrue(checks.get(n).get("bytes").asLong() >= checks.get(n - 1).get("bytes").asLong(), checks.toString());
      }
      JsonNode start = events.stream().filter(e -> e.type().equals("start")).findFirst().orElseThrow().data();
      assertEquals(12, start.get("kept").asInt(), start.toString());
      JsonNode end = events.get(events.size() - 1).data();
      assertEquals(0, end.get("exitCode").asInt(), end.toString());
      assertTrue(end.get("elapsedMs").asDouble() >= lastCheck.get("elapsedMs").asDouble(),
          "the check counted in the job's time: " + end + " after " + lastCheck);
    }
    // submit's job too (submit --wait): its 201 comes as the check begins, and its stream, opened just after (the
    // check of 96 MB lasts far longer), hears the check before the header, the last one first when it came late.
    Api.Answer submitted = api.post("/api/jobs", job);
    assertEquals(201, submitted.status(), submitted.body());
    JsonNode created = Json.MAPPER.readTree(submitted.body());
    assertEquals("STARTING", created.get("state").asText(), submitted.body());
    List<String> followed = api.events(created.get("id").asText(), "none", Duration.ofSeconds(30)).stream()
        .map(Api.Event::type).filter(type -> !type.equals("series")).toList();
    assertTrue(followed.contains("checking"), followed.toString());
    assertTrue(followed.lastIndexOf("checking") < followed.indexOf("start"), followed.toString());
  }

  @Test
  void aRunsJobWhoseClientGoesIsAbortedAtOnceJournaledAndWritesNothingForIt() throws Exception {
    Path out = temp.resolve("orphaned");
    Path report = temp.resolve("orphaned.json");
    String id;
    try (Attached run = new Attached(job(40, out, ", \"fetch\": {\"max-in-flight\": 4}"),
        "&report=" + URLEncoder.encode(report.toString(), StandardCharsets.UTF_8))) {
      List<Api.Event> events = run.until("progress");
      id = id(events);
      // Long enough for the first four to be saved and journaled, and the next four to be in flight.
      Thread.sleep(600);
      run.reset();
    }
    JsonNode ended = api.awaitStatus(id, status -> status.path("exitCode").isInt(), Duration.ofSeconds(5));
    JsonNode cancellation = ended.get("cancellation");
    assertEquals("its client went away", cancellation.get("reason").asText(), ended.toString());
    assertTrue(cancellation.get("abortedAtMs").asDouble() - cancellation.get("atMs").asDouble() < 100,
        "aborted at once, no grace: " + cancellation);
    assertTrue(ended.get("skipped").asInt() > 0, ended.toString());
    assertFalse(Files.exists(report), "no report for a client that is gone, as a killed run writes none");
    String journal = Files.readString(out.resolve(".fetchpipe-journal.jsonl"));
    assertEquals(ended.get("ok").asInt(), journal.lines().filter(line -> line.contains("\"OK\"")).count(), journal);
  }

  @Test
  void aRunIntoTheDirOfALiveRunIsBusyButARunIntoAKilledRunsDirTakesOverOnceItIsAborted() throws Exception {
    Path out = temp.resolve("shared");
    // 40 URLs, 4 at a time, 400 ms each: 4 s, longer than a second run waits to learn whether its client has gone.
    String slowJob = job(40, out, ", \"fetch\": {\"max-in-flight\": 4}");
    try (Attached first = new Attached(slowJob, "")) {
      first.until("start");
      try (Attached second = new Attached(slowJob, "")) {
        assertEquals(409, second.status, "its client is alive: the dir is busy, as for run in process");
      }
      // Killed once some of its files are saved (and its next ones in flight).
      for (Api.Event event = first.next(); !event.type().equals("progress") || event.data().get("ok").asInt() == 0;
          event = first.next()) {
        assertFalse(event.type().equals("end"), "it ended first");
      }
      first.reset();
      // Sent at once: it waits for the killed one's abort, or finds it over.
      try (Attached rerun = new Attached(slowJob, "")) {
        assertEquals(201, rerun.status);
        List<Api.Event> events = rerun.until("end");
        JsonNode end = events.get(events.size() - 1).data();
        assertEquals(0, end.get("exitCode").asInt(), end.toString());
        assertEquals(40, end.get("ok").asInt() + end.get("kept").asInt(), end.toString());
        assertTrue(end.get("kept").asInt() > 0, "the killed run's files are kept: " + end);
      }
    }
  }

  @Test
  void aCancelNamingTheClientsSignalEndsTheJobAsRunsCtrlCWould() throws Exception {
    try (Attached run = new Attached(job(40, temp.resolve("interrupted")), "")) {
      String id = id(run.until("start"));
      Api.Answer cancel = api.post("/api/jobs/" + id + "/cancel", "{\"reason\": \"\", \"source\": \"INTERRUPT\"}");
      assertEquals(202, cancel.status(), cancel.body());
      List<Api.Event> events = run.until("end");
      JsonNode cancelling = events.stream().filter(e -> e.type().equals("cancel")).findFirst().orElseThrow().data();
      assertEquals("INTERRUPT", cancelling.get("source").asText());
      assertEquals(5000, cancelling.get("graceMs").asDouble());
      JsonNode end = events.get(events.size() - 1).data();
      assertEquals(130, end.get("exitCode").asInt(), end.toString());
      assertEquals("INTERRUPT", end.at("/cancellation/source").asText());
    }
    Api.Answer unknown = api.post("/api/jobs/nosuch/cancel", "{\"source\": \"KILL\"}");
    assertEquals(400, unknown.status());
    assertEquals("source: must be REQUEST, INTERRUPT or TERMINATE, got \"KILL\"", unknown.error());
  }

  @Test
  void aRefusedRunIsAnsweredAsAnySubmitIs() throws Exception {
    try (Attached run = new Attached("{\"fetch\": {\"max-in-flight\": 0}}", "")) {
      assertEquals(400, run.status);
    }
    try (Attached run = new Attached(job(1, temp.resolve("x")), "&terminal=maybe")) {
      assertEquals(400, run.status);
    }
  }
}
