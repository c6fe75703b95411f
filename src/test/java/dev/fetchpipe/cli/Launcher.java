package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;

import dev.fetchpipe.client.DaemonEndpoint;
import dev.fetchpipe.client.DaemonFile;
import dev.fetchpipe.client.DaemonStop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher, scripts/fetchpipe, as a child process in its own process group (via setsid), so a test can
 * signal the whole group as a terminal does on Ctrl-C. Output goes to files the test can read while it runs.
 *
 * <p>A {@code run} goes through a daemon (and with none up, runs in process and starts one as it ends): each launch has
 * the state dir of its working directory ({@link #stateDir}), so every test has its own daemon, and {@link #close}
 * stops it; a test that gives a state dir of its own ({@link #startDaemon}) stops it itself. Whatever a test leaves,
 * the test JVM's exit stops; and a daemon started so stops by itself after daemon.idle-timeout anyway.
 */
final class Launcher implements AutoCloseable {
  static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
  /** The state dirs launches were given, each stopped when the test JVM exits (the safety net). */
  private static final Set<Path> STATE_DIRS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STATE_DIRS.forEach(Launcher::stopDaemon)));
  }

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  /** The state dir this launch chose, whose daemon {@link #close} stops; null when the test gave one (it owns it). */
  private final Path stateDir;

  private Launcher(Process process, Path stdout, Path stderr, Path stateDir) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.stateDir = stateDir;
  }

  /**
   * A daemon up with this state dir, started as run starts one (in the background, from the launcher, stopping after
   * daemon.idle-timeout): for a test whose runs go through a daemon from the first. Stopped when the test JVM exits,
   * if the test has not stopped it.
   */
  static DaemonFile startDaemon(Path stateDir) throws Exception {
    Files.createDirectories(stateDir);
    STATE_DIRS.add(stateDir);
    new ProcessBuilder("setsid", PROJECT.resolve("scripts/fetchpipe").toString(), "daemon", "--background",
        "--state-dir", stateDir.toString(), "--port", "0").directory(stateDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("daemon.log").toFile()))
        .redirectErrorStream(true).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      var up = DaemonFile.running(stateDir);
      if (up.isPresent()) return up.get();
      Thread.sleep(20);
    }
    throw new AssertionError("no daemon up with " + stateDir + ":\n" + Files.readString(stateDir.resolve("daemon.log")));
  }

  /** What a test does with a daemon up: {@code environment} sends its launches' jobs to it. */
  interface WithDaemon {
    void run(Map<String, String> environment) throws Exception;
  }

  /** Runs {@code body} with a daemon up in {@code stateDir} ({@link #startDaemon}), stopped after it. */
  static void throughDaemon(Path stateDir, WithDaemon body) throws Exception {
    startDaemon(stateDir);
    try {
      body.run(Map.of(DaemonEndpoint.STATE_DIR_VARIABLE, stateDir.toString()));
    } finally {
      stopDaemon(stateDir);
    }
  }

  /** Where the daemon of the launches in {@code workDir} keeps its state: $FETCHPIPE_STATE_DIR of each. */
  static Path stateDir(Path workDir) {
    return workDir.resolve(".fetchpipe-state");
  }

  /**
   * What a launch printed on stderr without the lines a run says when it has started a daemon in the background (a
   * run's first in its state dir): for a test of what the job itself says there.
   */
  static String withoutDaemonNote(String stderr) {
    return stderr.lines().filter(line -> !line.startsWith("fetchpipe: started a daemon in the background")
            && !line.startsWith("fetchpipe: a daemon of another build") && !line.startsWith("fetchpipe: stop it with"))
        .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
  }

  /** Stops the daemon running with {@code stateDir} (and those of other builds beside it), if any; waits for it. */
  static void stopDaemon(Path stateDir) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    DaemonStop.stop(stateDir, quiet, quiet);
  }

  static Launcher start(Path workDir, String... args) throws IOException {
    return start(workDir, Map.of(), args);
  }

  /** Like {@link #start(Path, String...)}, with these environment variables besides (a state dir given is used). */
  static Launcher start(Path workDir, Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("setsid", PROJECT.resolve("scripts/fetchpipe").toString()));
    command.addAll(List.of(args));
    return start(workDir, command, environment);
  }

  /**
   * Like {@link #start}, with the size of any file the process writes limited to {@code kib} KiB (ulimit -f): a
   * write past it fails with "File too large", as a full disk fails a write midway.
   */
  static Launcher startWithFileSizeLimit(Path workDir, int kib, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("setsid", "bash", "-c", "ulimit -f \"$0\" && exec \"$@\"",
        String.valueOf(kib), PROJECT.resolve("scripts/fetchpipe").toString()));
    command.addAll(List.of(args));
    return start(workDir, command, Map.of());
  }

  private static Launcher start(Path workDir, List<String> command, Map<String, String> environment) throws IOException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    boolean given = environment.containsKey(DaemonEndpoint.STATE_DIR_VARIABLE);
    Path state = given ? Path.of(environment.get(DaemonEndpoint.STATE_DIR_VARIABLE)) : stateDir(workDir);
    builder.environment().putAll(environment);
    builder.environment().put(DaemonEndpoint.STATE_DIR_VARIABLE, state.toString());
    STATE_DIRS.add(state);
    return new Launcher(builder.start(), out, err, given ? null : state);
  }

  /** The launched process: after the launcher's exec, the JVM itself. */
  long pid() {
    return process.pid();
  }

  String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Waits until stdout contains the text; fails with what was printed if it does not appear in time. */
  void awaitOutput(String text, Duration timeout) throws Exception {
    // A process that ended will not print it later: that ends the wait at once.
    eventually(timeout, "'" + text + "' on stdout", () -> {
      boolean alive = process.isAlive();
      if (stdout().contains(text)) return true;
      if (!alive) throw new AssertionError("no '" + text + "' before the process ended; stdout:\n" + stdout()
          + "\nstderr:\n" + stderr());
      return false;
    });
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends the signal to the launcher's whole process group, as a terminal's Ctrl-C does. */
  void signalGroup(String signal) throws Exception {
    // setsid makes the launcher (then the JVM it execs, same pid) the leader of a new group with its pid.
    int code = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).inheritIO().start().waitFor();
    if (code != 0) throw new AssertionError("kill -" + signal + " failed");
  }

  /** The exit code, or an AssertionError if the process is still running after the timeout. */
  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr()
          + "\nits threads:\n" + threadDump());
    }
    return process.exitValue();
  }

  /** The JVM's threads as jcmd prints them: what a process that does not end is waiting for. */
  private String threadDump() {
    try {
      Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      return dump;
    } catch (Exception e) {
      return "(no thread dump: " + e + ")";
    }
  }

  /** What a launcher run that was waited for printed and returned. */
  record Finished(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code launcher} (this project's scripts/fetchpipe, or a copy's) in {@code workDir} with extra environment
   * variables, waits for it to end, and returns what it printed; an AssertionError if it is still running after the
   * timeout.
   */
  static Finished runToEnd(Path launcher, Path workDir, Map<String, String> environment, Duration timeout,
      String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("stdout", ".txt");
    Path err = Files.createTempFile("stderr", ".txt");
    Path ownState = null;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      // A run's daemon: the test's own when it names a state dir, else one of this launch alone, stopped after it.
      ownState = environment.containsKey(DaemonEndpoint.STATE_DIR_VARIABLE) ? null : stateDir(workDir);
      if (ownState != null) {
        builder.environment().put(DaemonEndpoint.STATE_DIR_VARIABLE, ownState.toString());
        STATE_DIRS.add(ownState);
      }
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " still running after " + timeout);
      }
      return new Finished(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      if (ownState != null) stopDaemon(ownState);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Ends the launched process (a daemon it started is not one of its own: another session) and stops its daemon. */
  @Override
  public void close() {
    process.descendants().filter(child -> !isDaemon(child)).forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (stateDir != null) stopDaemon(stateDir);
  }

  private static boolean isDaemon(ProcessHandle process) {
    return process.info().arguments().map(List::of).map(arguments -> arguments.contains("daemon")).orElse(false);
  }
}
