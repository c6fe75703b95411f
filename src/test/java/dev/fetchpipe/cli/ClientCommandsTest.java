package dev.fetchpipe.cli;

import static dev.fetchpipe.client.FakeDaemon.Answer.events;
import static dev.fetchpipe.client.FakeDaemon.Answer.json;
import static dev.fetchpipe.client.FakeDaemon.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fetchpipe.cli.MainTest.Result;
import dev.fetchpipe.client.FakeDaemon;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's thin client in process, against a fake daemon: what it sends, what it prints, how it exits. */
class ClientCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBMITTED = "{\"id\": \"J7\", \"state\": \"RUNNING\", \"links\": {\"self\": \"/api/jobs/J7\","
      + " \"events\": \"/api/jobs/J7/events\", \"report\": \"/api/jobs/J7/report\"}}";

  @TempDir
  Path dir;

  private static Result fetchpipe(String... args) {
    return MainTest.fetchpipe(args);
  }

  static String status(String state, int done, int ok, int skipped, int inFlight, Integer exitCode, String cancellation) {
    return "{\"id\": \"J7\", \"state\": \"" + state + "\", \"site\": \"http://127.0.0.1:8001/flags\", \"outputDir\": \"/abs/flags\","
        + " \"total\": 20, \"done\": " + done + ", \"ok\": " + ok + ", \"kept\": 0, \"notFound\": 0, \"errors\": 0,"
        + " \"cancelled\": 0, \"skipped\": " + skipped + ", \"inFlight\": " + inFlight + ", \"queued\": 0, \"bytes\": 2048,"
        + " \"filesPerSecond\": 10.5, \"elapsedMs\": 1960, \"msLeft\": " + ("RUNNING".equals(state) ? "11300" : "null")
        + ", \"limits\": {\"maxInFlight\": 5, \"maxPerHost\": 5,"
        + " \"writerThreads\": 4}, \"cancellation\": " + cancellation + ", \"exitCode\": " + exitCode
        + ", \"submittedAt\": \"2026-12-01T22:00:00Z\", \"aFieldOfLater\": 1}";
  }

  private static String report(int ok, int skipped, Cancellation cancellation) throws Exception {
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < ok + skipped; i++) {
      Outcome outcome = i < ok ? Outcome.OK : Outcome.SKIPPED;
      items.add(AnItem.of(i, "http://127.0.0.1:8001/flags/" + i, outcome).status(i < ok ? 200 : null)
          .bytes(i < ok ? 100 : 0).error(i < ok ? null : "never started: the job was cancelled")
          .timings(new Timings(0.0, null, null, null, 5.0)).build());
    }
    return JSON.writeValueAsString(JobReport.of("http://127.0.0.1:8001/flags", 5, 1960, cancellation, items));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void assertOneLineError(Result result, int exitCode, String text) {
    assertEquals(exitCode, result.exitCode(), result.err());
    assertTrue(result.err().startsWith("fetchpipe: ") && result.err().contains(text), result.err());
    assertEquals(1, result.err().lines().count(), "one line, no stack trace: " + result.err());
  }

  @Test
  void everyClientCommandWithoutADaemonSaysSoInOneLineAndExits2() throws Exception {
    String[][] commands = {{"jobs"}, {"cancel", "J1"}, {"resize", "J1", "-m", "5"}, {"submit", "--out", "x"}};
    for (String[] command : commands) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--state-dir", dir.toString()));
      assertOneLineError(fetchpipe(args.toArray(String[]::new)), 2, "no daemon running: no daemon.json in " + dir);
    }
  }

  @Test
  void aStaleDaemonJsonAndARefusedConnectionAreOneLineEach() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(dir.resolve("daemon.json"), "{\"url\": \"http://127.0.0.1:1/\", \"token\": \"t\", \"pid\": " + gone.pid() + "}");
    assertOneLineError(fetchpipe("jobs", "--state-dir", dir.toString()), 2, "which is gone");

    assertOneLineError(fetchpipe("jobs", "--daemon", "http://127.0.0.1:" + freePort() + "/?token=t"), 2,
        "no daemon answers at http://127.0.0.1:");
    assertOneLineError(fetchpipe("jobs", "--daemon", "http://127.0.0.1:8642/"), 2, "--daemon: no ?token=");
  }

  @Test
  void aWrongTokenIsOneLineAndExits2() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      Result result = fetchpipe("jobs", "--daemon", daemon.url().replace(FakeDaemon.TOKEN, "wrong"));

      assertOneLineError(result, 2, "refused the token: no valid token");
      assertFalse(result.err().contains("wrong"), "the token is never printed: " + result.err());
    }
  }

  @Test
  void jobsFindsTheDaemonThroughTheStateDirAndPrintsATable() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("GET", "/api/jobs", json(200, "{\"jobs\": [" + status("DONE", 20, 18, 2, 0, 3, "null") + "]}"));
      Files.writeString(dir.resolve("daemon.json"), "{\"url\": \"" + daemon.url().replace("?token=" + FakeDaemon.TOKEN, "")
          + "\", \"token\": \"" + FakeDaemon.TOKEN + "\", \"pid\": " + ProcessHandle.current().pid() + "}");

      Result jobs = fetchpipe("jobs", "--state-dir", dir.toString());

      assertEquals(0, jobs.exitCode(), jobs.err());
      List<String> lines = jobs.out().lines().toList();
      assertEquals("ID  STATE   DONE  OK/FAILED/SKIPPED  IN FLIGHT  ELAPSED  OUTPUT DIR", lines.get(0));
      assertEquals("J7  DONE   20/20             18/0/2          0     2.0s  /abs/flags", lines.get(1));
      assertEquals("Bearer " + FakeDaemon.TOKEN, daemon.received().get(0).authorization());
    }
  }

  @Test
  void submitPostsTheJobWithAbsolutePathsAndPrintsItsIdAndUrl() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("POST", "/api/jobs", json(201, SUBMITTED));
      Path report = dir.resolve("reports/run.json");

      Result submit = fetchpipe("submit", "--daemon", daemon.url(), "--out", "flags", "-m", "3", "--set", "job.codes=[CN]",
          "--report", report.toString());

      assertEquals(0, submit.exitCode(), submit.err());
      String base = daemon.url().substring(0, daemon.url().indexOf("?"));
      assertEquals("Submitted job J7: " + base + "api/jobs/J7\n", submit.out());
      FakeDaemon.Received post = daemon.received().get(0);
      JsonNode job = JSON.readTree(post.body()).path("fetchpipe");
      assertEquals(Path.of("flags").toAbsolutePath().toString(), job.path("job").path("output-dir").asText());
      assertEquals("3", job.path("fetch").path("max-in-flight").asText());
      assertEquals("[\"CN\"]", job.path("job").path("codes").toString());
      assertEquals("report=" + report, URLDecoder.decode(post.query(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aJobTheDaemonRefusesIsItsOneLineAndExits2() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("POST", "/api/jobs", json(400, "{\"error\": \"fetchpipe.fetch.max-in-flight: must be at least 1, got 0\"}"));

      Result submit = fetchpipe("submit", "--daemon", daemon.url(), "-m", "0");

      assertEquals(2, submit.exitCode(), submit.err());
      assertEquals("fetchpipe: fetchpipe.fetch.max-in-flight: must be at least 1, got 0\n", submit.err());
    }
  }

  @Test
  void submitWaitShowsHeaderProgressAndRunsSummaryAndExitsWithTheJobsCode() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      Cancellation cancelled = new Cancellation(CancelSource.REQUEST, "fetchpipe cancel", 900, 2, 2, null, 1000.0);
      String cancellation = JSON.writeValueAsString(cancelled);
      daemon.on("POST", "/api/jobs", json(201, SUBMITTED))
          .on("GET", "/api/jobs/J7/events", events(
              ": a comment the daemon may send to keep the connection open\n\n",
              event("progress", status("RUNNING", 3, 3, 0, 5, null, "null")),
              event("item", "{\"index\": 0, \"url\": \"http://127.0.0.1:8001/flags/0\", \"outcome\": \"OK\"}"),
              event("resize", "{\"atMs\": 950.5, \"maxInFlight\": 50, \"maxPerHost\": 50, \"writerThreads\": 4}"),
              event("hostPause", "{\"host\": \"http://127.0.0.1:8001\", \"atMs\": 960, \"untilMs\": 2960,"
                  + " \"reason\": \"HTTP 429 Too Many Requests, Retry-After 2 s\"}"),
              event("robots", "{\"atMs\": 970, \"host\": \"http://127.0.0.1:8002\", \"warning\": \"could not read"
                  + " http://127.0.0.1:8002/robots.txt (HTTP 503 Service Unavailable): every URL of the host allowed\"}"),
              event("cancel", "{\"source\": \"REQUEST\", \"reason\": \"fetchpipe cancel\", \"inFlight\": 2, \"graceMs\": 5000}"),
              event("progress", status("DRAINING", 20, 18, 2, 0, null, cancellation)),
              event("end", status("CANCELLED", 20, 18, 2, 0, 3, cancellation))))
          .on("GET", "/api/jobs/J7/report", json(200, report(18, 2, cancelled)));

      Result wait = fetchpipe("submit", "--daemon", daemon.url(), "--wait", "--set", "progress.plain-interval=1us");

      assertEquals(3, wait.exitCode(), wait.err());
      String out = wait.out();
      assertTrue(out.startsWith("Site: http://127.0.0.1:8001/flags\nDownloading 20 URLs into /abs/flags\n"
          + "5 concurrent connections will be used.\n"), out);
      assertTrue(out.contains("progress: 3/20 done (3 saved), 5 in flight, 2.0 KiB at 1.0 KiB/s, 2.0s, about 11s left\n"), out);
      assertTrue(out.contains("Resized at 0.95s: max-in-flight 50, max-per-host 50, writers 4\n"), out);
      assertTrue(out.contains("Paused http://127.0.0.1:8001 at 0.96s for 2.0s: HTTP 429 Too Many Requests, Retry-After 2 s;"
          + " its URLs wait\n"), out);
      assertTrue(out.contains("robots.txt: could not read http://127.0.0.1:8002/robots.txt (HTTP 503 Service Unavailable):"
          + " every URL of the host allowed\n"), out);
      assertTrue(out.contains("Cancelling (request: fetchpipe cancel): 2 in flight, waiting up to 5 s -- Ctrl-C to abort now\n"),
          out);
      assertTrue(out.contains(" 18 downloaded.\n  2 skipped (never started).\nCancelled at 0.90s (request: fetchpipe cancel)"), out);
      assertTrue(out.endsWith("Elapsed time: 1.96s\n"), out);
      assertFalse(out.contains("\r"), "no carriage returns off a terminal: " + out);
    }
  }

  @Test
  void theSummaryIsMadeFromTheEndEventWithoutItemEventsOrTheReport() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      String failures = "\"renamed\": 2, \"failures\": ["
          + "{\"index\": 3, \"url\": \"http://h/3.gif\", \"outcome\": \"NOT_FOUND\", \"error\": \"HTTP 404\", \"attempts\": []},"
          + "{\"index\": 7, \"url\": \"http://h/7.gif\", \"outcome\": \"ERROR\", \"error\": \"HTTP 503 (after 4 attempts)\","
          + " \"timings\": {\"queuedMs\": 0.0}}], ";
      String end = status("DONE", 20, 18, 0, 0, 1, "null")
          .replace("\"notFound\": 0, \"errors\": 0", "\"notFound\": 1, \"errors\": 1")
          .replace("\"submittedAt\"", failures + "\"submittedAt\"");
      daemon.on("POST", "/api/jobs", json(201, SUBMITTED)).on("GET", "/api/jobs/J7/events", events(event("end", end)));

      Result wait = fetchpipe("submit", "--daemon", daemon.url(), "--wait");

      assertEquals(1, wait.exitCode(), wait.err());
      assertTrue(wait.out().contains("  http://h/3.gif -- not found\n  http://h/7.gif -- error: HTTP 503 (after 4 attempts)\n"
          + "--------------------\n 18 downloaded.\n  1 not found.\n  1 error.\n"
          + "  2 saved under a file name that differs from the URL's (--report FILE says why).\nElapsed time: 1.96s\n"), wait.out());
      assertTrue(daemon.received().stream().noneMatch(request -> request.path().endsWith("/report")), "no report fetched");
      FakeDaemon.Received watch = daemon.received().stream().filter(request -> request.path().endsWith("/events"))
          .findFirst().orElseThrow();
      assertEquals("items=none", watch.query(), "the client asks for no item event per URL");
    }
  }

  @Test
  void progressIsShownAsTheDaemonSaysTheJobsSettingsAreNotAsTheClientReadsThem() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      String submitted = SUBMITTED.substring(0, SUBMITTED.length() - 1)
          + ", \"progress\": {\"style\": \"plain\", \"spinnerIntervalMs\": 100, \"plainIntervalMs\": 0.001}}";
      daemon.on("POST", "/api/jobs", json(201, submitted))
          .on("GET", "/api/jobs/J7/events", events(event("progress", status("RUNNING", 3, 3, 0, 5, null, "null")),
              event("end", status("DONE", 20, 20, 0, 0, 0, "null"))))
          .on("GET", "/api/jobs/J7/report", json(200, report(20, 0, null)));

      Result wait = fetchpipe("submit", "--daemon", daemon.url(), "--wait", "--set", "progress.style=off");

      assertEquals(0, wait.exitCode(), wait.err());
      assertTrue(wait.out().contains("progress: 3/20 done"), wait.out());
    }
  }

  /** A daemon whose 201 does not say how to show progress (SUBMITTED has none): the client reads the job's own keys. */
  @Test
  void theProgressStyleOffShowsNoProgressLines() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("POST", "/api/jobs", json(201, SUBMITTED))
          .on("GET", "/api/jobs/J7/events", events(event("progress", status("RUNNING", 3, 3, 0, 5, null, "null")),
              event("end", status("DONE", 20, 20, 0, 0, 0, "null"))))
          .on("GET", "/api/jobs/J7/report", json(200, report(20, 0, null)));

      Result wait = fetchpipe("submit", "--daemon", daemon.url(), "--wait", "--set", "progress.style=off",
          "--set", "progress.plain-interval=1ms");

      assertEquals(0, wait.exitCode(), wait.err());
      assertFalse(wait.out().contains("progress:"), wait.out());
      assertTrue(wait.out().contains(" 20 downloaded."), wait.out());
    }
  }

  @Test
  void aStreamThatEndsBeforeTheJobIsOneLineAndExits1() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("POST", "/api/jobs", json(201, SUBMITTED))
          .on("GET", "/api/jobs/J7/events", events(event("progress", status("RUNNING", 3, 3, 0, 5, null, "null"))));

      assertOneLineError(fetchpipe("submit", "--daemon", daemon.url(), "--wait"), 1, "event stream before the job ended");
    }
  }

  @Test
  void cancelAndResizeSendWhatTheDaemonWantsAndPrintWhatIsInForce() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("POST", "/api/jobs/J7/cancel", json(202, status("ABORTING", 10, 10, 8, 2, null, "null")))
          .on("PATCH", "/api/jobs/J7", json(200, status("RUNNING", 10, 10, 0, 2, null, "null")
              .replace("\"maxInFlight\": 5", "\"maxInFlight\": 50")));

      Result cancel = fetchpipe("cancel", "J7", "--abort", "--daemon", daemon.url());
      Result resize = fetchpipe("resize", "J7", "-m", "50", "--writers", "4", "--daemon", daemon.url());

      assertEquals(0, cancel.exitCode(), cancel.err());
      assertEquals("J7: Aborting (fetchpipe cancel --abort): cutting off 2 in flight; 8 queued URLs skipped\n", cancel.out());
      assertEquals(true, JSON.readTree(daemon.received().get(0).body()).path("abort").asBoolean());
      assertEquals(0, resize.exitCode(), resize.err());
      assertEquals("J7: max-in-flight 50, max-per-host 5, writers 4\n", resize.out());
      assertEquals(JSON.readTree("{\"maxInFlight\": 50, \"writerThreads\": 4}"), JSON.readTree(daemon.received().get(1).body()));
    }
  }

  @Test
  void resizeSendsRatesAsBytesASecondAndShowsThem() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("PATCH", "/api/jobs/J7", json(200, status("RUNNING", 10, 10, 0, 2, null, "null")
          .replace("\"writerThreads\": 4}", "\"writerThreads\": 4, \"maxBytesPerSecond\": 2097152,"
              + " \"maxBytesPerSecondPerUrl\": 0}")));
      Result resize = fetchpipe("resize", "J7", "--rate", "2MiB", "--rate-per-url", "off", "--daemon", daemon.url());
      assertEquals(0, resize.exitCode(), resize.err());
      assertEquals("J7: max-in-flight 5, max-per-host 5, writers 4, rate 2MiB/s, per URL off\n", resize.out());
      assertEquals(JSON.readTree("{\"maxBytesPerSecond\": 2097152, \"maxBytesPerSecondPerUrl\": 0}"),
          JSON.readTree(daemon.received().get(0).body()));
    }
  }

  @Test
  void resizeSendsAPerHostPaceAsWrittenAndShowsIt() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("PATCH", "/api/jobs/J7", json(200, status("RUNNING", 10, 10, 0, 2, null, "null")
          .replace("\"writerThreads\": 4}", "\"writerThreads\": 4, \"perHostDelayMs\": 1500, \"perHostRate\": 0}")));
      Result resize = fetchpipe("resize", "J7", "--per-host-delay", "1.5s", "--per-host-rate", "off", "--daemon",
          daemon.url());
      assertEquals(0, resize.exitCode(), resize.err());
      assertEquals("J7: max-in-flight 5, max-per-host 5, writers 4, per-host delay 1.5 s, per-host rate off\n",
          resize.out());
      assertEquals(JSON.readTree("{\"perHostDelay\": \"1500ms\", \"perHostRate\": 0.0}"),
          JSON.readTree(daemon.received().get(0).body()));
    }
  }

  @Test
  void resizeRefusesBadNumbersBeforeAnyRequest() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      assertOneLineError(fetchpipe("resize", "J7", "-m", "0", "--daemon", daemon.url()), 2, "-m: expected a whole number from 1");
      assertOneLineError(fetchpipe("resize", "J7", "--writers", "2000", "--daemon", daemon.url()), 2,
          "--writers: expected a whole number from 1 to 1024, got 2000");
      assertOneLineError(fetchpipe("resize", "J7", "--max-per-host", "ten", "--daemon", daemon.url()), 2,
          "--max-per-host: expected a whole number from 1 to 2147483647, got 'ten'");
      assertOneLineError(fetchpipe("resize", "J7", "--daemon", daemon.url()), 2, "give at least one of -m");
      String[][] bad = {
          {"--rate", "-2MiB", "--rate: must not be negative (or off for no limit), got '-2MiB'"},
          {"--rate-per-url", "lots", "--rate-per-url: expected a rate such as 2MiB (a second), 500KiB or off, got 'lots'"},
          {"--per-host-delay", "500", "--per-host-delay: a delay needs a unit, got '500'; write 500ms or 500s"},
          {"--per-host-delay", "-1s", "--per-host-delay: must not be negative (or off for none), got '-1s'"},
          {"--per-host-rate", "2x", "--per-host-rate: expected requests a second such as 2 or 0.5, or off, got '2x'"},
          {"--per-host-rate", "1e9", "--per-host-rate: expected requests a second such as 2 or 0.5, or off, got '1e9'"}};
      for (String[] one : bad) {
        assertOneLineError(fetchpipe("resize", "J7", one[0], one[1], "--daemon", daemon.url()), 2, one[2]);
      }
      assertEquals(List.of(), daemon.received());
    }
  }

  @Test
  void anUnknownJobIsTheDaemonsOneLine() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      assertOneLineError(fetchpipe("cancel", "nope", "--daemon", daemon.url()), 2, "no route /api/jobs/nope/cancel");
    }
  }
}
