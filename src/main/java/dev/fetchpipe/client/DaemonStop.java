package dev.fetchpipe.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fetchpipe daemon --stop}: stops the daemon running with a state dir, and those of other builds that
 * {@code run} started beside it (under {@code builds/}), as SIGTERM stops one: running jobs are cancelled, and those
 * not run's are carried on at its next start. Waits until each has stopped.
 */
public final class DaemonStop {
  /** Long enough for a job's grace (5 s by default) and the daemon's own shutdown. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private DaemonStop() {}

  /** Returns the exit status: 0 when every daemon found has stopped (or none was running), 1 otherwise. */
  public static int stop(Path stateDir, PrintStream out, PrintStream err) {
    List<Path> dirs = new ArrayList<>(List.of(stateDir));
    dirs.addAll(BackgroundDaemon.otherBuilds(stateDir));
    int stopped = 0;
    int code = 0;
    for (Path dir : dirs) {
      Optional<DaemonFile> daemon = DaemonFile.running(dir);
      // One still on its way (a run started it a moment ago) is stopped as well: it would come up after this.
      Optional<ProcessHandle> starting = daemon.isPresent() ? Optional.empty() : BackgroundDaemon.starting(dir);
      if (daemon.isEmpty() && starting.isEmpty()) continue;
      long pid = daemon.isPresent() ? daemon.get().pid() : starting.get().pid();
      Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(DaemonStop::isDaemon);
      if (process.isEmpty()) {
        err.println("fetchpipe: pid " + pid + " in " + dir.resolve(DaemonEndpoint.FILE)
            + " is not a fetchpipe daemon; left alone");
        code = 1;
        continue;
      }
      process.get().destroy();
      if (awaitExit(process.get())) {
        out.println("Stopped the daemon in " + dir + " (pid " + pid + ").");
        stopped++;
      } else {
        err.println("fetchpipe: the daemon in " + dir + " (pid " + pid + ") is still stopping after "
            + PATIENCE.toSeconds() + " s; its log: " + dir.resolve(BackgroundDaemon.LOG));
        code = 1;
      }
    }
    if (stopped == 0 && code == 0) out.println("No daemon is running with " + stateDir + ".");
    out.flush();
    return code;
  }

  /** The process's command line names the daemon command: a pid reused by another program is never signalled. */
  static boolean isDaemon(ProcessHandle process) {
    return arguments(process).contains("daemon");
  }

  /**
   * The words of a process's command line: from /proc, whole (the JDK's own reading leaves out a long one, such as a
   * JVM's with a long class path), else as the JDK gives them.
   */
  private static List<String> arguments(ProcessHandle process) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return List.of(line.split("\u0000"));
    } catch (IOException | RuntimeException noProc) {
      return process.info().arguments().map(List::of).orElse(List.of());
    }
  }

  private static boolean awaitExit(ProcessHandle process) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (process.isAlive()) {
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
}
