package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output dir's lock on a real file system, against jobs of this process and other processes (each a second JVM
 * running {@link OutputDirLockHolder}, which opens the dir as a fetchpipe run does).
 */
class OutputDirLockTest {

  @TempDir
  Path root;

  private static SettingsException openFails(Path dir) {
    SettingsException e = assertThrows(SettingsException.class, () -> OutputDir.open(dir).close());
    assertEquals("fetchpipe.job.output-dir", e.key());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theLockFileHoldsThePidOfItsHolderAndGoesWithTheLock() throws IOException {
    OutputDirLock lock = OutputDirLock.take(root);
    assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(root.resolve(OutputDir.LOCK_FILE)));
    lock.release();
    assertEquals(List.of(), entries(root));
    OutputDirLock.take(root).release();
  }

  @Test
  void aLockFileLeftByAnEarlierRunIsTakenOver() throws IOException {
    Files.writeString(root.resolve(OutputDir.LOCK_FILE), "garbage, not a pid");
    OutputDirLock lock = OutputDirLock.take(root);
    assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(root.resolve(OutputDir.LOCK_FILE)));
    lock.release();
  }

  @Test
  void aSecondLockInTheSameProcessIsRefusedWithoutTouchingTheFirst() {
    OutputDirLock first = OutputDirLock.take(root);
    try {
      OutputDirBusyException refused = assertThrows(OutputDirBusyException.class, () -> OutputDirLock.take(root));
      assertEquals("fetchpipe.job.output-dir: " + root + " is in use by another fetchpipe job in this process",
          refused.getMessage());
      assertTrue(Files.exists(root.resolve(OutputDir.LOCK_FILE)), "the refusal leaves the holder's file");
    } finally {
      first.release();
    }
  }

  @Test
  void aSecondOpenInTheSameProcessIsRefusedUntilTheFirstCloses() {
    Path dir = root.resolve("out");
    try (OutputDir first = OutputDir.open(dir)) {
      SettingsException refused = openFails(dir);
      assertEquals("fetchpipe.job.output-dir: " + dir + " is in use by another fetchpipe job in this process",
          refused.getMessage());
      assertTrue(refused instanceof OutputDirBusyException, "busy, not unusable: " + refused.getClass());
    }
    OutputDir.open(dir).close();
  }

  private static Process holder(Path dir) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OutputDirLockHolder.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .start();
  }

  /** The holder's READY or REFUSED line; anything else it printed first (a JVM warning) is kept for the message. */
  private static String outcome(Process process) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder before = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.equals(OutputDirLockHolder.READY) || line.startsWith(OutputDirLockHolder.REFUSED)) return line;
      before.append(line).append(" | ");
    }
    return "ended without an outcome after: " + before;
  }

  private static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
  }

  @Test
  void aDirLockedByAnotherProcessIsRefusedWithItsPidAndFreedWhenItIsKilled() throws Exception {
    Path dir = root.resolve("shared");
    Process other = holder(dir);
    try {
      assertEquals(OutputDirLockHolder.READY, outcome(other), "the other process holds the dir");
      SettingsException refused = openFails(dir);
      assertEquals("fetchpipe.job.output-dir: " + dir + " is in use by another fetchpipe run (pid " + other.pid()
          + "); wait for it to end or choose another output dir", refused.getMessage());
      assertTrue(refused instanceof OutputDirBusyException, "busy, not unusable: " + refused.getClass());
    } finally {
      // Killed, not asked: the OS drops the lock with the process, so a killed run never leaves the dir locked.
      kill(other);
    }
    assertTrue(Files.exists(dir.resolve(".fetchpipe.lock")), "a killed run leaves its lock file...");
    OutputDir.open(dir).close();
    assertEquals(List.of(), entries(dir), "...which the next run takes over and removes");
  }

  @Test
  void anotherProcessIsRefusedWhileThisOneHoldsTheDir() throws Exception {
    try (OutputDir held = OutputDir.open(root)) {
      Process other = holder(root);
      try {
        assertEquals(OutputDirLockHolder.REFUSED + "fetchpipe.job.output-dir: " + root + " is in use by another fetchpipe run (pid "
            + ProcessHandle.current().pid() + "); wait for it to end or choose another output dir", outcome(other));
        assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, other.exitValue());
      } finally {
        kill(other);
      }
    }
  }

  /**
   * Jobs racing for one dir in one process: one wins, the rest are refused, and the losers' attempts do not drop the
   * winner's lock (closing any descriptor of a locked file would), as another process finds.
   */
  @Test
  void jobsRacingInOneProcessLeaveExactlyOneHolderThatOtherProcessesStillSee() throws Exception {
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<OutputDir>> tries = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      tries.add(pool.submit(() -> {
        start.await();
        try {
          return OutputDir.open(root);
        } catch (SettingsException refused) {
          assertTrue(refused.getMessage().contains("is in use by another fetchpipe"), refused.getMessage());
          return null;
        }
      }));
    }
    start.countDown();
    List<OutputDir> winners = new ArrayList<>();
    for (Future<OutputDir> attempt : tries) {
      OutputDir won = attempt.get(30, TimeUnit.SECONDS);
      if (won != null) winners.add(won);
    }
    pool.shutdown();
    assertEquals(1, winners.size());
    try (OutputDir winner = winners.get(0)) {
      Process other = holder(root);
      try {
        String line = outcome(other);
        assertTrue(line.startsWith(OutputDirLockHolder.REFUSED), "the lock survived the losers: " + line);
      } finally {
        kill(other);
      }
    }
  }

  @Test
  void processesRacingForOneDirLeaveExactlyOneHolder() throws Exception {
    Path dir = root.resolve("contested");
    List<Process> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) runs.add(holder(dir));
      List<String> outcomes = new ArrayList<>();
      for (Process run : runs) outcomes.add(outcome(run));
      assertEquals(1, outcomes.stream().filter(OutputDirLockHolder.READY::equals).count(), outcomes::toString);
      // The pid may be missing from a refusal that came before the holder had written it.
      assertEquals(3, outcomes.stream().filter(line -> line.contains("is in use by another fetchpipe run")).count(),
          outcomes::toString);
    } finally {
      for (Process run : runs) kill(run);
    }
  }
}
