package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher, scripts/fetchpipe, as a child process in its own process group (via setsid), so a test can
 * signal the whole group as a terminal does on Ctrl-C. Output goes to files the test can read while it runs.
 */
final class Launcher implements AutoCloseable {
  static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private Launcher(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static Launcher start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("setsid", PROJECT.resolve("scripts/fetchpipe").toString()));
    command.addAll(List.of(args));
    return start(workDir, command);
  }

  /**
   * Like {@link #start}, with the size of any file the process writes limited to {@code kib} KiB (ulimit -f): a
   * write past it fails with "File too large", as a full disk fails a write midway.
   */
  static Launcher startWithFileSizeLimit(Path workDir, int kib, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("setsid", "bash", "-c", "ulimit -f \"$0\" && exec \"$@\"",
        String.valueOf(kib), PROJECT.resolve("scripts/fetchpipe").toString()));
    command.addAll(List.of(args));
    return start(workDir, command);
  }

  private static Launcher start(Path workDir, List<String> command) throws IOException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    return new Launcher(process, out, err);
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
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " still running after " + timeout);
      }
      return new Finished(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
