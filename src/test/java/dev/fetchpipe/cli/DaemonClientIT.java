package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.client.DaemonEndpoint;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.CountryCodes;
import dev.fetchpipe.origin.FlagImages;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client against a real daemon: every command is a real `scripts/fetchpipe` process, the daemon another,
 * and the origins live in the test's JVM, where their counters can be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonClientIT {
  private static final List<String> CODES = List.of("CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
      "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR");
  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final Pattern SUBMITTED = Pattern.compile("Submitted job (\\S+): (http://\\S+)");

  /** The daemon's state dir, which it shares with the tests: they find it through its daemon.json. */
  private Path stateDir;
  private RunningOrigin fast;
  private RunningOrigin slow;
  private RunningOrigin stalled;
  private Launcher daemon;
  private String url;

  @BeforeAll
  void start(@TempDir Path daemonState) throws Exception {
    stateDir = daemonState;
    fast = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    slow = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(1500), Duration.ZERO, 0.0));
    stalled = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofSeconds(30), Duration.ZERO, 0.0));
    daemon = Launcher.start(stateDir, "daemon", "--port", "0", "--state-dir", stateDir.toString());
    daemon.awaitOutput("fetchpipe daemon at ", COMMAND);
    Matcher printed = Pattern.compile("fetchpipe daemon at (\\S+)").matcher(daemon.stdout());
    assertTrue(printed.find(), daemon.stdout());
    url = printed.group(1);
  }

  @AfterAll
  void stop() throws Exception {
    if (daemon != null) {
      daemon.signalGroup("TERM");
      daemon.awaitExit(COMMAND);
      daemon.close();
    }
    for (RunningOrigin origin : new RunningOrigin[] {fast, slow, stalled}) if (origin != null) origin.close();
  }

  private static Path urlFile(Path dir, RunningOrigin origin) throws Exception {
    return urlFile(dir, origin, CODES);
  }

  private static Path urlFile(Path dir, RunningOrigin origin, List<String> codes) throws Exception {
    String urls = codes.stream().map(code -> origin.flagsUrl() + "/" + code.toLowerCase() + "/" + code.toLowerCase() + ".gif")
        .collect(Collectors.joining("\n", "", "\n"));
    return Files.writeString(dir.resolve("urls.txt"), urls);
  }

  private Launcher.Finished fetchpipe(Path workDir, String... args) throws Exception {
    return Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), workDir, Map.of(), COMMAND, args);
  }

  private DaemonClient client() {
    return new DaemonClient(DaemonEndpoint.fromUrl(url));
  }

  private static String submittedId(Launcher.Finished submitted) {
    Matcher id = SUBMITTED.matcher(submitted.stdout());
    assertTrue(id.find(), submitted.stdout() + submitted.stderr());
    return id.group(1);
  }

  private static void assertOneLine(Launcher.Finished finished, String text) {
    assertTrue(finished.stderr().startsWith("fetchpipe: ") && finished.stderr().contains(text), finished.stderr());
    assertEquals(1, finished.stderr().lines().count(), "one line, no stack trace: " + finished.stderr());
  }

  @Test
  void submitWaitSavesEveryFileByteExactWhereTheClientSaidAndExits0(@TempDir Path dir) throws Exception {
    urlFile(dir, fast);
    // Relative paths, in the client's directory: the daemon's working directory is another.
    Launcher.Finished submit = fetchpipe(dir, "submit", "--wait", "--state-dir", stateDir.toString(),
        "--urls", "urls.txt", "--out", "flags", "--report", "reports/run.json");

    assertEquals(0, submit.exitCode(), submit.stdout() + submit.stderr());
    assertTrue(submit.stdout().startsWith("Site: " + fast.baseUrl()), submit.stdout());
    assertTrue(submit.stdout().contains("Downloading 20 URLs into " + dir.resolve("flags")), submit.stdout());
    assertTrue(submit.stdout().contains(" 20 downloaded."), submit.stdout());
    assertEquals(20, OutputFiles.downloaded(dir.resolve("flags")).size());
    for (String code : CODES) {
      String name = code.toLowerCase() + ".gif";
      assertArrayEquals(FlagImages.gif(code), Files.readAllBytes(dir.resolve("flags").resolve(name)), name);
    }
    JsonNode report = JsonReport.read(dir.resolve("reports/run.json"));
    assertEquals(20, report.get("ok").asInt());
  }

  @Test
  void aJobPostedAsCurlPostsItHasReferenceConfsDefaultsNotTheDemoJobs(@TempDir Path dir) throws Exception {
    // The daemon was started with no --config: the demo job's 5 at once and slow origin are not its jobs' defaults.
    String body = "{\"job\": {\"urls\": [\"" + fast.baseUrl() + "/bytes/10\"], \"output-dir\": \""
        + dir.resolve("curl") + "\"}}";
    try (DaemonClient client = client()) {
      String id = client.submit(body, null, null).id();
      awaitEnd(id);
      RemoteJobStatus status = client.jobs().stream().filter(job -> job.id().equals(id)).findFirst().orElseThrow();
      assertEquals(20, status.limits().maxInFlight(), status.toString());
    }
  }

  @Test
  void submitTakesUrlsAsArgumentsAndResizeTakesMaxInFlightLongForm(@TempDir Path dir) throws Exception {
    Launcher.Finished submit = fetchpipe(dir, "submit", "--wait", "--daemon", url, "--out", "args",
        fast.baseUrl() + "/bytes/11", fast.baseUrl() + "/bytes/12", "-j", "1");
    assertEquals(0, submit.exitCode(), submit.stdout() + submit.stderr());
    assertTrue(submit.stdout().contains("Downloading 2 URLs into " + dir.resolve("args")), submit.stdout());
    assertTrue(submit.stdout().contains("1 connection will be used."), submit.stdout());
    assertEquals(2, OutputFiles.downloaded(dir.resolve("args")).size());

    urlFile(dir, slow, CountryCodes.all());
    String id = submittedId(fetchpipe(dir, "submit", "--daemon", url, "--urls", "urls.txt", "--out", "flags", "-m", "2"));
    Launcher.Finished resize = fetchpipe(dir, "resize", id, "--max-in-flight", "3", "--daemon", url);
    assertEquals(0, resize.exitCode(), resize.stderr());
    assertEquals(id + ": max-in-flight 3, max-per-host 3, writers 4\n", resize.stdout());
    assertEquals(0, fetchpipe(dir, "cancel", id, "--abort", "--daemon", url).exitCode());
    awaitEnd(id);
  }

  @Test
  void submitSendsTheHeadersAndTheClientsRelativeNetrcAndRefusesABadHeaderInOneLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("netrc"), "machine 127.0.0.1 login alice password wonderland\n");
    Files.setPosixFilePermissions(dir.resolve("netrc"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Launcher.Finished submit = fetchpipe(dir, "submit", "--wait", "--daemon", url, "--out", "web",
        "-H", "X-Team: blue", "--set", "fetch.netrc=netrc", fast.baseUrl() + "/headers");
    assertEquals(0, submit.exitCode(), submit.stdout() + submit.stderr());
    String seen = Files.readString(dir.resolve("web/headers"));
    assertTrue(seen.contains("\"X-Team\":\"blue\"") && seen.contains("\"Authorization\":\"Basic YWxpY2U6d29uZGVybGFuZA==\""),
        seen);

    Launcher.Finished bad = fetchpipe(dir, "submit", "--wait", "--daemon", url, "--out", "bad", "-H", "Content-Length: 5",
        fast.baseUrl() + "/headers");
    assertEquals(2, bad.exitCode(), bad.stdout() + bad.stderr());
    assertOneLine(bad, "--header Content-Length: Content-Length is written by the HTTP layer itself and cannot be set");
    assertFalse(Files.exists(dir.resolve("bad")), "nothing started");
  }

  @Test
  void aByteRateIsSetOnSubmitItAndThePerHostPaceAreChangedByResizeAndABadOneIsOneLine(@TempDir Path dir) throws Exception {
    urlFile(dir, slow, CountryCodes.all());
    String id = submittedId(fetchpipe(dir, "submit", "--daemon", url, "--urls", "urls.txt", "--out", "rated", "-m", "2",
        "--set", "fetch.max-bytes-per-second=100KiB"));
    Launcher.Finished resize = fetchpipe(dir, "resize", id, "--rate", "2MiB", "--rate-per-url", "500KiB",
        "--per-host-delay", "250ms", "--per-host-rate", "4", "--daemon", url);
    assertEquals(0, resize.exitCode(), resize.stderr());
    assertEquals(id + ": max-in-flight 2, max-per-host 2, writers 4, rate 2MiB/s, per URL 500KiB/s, per-host delay 250 ms,"
        + " per-host rate 4/s\n", resize.stdout());
    Launcher.Finished negative = fetchpipe(dir, "resize", id, "--rate", "-1", "--daemon", url);
    assertEquals(2, negative.exitCode(), negative.stdout() + negative.stderr());
    assertOneLine(negative, "--rate: must not be negative");
    Launcher.Finished unitless = fetchpipe(dir, "resize", id, "--per-host-delay", "250", "--daemon", url);
    assertEquals(2, unitless.exitCode(), unitless.stdout() + unitless.stderr());
    assertOneLine(unitless, "--per-host-delay: a delay needs a unit, got '250'; write 250ms or 250s");
    assertEquals(0, fetchpipe(dir, "cancel", id, "--abort", "--daemon", url).exitCode());
    JobReport report = awaitEnd(id);
    assertEquals(2_097_152, report.limitChanges().get(0).maxBytesPerSecond(), "the report lists the change");
    assertEquals(250, report.limitChanges().get(0).perHostDelayMs(), "the pace too");
    assertEquals(4.0, report.limitChanges().get(0).perHostRate());

    Launcher.Finished garbage = fetchpipe(dir, "submit", "--wait", "--daemon", url, "--urls", "urls.txt", "--out", "never",
        "--set", "fetch.max-bytes-per-second=fast");
    assertEquals(2, garbage.exitCode(), garbage.stdout() + garbage.stderr());
    assertOneLine(garbage, "fetchpipe.fetch.max-bytes-per-second: expected a rate such as 2MiB (a second), 500KiB or off");
    assertFalse(Files.exists(dir.resolve("never")), "nothing started");
  }

  @Test
  void aBadJobIsTheDaemonsOneLineNamingTheKeyAndExits2(@TempDir Path dir) throws Exception {
    urlFile(dir, fast);
    Launcher.Finished submit = fetchpipe(dir, "submit", "--wait", "--daemon", url, "--urls", "urls.txt", "-m", "0");

    assertEquals(2, submit.exitCode(), submit.stdout() + submit.stderr());
    assertOneLine(submit, "fetchpipe.fetch.max-in-flight: must be at least 1");
    assertFalse(Files.exists(dir.resolve("downloads")), "nothing started");
  }

  @Test
  void jobsListsARunningJobResizeRaisesItsConcurrencyAtTheOriginAndCancelEndsIt(@TempDir Path dir) throws Exception {
    // Every flag there is, 1.5 s each: long enough that a few commands, each a JVM of its own, come while it runs.
    urlFile(dir, slow, CountryCodes.all());
    slow.resetCounters();
    Launcher.Finished submit = fetchpipe(dir, "submit", "--daemon", url, "--urls", "urls.txt", "--out", "flags", "-m", "2");
    assertEquals(0, submit.exitCode(), submit.stdout() + submit.stderr());
    String id = submittedId(submit);

    Launcher.Finished jobs = fetchpipe(dir, "jobs", "--state-dir", stateDir.toString());
    assertEquals(0, jobs.exitCode(), jobs.stderr());
    String line = jobs.stdout().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow(() -> new AssertionError(jobs.stdout()));
    assertTrue(line.contains("RUNNING") && line.endsWith(dir.resolve("flags").toString()), line);

    Launcher.Finished resize = fetchpipe(dir, "resize", id, "-m", "5", "--writers", "2", "--daemon", url);
    assertEquals(0, resize.exitCode(), resize.stderr());
    assertEquals(id + ": max-in-flight 5, max-per-host 5, writers 2\n", resize.stdout());
    eventually(Duration.ofSeconds(10), "the origin seeing 5 requests at once after the resize",
        () -> slow.peakInFlight("/flags"), peak -> peak == 5);

    Launcher.Finished cancel = fetchpipe(dir, "cancel", id, "--daemon", url);
    assertEquals(0, cancel.exitCode(), cancel.stderr());
    // As run says it: how long those in flight may still take, and how to cut them off now.
    assertTrue(cancel.stdout().matches(Pattern.quote(id) + ": Cancelling \\(fetchpipe cancel\\): \\d+ in flight, waiting up to"
        + " 5 s -- 'fetchpipe cancel " + Pattern.quote(id) + "' again to abort now; \\d+ queued URLs skipped\n"), cancel.stdout());

    JobReport report = awaitEnd(id);
    assertEquals(CancelSource.REQUEST, report.cancellation().source());
    assertTrue(report.counts().skipped() > 0, "queued URLs were skipped: " + report.counts());
    // Listed as what it is: cut short, not DONE.
    Launcher.Finished listed = fetchpipe(dir, "jobs", "--daemon", url);
    String ended = listed.stdout().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow(() -> new AssertionError(listed.stdout()));
    assertTrue(ended.matches(Pattern.quote(id) + " +CANCELLED .*"), ended);
    Launcher.Finished again = fetchpipe(dir, "cancel", id, "--daemon", url);
    assertEquals(2, again.exitCode());
    assertOneLine(again, "has ended");
  }

  @Test
  void ctrlCWhileWaitingCancelsTheJobSkipsTheRestAndExits130(@TempDir Path dir) throws Exception {
    urlFile(dir, slow);
    try (Launcher submit = Launcher.start(dir, "submit", "--wait", "--daemon", url, "--urls", "urls.txt", "--out", "flags",
        "-m", "2", "--report", "report.json")) {
      submit.awaitOutput("2 concurrent connections will be used.", COMMAND);
      submit.signalGroup("INT");

      assertEquals(130, submit.awaitExit(COMMAND), submit.stdout() + submit.stderr());
      String out = submit.stdout();
      assertTrue(out.matches("(?s).*Cancelling \\(Ctrl-C\\): \\d+ in flight, waiting up to 5 s -- Ctrl-C again to abort now\n.*"),
          out);
      assertTrue(out.contains("skipped (never started)."), out);
      assertTrue(out.contains("Cancelled at "), out);
      JsonNode report = JsonReport.read(dir.resolve("report.json"));
      assertTrue(report.get("skipped").asInt() > 0, report.toString());
      assertEquals(20, report.get("ok").asInt() + report.get("skipped").asInt(), "the grace let those in flight finish");
    }
  }

  @Test
  void aSecondCtrlCAbortsWhatIsInFlightAndTheReportShowsThemCancelled(@TempDir Path dir) throws Exception {
    urlFile(dir, stalled);
    try (Launcher submit = Launcher.start(dir, "submit", "--wait", "--daemon", url, "--urls", "urls.txt", "--out", "flags",
        "-m", "3", "--set", "cancel.grace=60s")) {
      submit.awaitOutput("3 concurrent connections will be used.", COMMAND);
      submit.signalGroup("INT");
      submit.awaitOutput("Ctrl-C again to abort now", COMMAND);
      submit.signalGroup("INT");

      assertEquals(130, submit.awaitExit(COMMAND), submit.stdout() + submit.stderr());
      assertTrue(submit.stdout().contains("Aborting ("), submit.stdout());
      assertTrue(submit.stdout().contains("  3 cancelled (cut off)."), submit.stdout());
      assertTrue(submit.stdout().contains(" 17 skipped (never started)."), submit.stdout());
    }
  }

  @Test
  void sigtermWhileWaitingCancelsGracefullyAndExits143(@TempDir Path dir) throws Exception {
    urlFile(dir, slow);
    try (Launcher submit = Launcher.start(dir, "submit", "--wait", "--daemon", url, "--urls", "urls.txt", "--out", "flags",
        "-m", "2")) {
      submit.awaitOutput("2 concurrent connections will be used.", COMMAND);
      submit.signalGroup("TERM");

      assertEquals(143, submit.awaitExit(COMMAND), submit.stdout() + submit.stderr());
      assertTrue(submit.stdout().contains("Cancelling (SIGTERM): "), submit.stdout());
      assertTrue(submit.stdout().contains("0 cut off"), "the grace was long enough: " + submit.stdout());
    }
  }

  @Test
  void withoutADaemonEveryCommandSaysSoInOneLineAndExits2(@TempDir Path dir) throws Exception {
    Launcher.Finished none = fetchpipe(dir, "jobs", "--state-dir", dir.toString());
    assertEquals(2, none.exitCode());
    assertOneLine(none, "no daemon running: no daemon.json in " + dir);

    // What a daemon killed with -9 leaves: its daemon.json, naming a pid that is gone.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(dir.resolve("daemon.json"), "{\"url\": \"" + url.substring(0, url.indexOf('?'))
        + "\", \"token\": \"t\", \"pid\": " + gone.pid() + "}");
    Launcher.Finished stale = fetchpipe(dir, "cancel", "j1", "--state-dir", dir.toString());
    assertEquals(2, stale.exitCode());
    assertOneLine(stale, "which is gone");

    Launcher.Finished wrongToken = fetchpipe(dir, "jobs", "--daemon", url.replaceAll("token=.*", "token=wrong"));
    assertEquals(2, wrongToken.exitCode());
    assertOneLine(wrongToken, "refused the token");
  }

  @Test
  void theClientLoadsNoPekkoNorScalaClassAndStartsNoActorSystem(@TempDir Path dir) throws Exception {
    urlFile(dir, fast);
    for (String[] command : new String[][] {{"jobs", "--daemon", url},
        {"submit", "--wait", "--daemon", url, "--urls", "urls.txt", "--out", "flags"}}) {
      Path classes = dir.resolve("classes-" + command[0] + ".txt");
      // The launcher's JVM flags, replaced by one that lists every class the JVM loads.
      Launcher.Finished run = Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir,
          Map.of("FETCHPIPE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), COMMAND, command);

      assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
      List<String> loaded = Files.readAllLines(classes);
      assertTrue(loaded.stream().anyMatch(line -> line.contains(" dev.fetchpipe.client.DaemonClient ")), "the log lists classes");
      List<String> pekko = loaded.stream().filter(line -> line.contains(" org.apache.pekko.") || line.contains(" scala.")
          || line.contains(" ch.qos.logback.")).limit(5).toList();
      assertEquals(List.of(), pekko, command[0] + " loaded what only a job needs");
    }
  }

  /** The job's report once it has ended, read through the client's own API calls. */
  private JobReport awaitEnd(String id) throws Exception {
    try (DaemonClient client = client()) {
      eventually(COMMAND, "job " + id + " ended",
          () -> client.jobs().stream().anyMatch(job -> job.id().equals(id) && job.ended()));
      return client.report(id);
    }
  }
}
