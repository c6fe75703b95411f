package dev.fetchpipe.client;

import dev.fetchpipe.build.Build;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon {@code run} hands its job to: the one running with the user's state dir when it is of this build
 * ({@link Build}), else this build's own under {@code STATE-DIR/builds/ID} (another build's daemon holds the state dir:
 * a rebuilt jar, another checkout, other JVM options), started in the background when none is up. Started so, a daemon
 * is a session of its own ({@code setsid}: no Ctrl-C of the terminal reaches it, nor its closing), with its output in
 * {@code daemon.log} beside its daemon.json, and it stops by itself after {@code daemon.idle-timeout} with no job and no
 * client. Plain Java: the thin client runs it.
 */
public final class BackgroundDaemon {
  static final String LOG = "daemon.log";
  static final String BUILDS = "builds";
  /** A daemon starts in a second or two; a machine under load may take many times that. */
  private static final Duration START_PATIENCE = Duration.ofSeconds(60);
  /** A daemon with no job stops in well under a second; one finishing its jobs' grace takes seconds more. */
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(15);
  /** A log past this size is moved aside (to daemon.log.1) when the next daemon starts. */
  private static final long LOG_KEPT = 1 << 20;
  /** Held by the client starting a daemon in a state dir, until it is up. */
  private static final String START_LOCK = "start.lock";

  private BackgroundDaemon() {}

  /**
   * The daemon found or started.
   *
   * @param note what run tells the user of a daemon it started now, once it has the job (a job the daemon refuses is a
   *             mistake said in one line, and the daemon started for it is stopped again); null for one found running
   */
  public record Found(DaemonFile daemon, String note) {
    /** A daemon this run started: it is told, or, when the job is refused, stopped again. */
    public boolean startedNow() {
      return note != null;
    }
  }

