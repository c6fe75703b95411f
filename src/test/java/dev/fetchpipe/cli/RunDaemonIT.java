package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.DaemonFile;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.config.CountryCodes;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} through a daemon in the background, every promise of it with real processes: the real launcher for the
 * client, the daemon it starts (its own session, its log in the state dir), real signals, and origins in this JVM whose
 * request counts show what was fetched. Each test has its own state dir and stops its daemons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunDaemonIT {
  private static final Duration COMMAND = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STARTED = Pattern.compile(
      "^fetchpipe: started a daemon in the background \\(pid (\\d+)\\): the runs after this one hand it their jobs and"
          + " start sooner; it stops after 5 min with no job\\. Its log: (\\S+)$");

  private static final String STOP_IT = "fetchpipe: stop it with `fetchpipe daemon --stop`; run without one with"
      + " --no-daemon, or with run.daemon = off in your config. (Said once.)";

  private RunningOrigin fast;
  private RunningOrigin slow;

  @BeforeAll
  void startOrigins() {
    fast = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    slow = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(300), Duration.ofMillis(100), 0.0));
  }

  @AfterAll
  void stopOrigins() {
    fast.close();
    slow.close();
  }

  private static Path flagUrls(Path dir, String name, RunningOrigin origin, List<String> codes) throws Exception {
    return Files.write(dir.resolve(name), codes.stream()
        .map(code -> origin.flagsUrl() + "/" + code.toLowerCase() + "/" + code.toLowerCase() + ".gif").toList());
  }

  /** A command run to its end with this state dir, which the test owns (and stops). */
  private static Launcher.Finished fetchpipe(Path dir, Path state, String... args) throws Exception {
    return fetchpipe(dir, state, Map.of(), args);
  }

  private static Launcher.Finished fetchpipe(Path dir, Path state, Map<String, String> environment, String... args)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("FETCHPIPE_STATE_DIR", state.toString());
    return Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir, all, COMMAND, args);
  }

  private static DaemonFile daemonOf(Path state) {
    return DaemonFile.running(state).orElseThrow(() -> new AssertionError("no daemon running with " + state));
  }

  /** The daemon a run started as it ended, once it is up (it starts in the background after the run). */
  private static DaemonFile awaitDaemon(Path state) throws InterruptedException {
    await("the daemon's start with " + state, COMMAND, () -> DaemonFile.running(state).isPresent());
    return daemonOf(state);
  }

  /**
   * A daemon up with this state dir, as a user's earlier runs leave one: a first run (its job in process) starts it.
   */
  private DaemonFile warmDaemon(Path dir, Path state, Map<String, String> environment) throws Exception {
    flagUrls(dir, "warm.txt", fast, CountryCodes.all().subList(0, 2));
    Launcher.Finished first = fetchpipe(dir, state, environment, "run", "--urls", "warm.txt", "--out", "warm");
    assertEquals(0, first.exitCode(), first.stdout() + first.stderr());
    return awaitDaemon(state);
  }

  private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(what + " not within " + timeout);
      Thread.sleep(20);
    }
  }

  private static boolean logSays(Path state, String text) {
    try {
      return Files.readString(state.resolve("daemon.log")).contains(text);
    } catch (java.io.IOException notYet) {
      return false;
    }
  }

  /** Field {@code index} (from 1) of /proc/PID/stat: 5 is the process group, 6 the session. */
  private static long stat(long pid, int index) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[index - 3]);
  }

  @Test
  void theFirstRunRunsInProcessAndStartsADaemonSayingSoOnceAndTheNextRunsUseItShowingWhatRunInProcessShows(
      @TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    flagUrls(dir, "urls.txt", fast, CountryCodes.all().subList(0, 20));
    try {
      Launcher.Finished first = fetchpipe(dir, state, "run", "--urls", "urls.txt", "--out", "a");
      assertEquals(0, first.exitCode(), first.stdout() + first.stderr());
      assertTrue(first.stdout().contains(" 20 downloaded."), first.stdout());
      List<String> note = first.stderr().lines().toList();
      assertEquals(2, note.size(), first.stderr());
      Matcher started = STARTED.matcher(note.get(0));
      assertTrue(started.matches(), note.get(0));
      assertEquals(state.resolve("daemon.log").toString(), started.group(2));
      assertEquals(STOP_IT, note.get(1));
      long pid = Long.parseLong(started.group(1));
      assertEquals(pid, awaitDaemon(state).pid(), "the daemon it named comes up");
      // A session and process group of its own: no Ctrl-C of the terminal reaches it, nor the terminal's closing.
      assertEquals(pid, stat(pid, 6), "its own session");
      assertEquals(pid, stat(pid, 5), "its own process group");
      // daemon.json is written before daemon.starting goes and the daemon prints its line: wait for them.
      await("the daemon's line in its log", COMMAND, () -> logSays(state, "fetchpipe daemon at http://127.0.0.1:"));
      await("up: no longer on its way", COMMAND, () -> !Files.exists(state.resolve("daemon.starting")));

      Launcher.Finished second = fetchpipe(dir, state, "run", "--urls", "urls.txt", "--out", "b", "--report", "b.json");
      Launcher.Finished inProcess = fetchpipe(dir, state, "run", "--no-daemon", "--urls", "urls.txt", "--out", "c",
          "--report", "c.json");
      assertEquals(0, second.exitCode(), second.stderr());
      assertEquals("", second.stderr());
      assertEquals(pid, daemonOf(state).pid(), "the same daemon");
      assertEquals(0, inProcess.exitCode(), inProcess.stderr());
      assertEquals(shown(inProcess.stdout(), "c"), shown(second.stdout(), "b"));
      assertEquals(shown(first.stdout(), "a"), shown(second.stdout(), "b"));
      assertTrue(second.stdout().startsWith("Site: " + fast.baseUrl() + "\nDownloading 20 URLs into b\n"), second.stdout());
      JsonNode throughDaemon = JsonReport.read(dir.resolve("b.json"));
      JsonNode ownProcess = JsonReport.read(dir.resolve("c.json"));
      String firstFile = CountryCodes.all().get(0).toLowerCase() + ".gif";
      assertEquals("c/" + firstFile, ownProcess.get("items").get(0).get("path").asText());
      assertEquals("b/" + firstFile, throughDaemon.get("items").get(0).get("path").asText(), "the path as run shows it");
      assertEquals(fieldNames(ownProcess), fieldNames(throughDaemon));
      assertEquals(20, throughDaemon.get("ok").asInt());
      assertEquals(20, OutputFiles.downloaded(dir.resolve("b")).size());

      Launcher.Finished jobs = fetchpipe(dir, state, "jobs");
      assertEquals(1, jobs.stdout().lines().filter(line -> line.startsWith("j") && line.contains(dir.resolve("b").toString()))
          .count(), "the second run's job, and only it, went through the daemon: " + jobs.stdout());
      assertEquals(2, jobs.stdout().lines().count(), jobs.stdout());

      // A rerun through the daemon with job.refresh = if-changed asks the origin about each file: all unchanged.
      Files.write(dir.resolve("bytes.txt"), List.of(fast.url("/bytes/100"), fast.url("/bytes/200"), fast.url("/bytes/300")));
      assertEquals(0, fetchpipe(dir, state, "run", "--urls", "bytes.txt", "--out", "e").exitCode());
      Launcher.Finished refresh = fetchpipe(dir, state, "run", "--urls", "bytes.txt", "--out", "e", "--report", "e.json",
          "--set", "job.refresh=if-changed");
      assertEquals(0, refresh.exitCode(), refresh.stdout() + refresh.stderr());
      assertTrue(refresh.stdout().contains("  3 unchanged on the server since an earlier run (304, kept).\n"), refresh.stdout());
      JsonNode refreshed = JsonReport.read(dir.resolve("e.json"));
      assertEquals(3, refreshed.get("unchanged").asInt(), refreshed.toString());
      refreshed.get("items").forEach(item -> assertEquals("UNCHANGED", item.get("outcome").asText(), item.toString()));
      assertEquals(pid, daemonOf(state).pid(), "through the same daemon");

      Launcher.Finished stop = fetchpipe(dir, state, "daemon", "--stop");
      assertEquals(0, stop.exitCode(), stop.stderr());
      assertEquals("Stopped the daemon in " + state + " (pid " + pid + ").\n", stop.stdout());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertFalse(Files.exists(state.resolve("daemon.json")));
      Launcher.Finished none = fetchpipe(dir, state, "daemon", "--stop");
      assertEquals(0, none.exitCode(), none.stderr());
      assertEquals("No daemon is running with " + state + ".\n", none.stdout());

      // The next run starts another, and says nothing of it: the user has been told.
      Launcher.Finished again = fetchpipe(dir, state, "run", "--urls", "urls.txt", "--out", "d");
      assertEquals(0, again.exitCode(), again.stderr());
      assertEquals("", again.stderr(), "said once");
      assertNotEquals(pid, awaitDaemon(state).pid());
    } finally {
      Launcher.stopDaemon(state);
    }
  }

  /** What a run printed, but for its elapsed time and the progress lines (a matter of timing) and its output dir. */
  private static String shown(String stdout, String outputDir) {
    return stdout.lines().filter(line -> !line.startsWith("Elapsed time: ") && !line.startsWith("progress: "))
        .map(line -> line.replace(" into " + outputDir, " into OUT")).collect(Collectors.joining("\n"));
  }

  private static Set<String> fieldNames(JsonNode report) {
    Set<String> names = new HashSet<>();
    report.fieldNames().forEachRemaining(names::add);
    report.get("items").get(0).fieldNames().forEachRemaining(name -> names.add("items." + name));
    return names;
  }

  @Test
  void killMinus9OfTheClientAbortsItsJobAtOnceAndARerunAtOnceResumesItWithNothingFetchedTwice(@TempDir Path dir)
      throws Exception {
    List<String> urls = IntStream.range(0, 60).mapToObj(i -> slow.url("/bytes/" + (10_000 + i))).toList();
    Files.write(dir.resolve("urls.txt"), urls);
    String[] job = {"run", "--urls", "urls.txt", "--out", "out", "-m", "4", "--report", "report.json",
        "--set", "progress.style=off"};
    warmDaemon(dir, Launcher.stateDir(dir), Map.of());
    slow.resetCounters();
    try (Launcher first = Launcher.start(dir, job)) {
      first.awaitOutput("concurrent connections will be used", COMMAND);
      await("a few files journaled", COMMAND, () -> journaled(dir.resolve("out")).size() >= 6);
      first.signalGroup("KILL");
      // At once: the rerun starts while the killed one's job may still be being aborted, and waits for it.
      // Not closed before the checks below: closing a launcher stops its daemon (the first's close does, at the end).
      Launcher second = Launcher.start(dir, job);
      assertEquals(0, second.awaitExit(COMMAND), second.stdout() + second.stderr());
      assertEquals("", second.stderr(), "no second daemon, no busy output dir");
      JsonNode report = JsonReport.read(dir.resolve("report.json"));
      int kept = 0;
      int fetchedAgain = 0;
      for (JsonNode item : report.get("items")) {
        String path = item.get("url").asText().substring(slow.baseUrl().length());
        long requests = slow.requestCount(path);
        if (item.get("outcome").asText().equals("KEPT")) {
          assertEquals(1, requests, path + " was saved before the kill: never fetched again");
          kept++;
        } else {
          assertEquals("OK", item.get("outcome").asText(), item.toString());
          assertTrue(requests <= 2, path + ": " + requests + " requests");
          if (requests == 2) fetchedAgain++;
        }
      }
      assertTrue(kept >= 6, "kept " + kept);
      // Only what was in flight when the killed run's job was aborted (4 at most) is fetched a second time.
      assertTrue(fetchedAgain <= 4, fetchedAgain + " URLs fetched twice");
      assertEquals(60, OutputFiles.downloaded(dir.resolve("out")).size());
      assertEquals(List.of(), OutputFiles.temporary(dir.resolve("out")));

      // The killed run's job ended at once, aborted for its client, and journaled what it had finished.
      try (DaemonClient client = new DaemonClient(daemonOf(Launcher.stateDir(dir)).address())) {
        List<RemoteJobStatus> jobs = client.jobs();
        assertEquals(2, jobs.size());
        RemoteJobStatus killed = jobs.get(1);
        assertEquals("its client went away", killed.cancellation().reason());
        // The abort is the cancel's second step, handled right after the first by the job's supervisor: at once, where
        // a cancel would have given the fetches in flight cancel.grace (5 s); a loaded machine may take a moment.
        assertTrue(killed.cancellation().abortedAtMs() - killed.cancellation().atMs() < 1000,
            "aborted, not given a grace: " + killed.cancellation());
      }
    }
  }

  @Test
  void aClosedTerminalsHangupEndsTheClientAndItsJobIsAbortedAtOnceTheDaemonGoesOn(@TempDir Path dir)
      throws Exception {
    flagUrls(dir, "urls.txt", slow, CountryCodes.all());
    long daemon = warmDaemon(dir, Launcher.stateDir(dir), Map.of()).pid();
    try (Launcher run = Launcher.start(dir, "run", "--urls", "urls.txt", "--out", "flags", "-m", "4")) {
      run.awaitOutput("4 concurrent connections will be used.", COMMAND);
      // What a terminal sends its processes as it closes.
      run.signalGroup("HUP");
      run.awaitExit(COMMAND);
      try (DaemonClient client = new DaemonClient(daemonOf(Launcher.stateDir(dir)).address())) {
        await("the job's end", Duration.ofSeconds(10), () -> client.jobs().get(0).ended());
        RemoteJobStatus job = client.jobs().get(0);
        assertEquals("ABORTED", job.state(), job.toString());
        assertEquals("its client went away", job.cancellation().reason());
        assertTrue(job.cancellation().abortedAtMs() - job.cancellation().atMs() < 1000, "not given a grace: " + job);
        assertTrue(job.counts().skipped() > 0, "not run to its end: " + job);
      }
      assertEquals(daemon, daemonOf(Launcher.stateDir(dir)).pid(), "the daemon goes on");
    }
  }

  @Test
  void twoTerminalsRunJobsIntoDifferentFoldersAtOnceThroughOneDaemon(@TempDir Path dir) throws Exception {
    flagUrls(dir, "urls.txt", slow, CountryCodes.all().subList(0, 24));
    DaemonFile daemon = warmDaemon(dir, Launcher.stateDir(dir), Map.of());
    slow.resetCounters();
    try (Launcher one = Launcher.start(dir, "run", "--urls", "urls.txt", "--out", "one", "-m", "3");
        Launcher two = Launcher.start(dir, "run", "--urls", "urls.txt", "--out", "two", "-m", "3")) {
      assertEquals(0, one.awaitExit(COMMAND), one.stdout() + one.stderr());
      assertEquals(0, two.awaitExit(COMMAND), two.stdout() + two.stderr());
      assertEquals("", one.stderr() + two.stderr());
      assertTrue(one.stdout().contains(" 24 downloaded.") && two.stdout().contains(" 24 downloaded."));
      assertEquals(24, OutputFiles.downloaded(dir.resolve("one")).size());
      assertEquals(24, OutputFiles.downloaded(dir.resolve("two")).size());
      assertTrue(slow.peakInFlight("/flags") > 3, "the two jobs ran at once: " + slow.peakInFlight("/flags"));
      try (DaemonClient client = new DaemonClient(daemon.address())) {
        assertEquals(2, client.jobs().size(), "both through the one daemon");
      }
    }
  }

  @Test
  void ctrlCReachesTheJobInRunsStagesButNotTheDaemonWhichGoesOn(@TempDir Path dir) throws Exception {
    flagUrls(dir, "urls.txt", slow, CountryCodes.all());
    long daemon = warmDaemon(dir, Launcher.stateDir(dir), Map.of()).pid();
    try (Launcher run = Launcher.start(dir, "run", "--urls", "urls.txt", "--out", "flags", "-m", "4",
        "--set", "cancel.grace=3s")) {
      run.awaitOutput("4 concurrent connections will be used.", COMMAND);
      run.signalGroup("INT");

      assertEquals(130, run.awaitExit(COMMAND), run.stdout() + run.stderr());
      assertTrue(run.stdout().contains("Cancelling (Ctrl-C): 4 in flight, waiting up to 3 s -- Ctrl-C again to abort now"),
          run.stdout());
      assertTrue(run.stdout().contains("skipped (never started)."), run.stdout());
      assertTrue(run.stdout().contains(" (Ctrl-C): 4 in flight, 4 finished, 0 cut off"), run.stdout());
      assertEquals(daemon, daemonOf(Launcher.stateDir(dir)).pid(), "the daemon goes on");
    }
  }

  @Test
  void aDaemonOfAnotherBuildIsNotUsedThisBuildStartsItsOwnBesideIt(@TempDir Path dir) throws Exception {
    Path other = anotherBuild(dir.resolve("checkout"));
    Path state = dir.resolve("state");
    flagUrls(dir, "urls.txt", fast, CountryCodes.all().subList(0, 5));
    fast.resetCounters();
    try {
      // Another checkout's run starts its build's daemon with the user's state dir.
      Launcher.Finished theirs = Launcher.runToEnd(other.resolve("scripts/fetchpipe"), dir,
          Map.of("FETCHPIPE_STATE_DIR", state.toString()), COMMAND, "run", "--urls", "urls.txt", "--out", "theirs");
      assertEquals(0, theirs.exitCode(), theirs.stdout() + theirs.stderr());
      DaemonFile theirDaemon = awaitDaemon(state);

      // This build's first run does not hand it its job: it runs in process, and starts a daemon of its own beside.
      Launcher.Finished ours = fetchpipe(dir, state, "run", "--urls", "urls.txt", "--out", "ours");
      assertEquals(0, ours.exitCode(), ours.stdout() + ours.stderr());
      List<String> note = ours.stderr().lines().toList();
      assertEquals(3, note.size(), ours.stderr());
      Path own;
      try (Stream<Path> dirs = Files.list(state.resolve("builds"))) {
        own = dirs.findFirst().orElseThrow();
      }
      assertEquals("fetchpipe: a daemon of another build of fetchpipe runs with " + state + "; this build's keeps"
          + " its state in " + own + ".", note.get(1));
      DaemonFile ourDaemon = awaitDaemon(own);
      assertNotEquals(theirDaemon.pid(), ourDaemon.pid());
      assertNotEquals(theirDaemon.build(), ourDaemon.build());

      // The next runs of this build use this build's daemon.
      Launcher.Finished next = fetchpipe(dir, state, "run", "--urls", "urls.txt", "--out", "next");
      assertEquals(0, next.exitCode(), next.stdout() + next.stderr());
      assertEquals("", next.stderr());
      try (DaemonClient client = new DaemonClient(ourDaemon.address())) {
        assertEquals(1, client.jobs().size(), "this build's daemon took this build's job");
      }
      try (DaemonClient client = new DaemonClient(theirDaemon.address())) {
        assertEquals(0, client.jobs().size(), "the other build's daemon never got one");
      }
      assertEquals(5, OutputFiles.downloaded(dir.resolve("next")).size());

      Launcher.Finished stop = fetchpipe(dir, state, "daemon", "--stop");
      assertEquals(2, stop.stdout().lines().filter(line -> line.startsWith("Stopped the daemon in ")).count(),
          stop.stdout());
      assertFalse(theirDaemon.alive());
    } finally {
      Launcher.stopDaemon(state);
    }
  }

  /**
   * Another build of fetchpipe: a checkout of its own, with this build's scripts and a copy of its jar (so another
   * jar, at another path) over the same libraries, nothing in it newer than the jar, so its launcher does not build.
   */
  private static Path anotherBuild(Path checkout) throws Exception {
    Files.createDirectories(checkout.resolve("target"));
    Files.createDirectories(checkout.resolve("src/main"));
    Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
    try (Stream<Path> scripts = Files.list(Launcher.PROJECT.resolve("scripts"))) {
      Files.createDirectories(checkout.resolve("scripts"));
      for (Path script : scripts.filter(Files::isRegularFile).toList()) {
        Files.copy(script, checkout.resolve("scripts").resolve(script.getFileName()),
            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Files.createSymbolicLink(checkout.resolve("target/lib"), Launcher.PROJECT.resolve("target/lib"));
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(checkout.resolve("src/main"), old);
    Files.setLastModifiedTime(checkout.resolve("pom.xml"), old);
    Files.copy(Launcher.PROJECT.resolve("target/fetchpipe.jar"), checkout.resolve("target/fetchpipe.jar"));
    return checkout;
  }

  @Test
  void anIdleDaemonStopsAfterItsIdleTimeoutButNeverUnderAJob(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    flagUrls(dir, "quick.txt", fast, CountryCodes.all().subList(0, 2));
    // 16 flags, 2 at a time, 300 ms each: more than 2 s, longer than the idle timeout.
    flagUrls(dir, "urls.txt", slow, CountryCodes.all().subList(0, 16));
    try {
      Launcher.Finished first = fetchpipe(dir, state, "run", "--urls", "quick.txt", "--out", "quick",
          "--set", "daemon.idle-timeout=2s");
      assertEquals(0, first.exitCode(), first.stdout() + first.stderr());
      assertTrue(first.stderr().contains("it stops after daemon.idle-timeout (2s) with no job"), first.stderr());
      DaemonFile daemon = awaitDaemon(state);
      Launcher.Finished run = fetchpipe(dir, state, "run", "--urls", "urls.txt", "--out", "out", "-m", "2");
      assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
      assertTrue(run.stdout().contains(" 16 downloaded."), run.stdout());
      assertTrue(daemon.alive(), "not stopped under its job");
      try (DaemonClient client = new DaemonClient(daemon.address())) {
        assertEquals(1, client.jobs().size(), "the job went through it");
      }
      await("the idle daemon's stop", Duration.ofSeconds(30), () -> !daemon.alive());
      assertFalse(Files.exists(state.resolve("daemon.json")));
      assertTrue(Files.readString(state.resolve("daemon.log"))
          .contains("fetchpipe daemon: no job and no client for 2 s (daemon.idle-timeout): stopping."));
    } finally {
      Launcher.stopDaemon(state);
    }
  }

  @Test
  void noDaemonRunOffAndPekkoKeysRunTheJobInProcessAsBefore(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    flagUrls(dir, "urls.txt", fast, CountryCodes.all().subList(0, 3));
    String[][] ways = {{"--no-daemon"}, {"--set", "run.daemon=off"}, {"--set", "pekko.loglevel=ERROR"}};
    for (String[] way : ways) {
      List<String> args = new ArrayList<>(List.of("run", "--urls", "urls.txt", "--out", "out-" + way[way.length - 1]));
      args.addAll(List.of(way));
      Launcher.Finished run = fetchpipe(dir, state, args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
      assertEquals("", run.stderr(), String.join(" ", way));
      assertTrue(run.stdout().contains("  3 downloaded."), run.stdout());
      assertFalse(Files.exists(state), String.join(" ", way) + ": no daemon was looked for, nor started");
    }
  }

  @Test
  void watchShowsAJobAsRunDoesCtrlCStopsWatchingAndTheJobGoesOn(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    flagUrls(dir, "quick.txt", fast, CountryCodes.all().subList(0, 2));
    flagUrls(dir, "urls.txt", slow, CountryCodes.all().subList(0, 30));
    try {
      assertEquals(0, fetchpipe(dir, state, "run", "--urls", "quick.txt", "--out", "quick").exitCode());
      awaitDaemon(state);
      Launcher.Finished submitted = fetchpipe(dir, state, "submit", "--urls", "urls.txt", "--out", "watched", "-m", "2");
      Matcher id = Pattern.compile("Submitted job (\\S+):").matcher(submitted.stdout());
      assertTrue(id.find(), submitted.stdout() + submitted.stderr());
      String job = id.group(1);

      try (Launcher watch = Launcher.start(dir, "watch", job, "--state-dir", state.toString())) {
        watch.awaitOutput("2 concurrent connections will be used.", COMMAND);
        watch.awaitOutput("progress: ", COMMAND);
        watch.signalGroup("INT");
        assertEquals(130, watch.awaitExit(COMMAND), watch.stdout() + watch.stderr());
        assertEquals("fetchpipe: stopped watching job " + job + "; it goes on in the daemon. To cancel it: fetchpipe"
            + " cancel " + job + "\n", watch.stderr());
        assertTrue(watch.stdout().startsWith("Site: " + slow.baseUrl() + "\nDownloading 30 URLs into "), watch.stdout());
        assertFalse(watch.stdout().contains("downloaded."), "no summary: the job goes on");
      }
      try (DaemonClient client = new DaemonClient(daemonOf(state).address())) {
        assertFalse(client.jobs().get(0).ended(), "the job goes on");
      }
      Launcher.Finished toTheEnd = fetchpipe(dir, state, "watch", job);
      assertEquals(0, toTheEnd.exitCode(), toTheEnd.stdout() + toTheEnd.stderr());
      assertTrue(toTheEnd.stdout().contains(" 30 downloaded."), toTheEnd.stdout());
      Launcher.Finished unknown = fetchpipe(dir, state, "watch", "j0000000000");
      assertEquals(2, unknown.exitCode());
      assertEquals("fetchpipe: no job j0000000000\n", unknown.stderr());
    } finally {
      Launcher.stopDaemon(state);
    }
  }

  @Test
  void runsClientLoadsNoPekkoNorScalaClassTheDaemonDoesTheJob(@TempDir Path dir) throws Exception {
    flagUrls(dir, "urls.txt", fast, CountryCodes.all().subList(0, 3));
    // Every JVM lists the classes it loads, in a file named after its pid: the client's, and its daemon's.
    String options = "-XX:+UseSerialGC -Xlog:class+load=info:file=" + dir.resolve("classes-%p.txt");
    Path state = dir.resolve("state");
    // The daemon of this JVM set-up (a run with other JVM options is another build's, and would not use another's).
    warmDaemon(dir, state, Map.of("FETCHPIPE_JAVA_OPTS", options));
    try (Launcher run = startWith(dir, state, Map.of("FETCHPIPE_JAVA_OPTS", options),
        "run", "--urls", "urls.txt", "--out", "out")) {
      assertEquals(0, run.awaitExit(COMMAND), run.stdout() + run.stderr());
      List<String> client = Files.readAllLines(dir.resolve("classes-" + run.pid() + ".txt"));
      assertTrue(client.stream().anyMatch(line -> line.contains(" dev.fetchpipe.client.JobFollower ")), "the log lists classes");
      List<String> pekko = client.stream().filter(line -> line.contains(" org.apache.pekko.") || line.contains(" scala.")
          || line.contains(" ch.qos.logback.")).limit(5).toList();
      assertEquals(List.of(), pekko, "run's client loaded what only a job needs");
      List<String> daemon = Files.readAllLines(dir.resolve("classes-" + daemonOf(state).pid() + ".txt"));
      assertTrue(daemon.stream().anyMatch(line -> line.contains(" dev.fetchpipe.pipeline.Fetcher ")), "the daemon fetched");
    } finally {
      Launcher.stopDaemon(state);
    }
  }

  /** The launcher in the background with this state dir and these variables besides. */
  private static Launcher startWith(Path dir, Path state, Map<String, String> environment, String... args)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("FETCHPIPE_STATE_DIR", state.toString());
    return Launcher.start(dir, all, args);
  }

  private static Set<String> journaled(Path out) {
    Set<String> files = new HashSet<>();
    try {
      for (String line : Files.readAllLines(out.resolve(Journal.FILE_NAME))) {
        if (line.contains("\"outcome\":\"OK\"")) files.add(JSON.readTree(line).get("file").asText());
      }
    } catch (Exception notYet) {
      return files;
    }
    return files;
  }
}
