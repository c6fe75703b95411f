package dev.fetchpipe.client;

import dev.fetchpipe.build.Build;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
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
 * a rebuilt jar, another checkout, other JVM options).
 *
 * <p>When none is up, {@code run} runs its job in process, as before, and then starts one in the background for the
 * runs after it: a daemon's own start (a JVM, an actor system, its API) would make that first run much slower than a
 * run in process, and a daemon started as the job ends costs the run nothing. Started so, a daemon is a session of its
 * own ({@code setsid}: no Ctrl-C of the terminal reaches it, nor its closing), with its output in {@code daemon.log}
 * beside its daemon.json, and it stops by itself after {@code daemon.idle-timeout} with no job and no client. Until its
 * daemon.json is there, {@code daemon.starting} says a daemon is on its way: a run meanwhile waits for it rather than
 * start another. Plain Java: the thin client runs it.
 */
public final class BackgroundDaemon {
  static final String LOG = "daemon.log";
  static final String BUILDS = "builds";
  /** "PID BUILD" of a daemon started and not up yet; the daemon removes it once its daemon.json is written. */
  public static final String STARTING = "daemon.starting";
  /** Held by a run while it looks for a daemon to start and starts it: two runs never start two. */
  private static final String START_LOCK = "start.lock";
  /** Beside a daemon's files once run has said that it starts one there: it says so once (each build once). */
  private static final String NOTE_SHOWN = "run-note-shown";
  /** A daemon starts in a second or two; a machine under load may take many times that. */
  private static final Duration START_PATIENCE = Duration.ofSeconds(30);
  /** A shell says the daemon is on its way in milliseconds; a machine under load may take much longer. */
  private static final Duration SAYS_STARTING = Duration.ofSeconds(5);
  /** A daemon with no job stops in well under a second; one finishing its jobs' grace takes seconds more. */
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(15);
  /** A log past this size is moved aside (to daemon.log.1) when the next daemon starts. */
  private static final long LOG_KEPT = 1 << 20;

  private BackgroundDaemon() {}

  /**
   * The daemon of this build for {@code stateDir}: running, or on its way (then waited for); empty when there is none
   * (the job then runs in process, and {@link #startForNextRuns} starts one).
   */
  public static Optional<DaemonFile> find(Path stateDir) {
    Path dir = ownDir(stateDir);
    Optional<DaemonFile> up = DaemonFile.running(dir).filter(BackgroundDaemon::ofThisBuild);
    if (up.isPresent()) return up;
    Optional<ProcessHandle> starting = starting(dir);
    if (starting.isEmpty()) return Optional.empty();
    long deadline = System.nanoTime() + START_PATIENCE.toNanos();
    while (starting.get().isAlive() && System.nanoTime() < deadline) {
      up = DaemonFile.running(dir).filter(BackgroundDaemon::ofThisBuild);
      if (up.isPresent()) return up;
      if (!sleep(10)) break;
    }
    return DaemonFile.running(dir).filter(BackgroundDaemon::ofThisBuild);
  }

  /**
   * Whether a daemon of this build is up or on its way with {@code stateDir}, looked at in a moment and never waited
   * for: a run's guess, at its very start, of whether its job will run in process (whose start-up work then begins at
   * once on the second core) or go to a daemon (which needs none of it).
   */
  public static boolean likelyUp(Path stateDir) {
    Path dir = ownDir(stateDir);
    return DaemonFile.running(dir).filter(BackgroundDaemon::ofThisBuild).isPresent() || starting(dir).isPresent();
  }

