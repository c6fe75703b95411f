package dev.fetchpipe.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the daemon a daemon.json names is still running: the second line of defence of a state dir's lock, for when
 * its lock file was deleted under a running daemon (a new file then takes a new lock). A pid alone could have been
 * given to another process since; one that started before daemon.json was written is the daemon that wrote it.
 */
final class DaemonLiveness {
  private DaemonLiveness() {}

  /** True when the file names a running process other than this one, started before the file was last written. */
  static boolean namesAnotherLiveDaemon(Path addressFile) {
    long pid;
    Instant written;
    try {
      pid = Json.MAPPER.readTree(addressFile.toFile()).path("pid").asLong(-1);
      written = Files.getLastModifiedTime(addressFile).toInstant();
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException unreadable) {
      return false; // not written by a daemon that got as far as running
    }
    if (pid <= 0 || pid == ProcessHandle.current().pid()) return false;
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) return false;
    Optional<Instant> started = process.get().info().startInstant();
    // Where the start time is not known, a live process with that pid is taken to be the daemon: refusing to start is
    // the safe mistake (its message says to stop that daemon or give another state dir).
    return started.isEmpty() || !started.get().isAfter(written);
  }
}
