package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.testing.WithoutRootOverride;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output dir on a real file system: created, checked, locked against a second run, cleaned of stale temp files. */
class OutputDirTest {

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

  /** The error opening {@code dir} gives under file permissions, root's override set aside (CI runs as root). */
  private static String openFailsUnderPermissions(Path dir) throws IOException, InterruptedException {
    return WithoutRootOverride.run(OutputDirProbe.class, dir.toString());
  }

  @Test
  void aParentWithoutWritePermissionIsAClearError() throws Exception {
    Path locked = Files.createDirectory(root.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Path dir = locked.resolve("downloads");
      assertEquals("fetchpipe.job.output-dir | fetchpipe.job.output-dir: cannot create " + dir
          + ": permission denied in " + locked, openFailsUnderPermissions(dir));
      assertFalse(Files.exists(dir));
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void anExistingDirWithoutWritePermissionIsAClearError() throws Exception {
    Path dir = Files.createDirectory(root.resolve("readonly"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertEquals("fetchpipe.job.output-dir | fetchpipe.job.output-dir: cannot write to " + dir + ": permission denied",
          openFailsUnderPermissions(dir));
      assertEquals(List.of(), entries(dir));
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  // ---- held for the job (the lock itself: OutputDirLockTest) ----

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
  @ValueSource(strings = {"", ".", "..", "../x", "/etc/passwd", "a\\b", "x\0y", ".fetchpipe.lock",
      ".fetchpipe-journal.jsonl", ".x.fetchpipe-part", ".hidden", "a//b", "a/", "a/../../b", "a/./b", "a/.hidden",
      "a/../b"})
  void namesThatAreNotPlainEntriesInsideAreRefused(String name) {
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
  void aNameInSubfoldersResolvesInsideAsGiven() {
    assertEquals(root.resolve("a/b/c.gif"), OutputDir.resolveInside(root, "a/b/c.gif"));
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