  /**
   * After a job this run ran in process: a daemon of this build started in the background for the runs after it, and
   * not waited for. Returns what to tell the user (the first time run starts one with this state dir), or null: nothing
   * to tell, or none started (another run is starting one, or it cannot be: the next run tries again).
   *
   * @param idleTimeout daemon.idle-timeout as the user gave it, or null for its default
   */
  public static String startForNextRuns(Path stateDir, String idleTimeout) {
    Path dir = ownDir(stateDir);
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      long pid;
      try (FileChannel channel = FileChannel.open(dir.resolve(START_LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock starting = channel.lock()) {
        if (DaemonFile.running(dir).isPresent() || starting(dir).isPresent()) return null;
        Files.deleteIfExists(dir.resolve(STARTING));
        spawn(dir, idleTimeout);
        pid = awaitStarting(dir);
      }
      if (pid == 0) return null;
      return note(stateDir, dir, pid, idleTimeout);
    } catch (IOException | RuntimeException e) {
      // No daemon now (a state dir that cannot be written, no setsid): this run is done, and the next tries again.
      return null;
    }
  }

  /** Waits a few seconds for a daemon that is stopping to be gone; false when it is still there. */
  public static boolean awaitGone(DaemonFile daemon) {
    return awaitGone(daemon.pid());
  }

  static boolean awaitGone(long pid) {
    long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
    while (DaemonFile.alive(pid)) {
      if (System.nanoTime() > deadline || !sleep(20)) return false;
    }
    return true;
  }

  /**
   * An explicit {@code fetchpipe daemon} takes the place of a daemon {@code run} started in the same state dir, when
   * that one runs no job: it is stopped, and said so on {@code err}. One with jobs is left alone (the new daemon then
   * says the state dir is in use).
   */
  public static void replaceIdle(Path stateDir, java.io.PrintStream err) {
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

  /**
   * The daemon on its way with this state dir (its pid alive, a daemon's, and no daemon.json yet), if one is: any
   * build's, since a second daemon could not take the dir either.
   */
  static Optional<ProcessHandle> starting(Path dir) {
    String line;
    try {
      line = Files.readString(dir.resolve(STARTING), StandardCharsets.UTF_8).strip();
    } catch (IOException missing) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(line.split(" ")[0]);
    } catch (NumberFormatException unreadable) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(DaemonStop::isDaemon);
  }

  /**
   * Where this build's daemon lives: the user's state dir, unless another build's daemon runs (or is on its way)
   * there: then beside it, under builds/ID.
   */
  private static Path ownDir(Path stateDir) {
    Optional<DaemonFile> running = DaemonFile.running(stateDir);
    boolean taken = running.isPresent() ? !ofThisBuild(running.get()) : startingOtherBuild(stateDir);
    return taken ? stateDir.resolve(BUILDS).resolve(Build.id()) : stateDir;
  }

  private static boolean startingOtherBuild(Path dir) {
    if (starting(dir).isEmpty()) return false;
    try {
      String[] words = Files.readString(dir.resolve(STARTING), StandardCharsets.UTF_8).strip().split(" ");
      return words.length < 2 || !words[1].equals(Build.id());
    } catch (IOException gone) {
      return false;
    }
  }

  private static boolean ofThisBuild(DaemonFile daemon) {
    return Build.id().equals(daemon.build());
  }

  /** The pid the daemon on its way wrote into daemon.starting, once it is there; 0 when it never comes. */
  private static long awaitStarting(Path dir) {
    long deadline = System.nanoTime() + SAYS_STARTING.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> starting = starting(dir);
      if (starting.isPresent()) return starting.get().pid();
      if (!sleep(5)) break;
    }
    return 0;
  }

  /**
   * Starts a daemon with {@code dir} in a session of its own, which says it is on its way in daemon.starting and starts
   * its JVM once this process has exited. It is no child of this JVM's ({@code setsid --fork}): a JVM with a child
   * still running takes a third of a second longer to exit.
   */
  private static void spawn(Path dir, String idleTimeout) throws IOException {
    Path log = dir.resolve(LOG);
    if (Files.isRegularFile(log) && Files.size(log) > LOG_KEPT) {
      Files.move(log, dir.resolve(LOG + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
    // It starts once this run has exited: a JVM starting beside the run's last moments would slow them on two cores.
    // The shell says its pid, waits for the run's pid to be gone, then becomes the daemon (the same pid).
    List<String> command = new ArrayList<>(List.of("setsid", "--fork", "/bin/sh", "-c",
        "echo \"$$ $2\" > \"$1\"; while kill -0 \"$0\" 2>/dev/null; do sleep 0.02; done; shift 2; exec \"$@\"",
        Long.toString(ProcessHandle.current().pid()), dir.resolve(STARTING).toString(), Build.id()));
    command.addAll(launcher());
    command.addAll(List.of("daemon", "--background", "--state-dir", dir.toString(), "--port", "0"));
    if (idleTimeout != null) command.addAll(List.of("--set", "daemon.idle-timeout=" + idleTimeout));
    new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true)
        .start();
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

  /**
   * What run did and how to undo it, told on stderr (lines, each ending in a newline) the first time it starts a
   * daemon of this build with this state dir; null after that.
   */
  private static String note(Path stateDir, Path dir, long pid, String idleTimeout) {
    Path shown = dir.resolve(NOTE_SHOWN);
    if (Files.exists(shown)) return null;
    try {
      Files.writeString(shown, "", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Said again next time, then.
    }
    String stops = idleTimeout == null ? "after " + DEFAULT_IDLE : "after daemon.idle-timeout (" + idleTimeout + ")";
    StringBuilder note = new StringBuilder("fetchpipe: started a daemon in the background (pid ").append(pid)
        .append("): the runs after this one hand it their jobs and start sooner; it stops ").append(stops)
        .append(" with no job. Its log: ").append(dir.resolve(LOG)).append('\n');
    if (!dir.equals(stateDir)) {
      note.append("fetchpipe: a daemon of another build of fetchpipe runs with ").append(stateDir)
          .append("; this build's keeps its state in ").append(dir).append(".\n");
    }
    return note.append("fetchpipe: stop it with `fetchpipe daemon --stop`; run without one with --no-daemon, or with")
        .append(" run.daemon = off in your config. (Said once.)\n").toString();
  }

  /** daemon.idle-timeout's default, as reference.conf has it ({@code RunSettingsTest} holds them together). */
  static final String DEFAULT_IDLE = "5 min";

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
