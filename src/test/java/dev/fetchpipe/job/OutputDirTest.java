package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.fetchpipe.config.SettingsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output dir on a real file system: created, checked, locked against a second run, cleaned of stale temp files. */
class OutputDirTest {

  @TempDir
  Path root;

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

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

  // ---- creating and checking ----

  @Test
  void missingDirIsCreatedWithItsParents() {
    Path dir = root.resolve("a/b/c");
    try (OutputDir out = OutputDir.open(dir)) {
      assertTrue(Files.isDirectory(dir));
      assertEquals(dir, out.path());
    }
  }

  @Test
  void existingDirIsUsedAsItIsAndHasOnlyTheLockFileWhileHeld() throws IOException {
    Files.writeString(root.resolve("kept.gif"), "x");
    try (OutputDir out = OutputDir.open(root)) {
      assertEquals(0, out.staleTempFilesRemoved());
      assertEquals(List.of(".fetchpipe.lock", "kept.gif"), entries(root), "the write probe leaves nothing");
    }
    assertEquals(List.of("kept.gif"), entries(root), "the lock file goes at close");
  }

  @Test
  void aFileWhereTheDirShouldBeIsAClearError() throws IOException {
    Path file = Files.writeString(root.resolve("downloads"), "not a dir");
    SettingsException refused = openFails(file);
    assertEquals("fetchpipe.job.output-dir: " + file + " exists and is not a directory", refused.getMessage());
    assertFalse(refused instanceof OutputDirBusyException, "unusable, not busy");
  }

  /** Fails for root too, unlike permissions. */
  @Test
  void aFileAmongTheParentsIsAClearError() throws IOException {
    Path file = Files.writeString(root.resolve("file"), "in the way");
    Path dir = file.resolve("sub/downloads");
    assertEquals("fetchpipe.job.output-dir: cannot create " + dir + ": " + file + " is a file, not a directory",
        openFails(dir).getMessage());
  }

  @Test
  void aDanglingSymbolicLinkIsAClearError() throws IOException {
    Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("nowhere"));
    assertTrue(openFails(link).getMessage().endsWith("exists and is not a directory"));
  }

  @Test
  void aSymbolicLinkToADirIsUsed() throws IOException {
    Path real = Files.createDirectory(root.resolve("real"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);
    try (OutputDir out = OutputDir.open(link)) {
      Files.writeString(out.resolveInside("a.gif"), "x");
    }
    assertTrue(Files.exists(real.resolve("a.gif")));
  }

  @Test
  void aParentWithoutWritePermissionIsAClearError() throws IOException {
    assumeFalse(runningAsRoot(), "root may write anywhere");
    Path locked = Files.createDirectory(root.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Path dir = locked.resolve("downloads");
      assertEquals("fetchpipe.job.output-dir: cannot create " + dir + ": permission denied in " + locked,
          openFails(dir).getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void anExistingDirWithoutWritePermissionIsAClearError() throws IOException {
    assumeFalse(runningAsRoot(), "root may write anywhere");
    Path dir = Files.createDirectory(root.resolve("readonly"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertEquals("fetchpipe.job.output-dir: cannot write to " + dir + ": permission denied", openFails(dir).getMessage());
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  // ---- one run at a time ----

  @Test
  void closingTwiceNeverRemovesTheNextRunsLock() {
    OutputDir first = OutputDir.open(root);
    first.close();
    try (OutputDir second = OutputDir.open(root)) {
      first.close();
      assertTrue(Files.exists(root.resolve(".fetchpipe.lock")));
      openFails(root);
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

  // ---- stale temporary files ----

  @Test
  void staleTempFilesOfAKilledRunAreRemovedAndNothingElse() throws IOException {
    for (String stale : List.of(".cn.gif.3f9a1c.fetchpipe-part", ".x.fetchpipe-part", ".fetchpipe-probe.1.fetchpipe-part")) {
      Files.writeString(root.resolve(stale), "half a file");
    }
    List<String> kept = List.of(".hidden", "a.fetchpipe-part", "cn.gif", "notes.fetchpipe-part.txt");
    for (String file : kept) Files.writeString(root.resolve(file), "the user's");
    Files.createDirectory(root.resolve(".dir.fetchpipe-part"));
    Files.createDirectory(root.resolve("sub"));
    Files.writeString(root.resolve("sub/.deep.fetchpipe-part"), "not directly in the dir");

    try (OutputDir out = OutputDir.open(root)) {
      assertEquals(3, out.staleTempFilesRemoved());
    }
    assertEquals(List.of(".dir.fetchpipe-part", ".hidden", "a.fetchpipe-part", "cn.gif",
        "notes.fetchpipe-part.txt", "sub"), entries(root));
    assertTrue(Files.exists(root.resolve("sub/.deep.fetchpipe-part")));
  }

  @Test
  void tempFilesAreLeftAloneWhenAnotherRunHoldsTheDir() throws IOException {
    try (OutputDir first = OutputDir.open(root)) {
      Path inProgress = Files.writeString(root.resolve(".a.gif.77.fetchpipe-part"), "being written by the first run");
      openFails(root);
      assertTrue(Files.exists(inProgress), "only the lock's holder may clean");
    }
  }

  // ---- the last check before a file is created ----

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "../x", "/etc/passwd", "a\\b", "x\0y", ".fetchpipe.lock",
      ".fetchpipe-journal.jsonl", ".x.fetchpipe-part", ".hidden"})
  void namesThatAreNotAPlainEntryDirectlyInsideAreRefused(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputDir.resolveInside(root, name));
    assertTrue(e.getMessage().startsWith("refusing to write \""), e.getMessage());
    assertFalse(e.getMessage().contains("\0"), "NUL is shown escaped");
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void nullIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> OutputDir.resolveInside(root, null));
  }

  @Test
  void aPlainNameResolvesDirectlyInsideAsGiven() throws IOException {
    Path relative = Path.of("downloads");
    assertEquals(relative.resolve("cn.gif"), OutputDir.resolveInside(relative, "cn.gif"));
    assertEquals(root.resolve("ñandú..gif"), OutputDir.resolveInside(root, "ñandú..gif"));
    try (OutputDir out = OutputDir.open(root)) {
      Files.writeString(out.resolveInside("a.gif"), "x");
      assertEquals(root.resolve("a.gif"), out.resolveInside("a.gif"));
    }
  }
}