  /**
   * The daemon of this build for {@code stateDir}, started when none is up; empty when none could be started (said on
   * {@code err} in one line: the job then runs in process).
   *
   * @param idleTimeout daemon.idle-timeout as the user gave it, for a daemon started now; null for its default
   */
  public static Optional<Found> findOrStart(Path stateDir, String idleTimeout, PrintStream err) {
    String build = Build.id();
    Path dir = stateDir;
    try {
      // Twice at most: another build's daemon may take the state dir while this one waits to start its own there.
      for (int attempt = 0; attempt < 2; attempt++) {
        Optional<DaemonFile> running = DaemonFile.running(stateDir);
        if (running.isPresent() && build.equals(running.get().build())) return Optional.of(new Found(running.get(), null));
        // Another build's daemon has the state dir: this build's lives beside it.
        dir = running.isPresent() ? stateDir.resolve(BUILDS).resolve(build) : stateDir;
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // One client at a time starts a daemon here: a second one, started meanwhile, waits and finds it up.
        try (FileChannel channel = FileChannel.open(dir.resolve(START_LOCK), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock starting = channel.lock()) {
          Optional<DaemonFile> found = DaemonFile.running(dir);
          if (found.isPresent() && build.equals(found.get().build())) return Optional.of(new Found(found.get(), null));
          if (found.isPresent()) continue; // another build's came up in the state dir a moment ago
          Optional<DaemonFile> started = start(dir, build, idleTimeout);
          if (started.isPresent()) return Optional.of(new Found(started.get(), note(started.get(), dir, stateDir)));
          err.println("fetchpipe: no daemon came up in " + dir + " (" + lastLine(dir.resolve(LOG))
              + "); running the job in this process.");
          return Optional.empty();
        }
      }
      err.println("fetchpipe: daemons of other builds keep taking " + stateDir + "; running the job in this process.");
    } catch (IOException | OverlappingFileLockException e) {
      err.println("fetchpipe: cannot start a daemon in " + dir + " (" + e.getMessage()
          + "); running the job in this process.");
    }
    return Optional.empty();
  }

  /** Waits a few seconds for a daemon that is stopping to be gone; false when it is still there. */
  public static boolean awaitGone(DaemonFile daemon) {
    long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
    while (daemon.alive()) {
      if (System.nanoTime() > deadline) return false;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * An explicit {@code fetchpipe daemon} takes the place of a daemon {@code run} started in the same state dir, when
   * that one runs no job: it is stopped, and said so on {@code err}. One with jobs is left alone (the new daemon then
   * says the state dir is in use).
   */
  public static void replaceIdle(Path stateDir, PrintStream err) {
    Optional<DaemonFile> running = DaemonFile.running(stateDir);
    if (running.isEmpty() || running.get().idleTimeout() == null) return;
    try (DaemonClient client = new DaemonClient(running.get().address())) {
      if (client.jobs().stream().anyMatch(job -> !job.ended())) return;
    } catch (ClientException unreachable) {
      return;
    }
    ProcessHandle.of(running.get().pid()).filter(DaemonStop::isDaemon).ifPresent(ProcessHandle::destroy);
    if (awaitGone(running.get())) {
      err.println("fetchpipe daemon: stopped the idle daemon run had started with " + stateDir + " (pid "
          + running.get().pid() + "); this one takes its place.");
    }
  }

  /** The state dirs of other builds' daemons kept under {@code stateDir}. */
  static List<Path> otherBuilds(Path stateDir) {
    List<Path> dirs = new ArrayList<>();
    Path builds = stateDir.resolve(BUILDS);
    if (!Files.isDirectory(builds)) return dirs;
    try (DirectoryStream<Path> each = Files.newDirectoryStream(builds, Files::isDirectory)) {
      each.forEach(dirs::add);
    } catch (IOException e) {
      // Nothing listed: nothing stopped there.
    }
    return dirs;
  }

  /** Starts a daemon with {@code dir} and waits until its daemon.json says it is up; empty when it ended first. */
  private static Optional<DaemonFile> start(Path dir, String build, String idleTimeout) throws IOException {
    Path log = dir.resolve(LOG);
    if (Files.isRegularFile(log) && Files.size(log) > LOG_KEPT) {
      Files.move(log, dir.resolve(LOG + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of("setsid"));
    command.addAll(launcher());
    command.addAll(List.of("daemon", "--background", "--state-dir", dir.toString(), "--port", "0"));
    if (idleTimeout != null) command.addAll(List.of("--set", "daemon.idle-timeout=" + idleTimeout));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true)
        .start();
    long deadline = System.nanoTime() + START_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<DaemonFile> up = DaemonFile.running(dir);
      if (up.isPresent() && build.equals(up.get().build())) return up;
      if (!process.isAlive()) return Optional.empty(); // it could not start: its log says why
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * How to start fetchpipe: its launcher (the JVM options and class-data archive a daemon starts with), else this JVM's
   * own java and class path (fetchpipe run without the launcher).
   */
  private static List<String> launcher() {
    String home = System.getProperty("fetchpipe.home");
    if (home != null && Files.isExecutable(Path.of(home, "scripts", "fetchpipe"))) {
      return List.of(Path.of(home, "scripts", "fetchpipe").toString());
    }
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (home != null) java.add("-Dfetchpipe.home=" + home);
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.fetchpipe.cli.Main"));
    return java;
  }

  /** What run did and how to undo it: told on stderr when it has started a daemon (lines, each ending in a newline). */
  private static String note(DaemonFile daemon, Path dir, Path stateDir) {
    String stops = daemon.idleTimeout() == null ? "" : "; it stops after " + daemon.idleTimeout() + " with no job";
    StringBuilder note = new StringBuilder("fetchpipe: started a daemon in the background to run this job and the next"
        + " ones sooner (pid " + daemon.pid() + stops + "; log: " + dir.resolve(LOG) + ").\n");
    if (!dir.equals(stateDir)) {
      note.append("fetchpipe: a daemon of another build of fetchpipe runs with ").append(stateDir)
          .append("; this build's keeps its state in ").append(dir).append(".\n");
    }
    return note.append("fetchpipe: stop it with `fetchpipe daemon --stop`; run without one with --no-daemon, or with")
        .append(" run.daemon = off in your config.\n").toString();
  }

  /** Stops a daemon this run started for a job that was refused: it would be for nothing, and never said. */
  public static void stopStarted(Found found) {
    if (!found.startedNow()) return;
    ProcessHandle.of(found.daemon().pid()).filter(DaemonStop::isDaemon).ifPresent(ProcessHandle::destroy);
    awaitGone(found.daemon());
  }

  /** The last line of the daemon's log, which says why it did not start; "no log" when there is none. */
  static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).strip();
        if (!line.isEmpty()) return line.startsWith("fetchpipe: ") ? line.substring("fetchpipe: ".length()) : line;
      }
      return "its log is empty";
    } catch (IOException e) {
      return "no log at " + log;
    }
  }
}
