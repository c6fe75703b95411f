package dev.fetchpipe.daemon;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.fetchpipe.testing.OutputFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** A real daemon in this JVM, its real API on 127.0.0.1, real origins and real files, driven as a script would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonApiTest {
  private static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path temp;

  private RunningOrigin fast;
  /** Every request waits 300 ms: long enough to see what is in flight, to cancel and to resize mid-job. */
  private RunningOrigin slow;
  private Daemon daemon;
  private Api api;

  @BeforeAll
  void start() {
    fast = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    slow = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(300), Duration.ZERO, 0.0));
    Config merged = ConfigLayers.merge(null, Map.of(),
        List.of("daemon.port=0", "daemon.state-dir=" + temp.resolve("state"), "daemon.max-body-size=64KiB"));
    daemon = Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
    api = new Api(daemon.address());
  }

  @AfterAll
  void stop() {
    daemon.stop(CancelSource.REQUEST);
    daemon.stop(CancelSource.REQUEST);
    daemon.whenStopped().toCompletableFuture().join();
    fast.close();
    slow.close();
  }

  private static List<String> urls(RunningOrigin origin, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(n -> origin.url("/bytes/" + n)).toList();
  }

  private static String job(List<String> urls, Path out, String... more) {
    String list = urls.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(", "));
    return "{\"job\": {\"urls\": [" + list + "], \"output-dir\": \"" + out + "\"}" + String.join("", more) + "}";
  }

  private String submit(String body) throws Exception {
    Api.Answer answer = api.post("/api/jobs", body);
    assertEquals(201, answer.status(), answer.body());
    return answer.json().get("id").asText();
  }

  private static byte[] independentGet(String url) throws Exception {
    return PLAIN.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  @Test
  void aJobSubmittedAsJsonRunsToItsEndWithEveryFileByteExact() throws Exception {
    Path out = temp.resolve("json-job");
    List<String> urls = urls(fast, 1000, 20);
    Api.Answer created = api.post("/api/jobs", job(urls, out));
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    assertEquals("/api/jobs/" + id + "/events", created.json().at("/links/events").asText());

    JsonNode done = api.awaitDone(id);
    assertEquals(20, done.get("ok").asInt(), done.toString());
    assertEquals(0, done.get("exitCode").asInt());
    assertEquals(out.toString(), done.get("outputDir").asText());
    for (String url : urls) {
      String name = url.substring(url.lastIndexOf('/') + 1);
      assertArrayEquals(independentGet(url), Files.readAllBytes(out.resolve(name)), name);
    }
    JsonNode report = api.get("/api/jobs/" + id + "/report").json();
    assertEquals(20, report.get("items").size());
    assertEquals(20, report.get("ok").asInt());
    Api.Answer timeline = api.get("/api/jobs/" + id + "/timeline");
    assertEquals(200, timeline.status());
    assertTrue(timeline.body().contains("<svg"), "a timeline page");
    JsonNode listed = api.get("/api/jobs").json().get("jobs");
    assertTrue(listed.findValuesAsText("id").contains(id), listed.toString());
  }

  @Test
  void theCreatedAnswerSaysHowTheJobsProgressIsShownFromTheJobOverTheDaemonsConfig() throws Exception {
    Api.Answer created = api.post("/api/jobs", job(urls(fast, 3000, 2), temp.resolve("progress-job"),
        ", \"progress\": {\"style\": \"PLAIN\", \"plain-interval\": \"250ms\", \"spinner-interval\": \"1500us\"}"));
    assertEquals(201, created.status(), created.body());

    JsonNode progress = created.json().get("progress");
    assertEquals("plain", progress.get("style").asText(), progress.toString());
    assertEquals(250, progress.get("plainIntervalMs").asLong(), progress.toString());
    assertTrue(progress.get("plainIntervalMs").isIntegralNumber(), progress.toString());
    assertEquals(1.5, progress.get("spinnerIntervalMs").asDouble(), progress.toString());
    api.awaitDone(created.json().get("id").asText());
  }

  @Test
  void rightAfterItsCreatedAnswerAJobIsListedAndStreamedAsRunningNotStartingItsHeaderFirst() throws Exception {
    // Its first progress event comes 250 ms after it starts; a quick client asks long before that.
    String id = submit(job(urls(slow, 3100, 3), temp.resolve("running-at-once")));

    JsonNode listed = api.get("/api/jobs").json().get("jobs").get(0);
    List<Api.Event> events = api.events(id, "none", Duration.ofSeconds(30));

    assertEquals(id, listed.get("id").asText());
    assertEquals("RUNNING", listed.get("state").asText(), listed.toString());
    assertEquals(slow.baseUrl(), listed.get("site").asText(), listed.toString());
    // What run's header shows comes first, then where the job is (the page's series, when there is one, before both).
    List<Api.Event> job = events.stream().filter(event -> !event.type().equals("series")).toList();
    assertEquals("start", job.get(0).type());
    assertEquals(slow.baseUrl(), job.get(0).data().get("site").asText(), job.get(0).data().toString());
    assertEquals(3, job.get(0).data().get("urls").asInt(), job.get(0).data().toString());
    assertEquals("progress", job.get(1).type());
    assertEquals("RUNNING", job.get(1).data().get("state").asText(), job.get(1).data().toString());
  }

  @Test
  void aJobInHoconTakesTheKeysOfAConfigFileAndPathsRelativeToTheDaemon() throws Exception {
    Path list = temp.resolve("hocon-urls.txt");
    Files.write(list, urls(fast, 2000, 5));
    String id = submit("fetchpipe.job.url-file = hocon-urls.txt\njob.output-dir = hocon-out\nfetch.max-in-flight = 2\n");
    JsonNode done = api.awaitDone(id);
    assertEquals(5, done.get("ok").asInt(), done.toString());
    assertEquals(2, done.at("/limits/maxInFlight").asInt(), done.toString());
    assertEquals(5, OutputFiles.downloaded(temp.resolve("hocon-out")).size());
  }

  @Test
  void aBadJobIsRefusedWithRunsOwnLineAndNothingStarts() throws Exception {
    int before = api.get("/api/jobs").json().get("jobs").size();
    Api.Answer bad = api.post("/api/jobs", job(urls(fast, 1, 1), temp.resolve("bad"), ", \"fetch\": {\"max-in-flight\": 0}"));
    assertEquals(400, bad.status());
    assertEquals("fetchpipe.fetch.max-in-flight: must be at least 1, got 0", bad.error());
    Api.Answer unknown = api.post("/api/jobs", "job.urls = [\"http://127.0.0.1:1/a\"]\nfetch.max-in-flgiht = 3");
    assertEquals(400, unknown.status());
    assertTrue(unknown.error().startsWith("fetchpipe.fetch.max-in-flgiht: unknown key"), unknown.error());
    assertEquals(400, api.post("/api/jobs", "{\"job\": ").status());
    assertEquals(400, api.post("/api/jobs", "pekko.loglevel = DEBUG").status());
    assertEquals(before, api.get("/api/jobs").json().get("jobs").size());
    assertFalse(Files.exists(temp.resolve("bad")));
  }

  @Test
  void everyRequestNeedsTheTokenTheDaemonsOwnHostAndNoOtherSitesOrigin() throws Exception {
    String token = daemon.address().token();
    assertEquals(401, api.send(api.unauthenticated("/api/jobs").GET()).status());
    assertEquals(401, api.send(api.unauthenticated("/api/jobs").header("Authorization", "Bearer wrong").GET()).status());
    assertTrue(api.send(api.unauthenticated("/api/jobs").GET()).error().contains("token"));

    // A browser opens the printed URL once; its cookie carries the token from then on.
    Api.Answer opened = api.send(api.unauthenticated("/?token=" + token).GET());
    assertEquals(200, opened.status());
    String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    assertEquals(200, api.send(api.unauthenticated("/api/jobs").header("Cookie", cookie.split(";")[0]).GET()).status());

    // DNS rebinding: the right token, but a Host that names another site.
    int port = daemon.address().port();
    assertEquals(421, api.raw("GET /api/jobs HTTP/1.1\r\nHost: evil.example:" + port + "\r\nAuthorization: Bearer " + token
        + "\r\nConnection: close\r\n\r\n"));
    assertEquals(200, api.raw("GET /api/jobs HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + token
        + "\r\nConnection: close\r\n\r\n"));
    // Another site's script, even one that knows the token, and never a CORS header.
    Api.Answer crossOrigin = api.send(api.request("/api/jobs").header("Origin", "http://evil.example").GET());
    assertEquals(403, crossOrigin.status());
    assertTrue(crossOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertTrue(api.get("/api/jobs").headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void theLivePageLoadsWithoutTheTokenButHoldsNoJobAndLoadsNothingFromElsewhere() throws Exception {
    String id = submit(job(urls(fast, 9500, 2), temp.resolve("page-job")));
    api.awaitDone(id);
    Api.Answer page = api.send(api.unauthenticated("/").GET());
    assertEquals(200, page.status());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertFalse(page.body().contains(id) || page.body().contains("page-job"), "the page itself holds no job");
    String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"), policy);
    assertTrue(page.headers().firstValue("Set-Cookie").isEmpty(), "no cookie without the token");
    assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing loaded from elsewhere");

    Api.Answer script = api.send(api.unauthenticated("/page/app.js").GET());
    assertEquals(200, script.status());
    assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"));
    assertTrue(api.send(api.unauthenticated("/page/paint.css").GET()).body().contains("rect.w{fill:#e69f00}"),
        "the timeline page's colours");
    // Only the page's own files are served without the token; the API and anything else still need it.
    assertEquals(401, api.send(api.unauthenticated("/page/other.js").GET()).status());
    assertEquals(404, api.get("/page/other.js").status());
    assertEquals(401, api.send(api.unauthenticated("/api/jobs/" + id).GET()).status());
    // And the page is still the daemon's own: another Host is refused, token or not.
    assertEquals(421, api.raw("GET / HTTP/1.1\r\nHost: evil.example:" + daemon.address().port()
        + "\r\nConnection: close\r\n\r\n"));
  }

  @Test
  void badInputIsA4xxWithOneLineAndChangesNothing() throws Exception {
    assertEquals(404, api.get("/api/jobs/j0123456789").status());
    assertEquals("no job j0123456789", api.get("/api/jobs/j0123456789").error());
    assertEquals(404, api.get("/api/nothing-here").status());
    assertTrue(api.get("/api/nothing-here").error().length() > 0);
    assertEquals(405, api.send(api.request("/api/jobs").DELETE()).status());
    String big = "job.urls = [\"http://127.0.0.1:1/" + "a".repeat(70_000) + "\"]";
    Api.Answer tooBig = api.post("/api/jobs", big);
    assertEquals(413, tooBig.status(), tooBig.body());
    assertTrue(tooBig.error().contains("daemon.max-body-size"), tooBig.body());

    String id = submit(job(urls(slow, 3000, 30), temp.resolve("orders"), ", \"fetch\": {\"max-in-flight\": 2}"));
    assertEquals(400, api.patch("/api/jobs/" + id, "{\"maxInFlight\": ").status());
    assertEquals("maxInFlight: must be from 1 to 1000 (daemon.max-in-flight-limit), got 0",
        api.patch("/api/jobs/" + id, "{\"maxInFlight\": 0}").error());
    assertEquals(400, api.patch("/api/jobs/" + id, "{\"maxInflight\": 5}").status());
    assertEquals(400, api.post("/api/jobs/" + id + "/cancel", "{\"abort\": \"yes\"}").status());
    assertEquals(2, api.get("/api/jobs/" + id).json().at("/limits/maxInFlight").asInt());
    assertEquals("RUNNING", api.get("/api/jobs/" + id).json().get("state").asText());
    api.post("/api/jobs/" + id + "/cancel", "{\"abort\": true}");
    api.awaitDone(id);
    assertEquals(409, api.post("/api/jobs/" + id + "/cancel", "").status());
    assertEquals(409, api.patch("/api/jobs/" + id, "{\"maxInFlight\": 3}").status());
  }

  @Test
  void aSecondJobIntoTheSameOutputDirIsAConflict() throws Exception {
    Path out = temp.resolve("shared-out");
    String first = submit(job(urls(slow, 4000, 20), out, ", \"fetch\": {\"max-in-flight\": 2}"));
    Api.Answer second = api.post("/api/jobs", job(urls(fast, 4100, 3), out));
    assertEquals(409, second.status(), second.body());
    assertTrue(second.error().contains(first), second.error());
    api.post("/api/jobs/" + first + "/cancel", "{\"abort\": true}");
    api.awaitDone(first);
  }

  @Test
  void cancelIsTheSupervisorsGracefulStageThenAbort() throws Exception {
    String id = submit(job(urls(slow, 5000, 60), temp.resolve("cancelled"), ", \"fetch\": {\"max-in-flight\": 4}"));
    api.awaitStatus(id, status -> status.path("ok").asInt() >= 4, Duration.ofSeconds(20));
    Api.Answer cancelled = api.post("/api/jobs/" + id + "/cancel", "{\"reason\": \"enough for today\"}");
    assertEquals(202, cancelled.status(), cancelled.body());
    assertTrue(List.of("DRAINING", "CANCELLED").contains(cancelled.json().get("state").asText()), cancelled.body());
    assertEquals(5000, cancelled.json().get("cancelGraceMs").asInt(), cancelled.body());
    JsonNode done = api.awaitDone(id);
    // Not DONE: the cancel skipped URLs the job had queued. The list says so too.
    assertEquals("CANCELLED", done.get("state").asText(), done.toString());
    assertTrue(api.get("/api/jobs").body().contains("\"id\":\"" + id + "\",\"state\":\"CANCELLED\""), "listed CANCELLED");
    assertEquals(3, done.get("exitCode").asInt(), done.toString());
    assertTrue(done.get("skipped").asInt() > 0, done.toString());
    assertEquals("REQUEST", done.at("/cancellation/source").asText(), done.toString());
    assertEquals(60, done.get("done").asInt(), done.toString());
    assertEquals(List.of(), OutputFiles.temporary(temp.resolve("cancelled")));

    String aborted = submit(job(urls(slow, 5100, 40), temp.resolve("aborted"), ", \"fetch\": {\"max-in-flight\": 8}"));
    api.awaitStatus(aborted, status -> status.path("inFlight").asInt() == 8, Duration.ofSeconds(20));
    api.post("/api/jobs/" + aborted + "/cancel", "");
    api.post("/api/jobs/" + aborted + "/cancel", "");
    JsonNode abortedDone = api.awaitDone(aborted);
    assertTrue(abortedDone.get("cancelled").asInt() + abortedDone.get("ok").asInt() >= 8, abortedDone.toString());
    assertEquals(abortedDone.get("cancelled").asInt() > 0 ? "ABORTED" : "CANCELLED", abortedDone.get("state").asText(),
        abortedDone.toString());
    assertTrue(abortedDone.at("/cancellation/abortedAtMs").isNumber() || abortedDone.get("cancelled").asInt() == 0,
        abortedDone.toString());
    assertEquals(List.of(), OutputFiles.temporary(temp.resolve("aborted")));
  }

  @Test
  void resizingARunningJobRaisesTheOriginsInFlightPeakAndIsAnEvent() throws Exception {
    List<String> urls = urls(slow, 6000, 400);
    slow.resetCounters();
    String id = submit(job(urls, temp.resolve("resized"), ", \"fetch\": {\"max-in-flight\": 5}"));
    api.awaitStatus(id, status -> status.path("ok").asInt() >= 10, Duration.ofSeconds(20));
    assertTrue(slow.peakInFlight("/bytes") <= 5, "peak before: " + slow.peakInFlight("/bytes"));

    Api.Answer raised = api.patch("/api/jobs/" + id, "{\"maxInFlight\": 50, \"writerThreads\": 1}");
    assertEquals(200, raised.status(), raised.body());
    assertEquals(50, raised.json().at("/limits/maxInFlight").asInt(), raised.body());
    assertEquals(1, raised.json().at("/limits/writerThreads").asInt(), raised.body());
    eventually(Duration.ofSeconds(10), "the origin seeing 50 requests at once", () -> slow.peakInFlight("/bytes"),
        peak -> peak == 50);

    JsonNode done = api.awaitDone(id);
    assertEquals(400, done.get("ok").asInt(), done.toString());
    for (String url : urls.subList(0, 400).stream().filter(u -> u.hashCode() % 20 == 0).toList()) {
      String name = url.substring(url.lastIndexOf('/') + 1);
      assertArrayEquals(independentGet(url), Files.readAllBytes(temp.resolve("resized").resolve(name)), name);
    }
    JsonNode changes = api.get("/api/jobs/" + id + "/report").json().get("limitChanges");
    assertEquals(1, changes.size(), changes.toString());
  }

  @Test
  void aPerHostPaceIsChangedThroughTheApiClearedWithOffAndABadOneChangesNothing() throws Exception {
    // Paced at a second a URL, the job runs long enough to be changed; cleared, it ends at once.
    List<String> urls = urls(fast, 6500, 20);
    String id = submit(job(urls, temp.resolve("paced"), ", \"fetch\": {\"max-in-flight\": 4, \"per-host-delay\": \"1s\"}"));
    assertEquals(1000, api.awaitStatus(id, status -> status.path("ok").asInt() >= 1, Duration.ofSeconds(20))
        .at("/limits/perHostDelayMs").asLong());

    Api.Answer paced = api.patch("/api/jobs/" + id, "{\"perHostDelay\": \"400ms\", \"perHostRate\": 0.5}");
    assertEquals(200, paced.status(), paced.body());
    assertEquals(400, paced.json().at("/limits/perHostDelayMs").asLong(), paced.body());
    assertEquals(0.5, paced.json().at("/limits/perHostRate").asDouble(), paced.body());
    for (String[] bad : new String[][] {
        {"{\"perHostDelay\": \"-1s\"}", "perHostDelay: must not be negative (or off for none), got '-1s'"},
        {"{\"perHostDelay\": 500}", "perHostDelay: must be a delay such as \"500ms\" or \"2s\", or \"off\", got 500"},
        {"{\"perHostDelay\": \"3d\"}", "perHostDelay: expected a delay such as 500ms or 2s, or off, got '3d'"},
        {"{\"perHostDelay\": \"2h\"}", "perHostDelay: must be at most 1h, got '2h'"},
        {"{\"perHostRate\": -2}", "perHostRate: must not be negative (or off for none), got -2"},
        {"{\"perHostRate\": \"fast\"}", "perHostRate: expected requests a second such as 2 or 0.5, or off, got 'fast'"},
        {"{\"perHostRate\": 1e9}", "perHostRate: must be at most 100000 requests a second, got 1000000000"}}) {
      Api.Answer refused = api.patch("/api/jobs/" + id, bad[0]);
      assertEquals(400, refused.status(), refused.body());
      assertEquals(bad[1], refused.error(), bad[0]);
    }
    JsonNode unchanged = api.get("/api/jobs/" + id).json();
    assertEquals(400, unchanged.at("/limits/perHostDelayMs").asLong(), unchanged.toString());
    assertEquals(0.5, unchanged.at("/limits/perHostRate").asDouble(), unchanged.toString());

    Api.Answer cleared = api.patch("/api/jobs/" + id, "{\"perHostDelay\": \"off\", \"perHostRate\": \"off\"}");
    assertEquals(200, cleared.status(), cleared.body());
    assertEquals(0, cleared.json().at("/limits/perHostDelayMs").asLong(), cleared.body());
    assertEquals(0, cleared.json().at("/limits/perHostRate").asDouble(), cleared.body());
    JsonNode done = api.awaitDone(id);
    assertEquals(20, done.get("ok").asInt(), done.toString());
    for (String url : urls) {
      assertEquals(1, fast.requestCount(URI.create(url).getPath()), url + " asked for once");
    }
    JsonNode changes = api.get("/api/jobs/" + id + "/report").json().get("limitChanges");
    assertEquals(List.of(400L, 0L), List.of(changes.get(0).get("perHostDelayMs").asLong(),
        changes.get(1).get("perHostDelayMs").asLong()), changes.toString());
    assertEquals(0.5, changes.get(0).get("perHostRate").asDouble(), changes.toString());
  }

  @Test
  void theEventStreamCarriesProgressEachUrlsEndAndTheEnd() throws Exception {
    // The stream carries what happens after it is opened: a 2 s origin leaves it time to open before the first URL
    // ends, even on a loaded machine.
    List<Api.Event> events;
    String id;
    try (RunningOrigin slower = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofSeconds(2), Duration.ZERO, 0.0))) {
      id = submit(job(urls(slower, 7000, 24), temp.resolve("watched"), ", \"fetch\": {\"max-in-flight\": 12}"));
      events = api.events(id, Duration.ofSeconds(30));
    }
    List<String> types = events.stream().map(Api.Event::type).toList();
    assertEquals("end", types.get(types.size() - 1), types.toString());
    assertTrue(types.contains("progress"), types.toString());
    assertEquals(24, events.stream().filter(e -> e.type().equals("item")).map(e -> e.data().get("url").asText())
        .distinct().count(), types.toString());
    assertEquals(0, events.get(events.size() - 1).data().get("exitCode").asInt());
    // The writer threads at work, sampled from the job's own pool: never more than it has, none once it ended.
    for (Api.Event progress : events.stream().filter(e -> e.type().equals("progress") && e.data().has("total")).toList()) {
      int busy = progress.data().path("writerThreadsBusy").asInt(-1);
      assertTrue(busy >= 0 && busy <= progress.data().at("/limits/writerThreads").asInt(), progress.data().toString());
    }
    assertEquals(0, events.get(events.size() - 1).data().path("writerThreadsBusy").asInt(-1));
    // After the end, a new stream says so at once, after the job's numbers since its start (what a chart draws).
    List<Api.Event> late = api.events(id, Duration.ofSeconds(5));
    assertEquals(List.of("series", "end"), late.stream().map(Api.Event::type).toList());
    JsonNode series = late.get(0).data();
    assertEquals("t", series.at("/fields/0").asText(), series.toString());
    JsonNode samples = series.get("samples");
    assertTrue(samples.size() >= 2, series.toString());
    assertTrue(samples.get(0).get(0).asLong() <= 1000, "from the job's start: " + samples.get(0));
    JsonNode last = samples.get(samples.size() - 1);
    assertEquals(24, last.get(5).asInt(), "the last sample is the job's end: " + last);
    assertEquals(12, last.get(6).asInt(), "max-in-flight: " + last);
  }

  @Test
  void aStreamWithoutItemsGetsProgressAndAnEndThatCarriesTheSummarysFailures() throws Exception {
    List<String> urls = new ArrayList<>(urls(slow, 7100, 6));
    String missing = slow.baseUrl() + "/status/404";
    urls.add(missing);
    String id = submit(job(urls, temp.resolve("no-items"), ""));
    List<Api.Event> events = api.events(id, "none", Duration.ofSeconds(30));

    List<String> types = events.stream().map(Api.Event::type).toList();
    assertFalse(types.contains("item"), types.toString());
    assertTrue(types.contains("progress"), types.toString());
    JsonNode end = events.get(events.size() - 1).data();
    assertEquals("end", events.get(events.size() - 1).type());
    assertEquals(1, end.get("notFound").asInt(), end.toString());
    assertEquals(0, end.get("renamed").asInt(), end.toString());
    assertEquals(1, end.get("failures").size(), end.toString());
    assertEquals(missing, end.get("failures").get(0).get("url").asText());
    assertEquals("NOT_FOUND", end.get("failures").get(0).get("outcome").asText());
    // The job's kept status says the same.
    assertEquals(end.get("failures"), api.get("/api/jobs/" + id).json().get("failures"));
    assertEquals(400, api.get("/api/jobs/" + id + "/events?items=some").status());
  }

  @Test
  void theEndIsToldBeforeItIsKeptInTheStateDirAndTheReportIsServedFromMemoryUntilThen() throws Exception {
    Path out = temp.resolve("unkept");
    String id = submit(job(urls(slow, 7200, 3), out));
    // The job's folder in the state dir replaced by a file: its end can never be kept there (root ignores modes).
    Path folder = temp.resolve("state").resolve("jobs").resolve(id);
    try (var files = Files.walk(folder)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(file);
    }
    Files.writeString(folder, "not a folder");

    List<Api.Event> events = api.events(id, "none", Duration.ofSeconds(30));

    JsonNode end = events.get(events.size() - 1).data();
    assertEquals("end", events.get(events.size() - 1).type());
    assertEquals(0, end.get("exitCode").asInt(), end.toString());
    assertFalse(end.has("error"), "the end is told as it was, not as the state dir failed it: " + end);
    assertEquals(3, api.get("/api/jobs/" + id + "/report").json().get("items").size());
    assertEquals(end.get("exitCode"), api.get("/api/jobs/" + id).json().get("exitCode"));
    // The output dir was released before the end: a job into it is taken at once.
    api.awaitDone(submit(job(urls(fast, 7300, 1), out)));
  }

  @Test
  void pastMaxJobsASubmissionIsRefusedUntilOneEnds() throws Exception {
    Config merged = ConfigLayers.merge(null, Map.of(),
        List.of("daemon.port=0", "daemon.state-dir=" + temp.resolve("one-job-state"), "daemon.max-jobs=1"));
    Daemon small = Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
    try {
      Api oneAtATime = new Api(small.address());
      Api.Answer first = oneAtATime.post("/api/jobs", job(urls(slow, 8000, 20), temp.resolve("first"),
          ", \"fetch\": {\"max-in-flight\": 2}"));
      assertEquals(201, first.status(), first.body());
      Api.Answer second = oneAtATime.post("/api/jobs", job(urls(fast, 8100, 2), temp.resolve("second")));
      assertEquals(503, second.status(), second.body());
      assertTrue(second.error().contains("daemon.max-jobs"), second.error());
      String id = first.json().get("id").asText();
      oneAtATime.post("/api/jobs/" + id + "/cancel", "{\"abort\": true}");
      oneAtATime.awaitDone(id);
      assertEquals(201, oneAtATime.post("/api/jobs", job(urls(fast, 8100, 2), temp.resolve("second"))).status());
    } finally {
      small.stop(CancelSource.REQUEST);
      small.stop(CancelSource.REQUEST);
      small.whenStopped().toCompletableFuture().join();
    }
  }
}
