package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path is judged by where it really leads, on real files with real links, as the kernel walks it. */
class ConfinementTest {
  @TempDir
  Path temp;

  @Test
  void aPathLeadsWhereItsLinksAndDotsLeadWhetherItExistsOrNot() throws Exception {
    Path real = temp.toRealPath();
    Path root = Files.createDirectories(real.resolve("root"));
    Path outside = Files.createDirectories(real.resolve("outside/deep"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    Files.createSymbolicLink(root.resolve("relative"), Path.of("../outside"));
    Files.createSymbolicLink(root.resolve("dangling"), real.resolve("outside/new/file.json"));
    Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));

    assertEquals(root.resolve("a/b"), Confinement.real(root.resolve("a/b")));
    assertEquals(outside.resolve("x"), Confinement.real(root.resolve("link/x")));
    // The kernel takes ".." after the link from where the link leads, not lexically.
    assertEquals(real.resolve("outside/y"), Confinement.real(root.resolve("link/../y")));
    assertEquals(real.resolve("outside/deep"), Confinement.real(root.resolve("relative/deep")));
    assertEquals(real.resolve("outside/new/file.json"), Confinement.real(root.resolve("dangling")));
    assertEquals(real.resolve("outside"), Confinement.real(root.resolve("../outside")));
    assertThrows(java.io.IOException.class, () -> Confinement.real(root.resolve("loop/x")));
  }

  @Test
  void aPathOutsideEveryRootIsRefusedNamingTheRoots() throws Exception {
    Path real = temp.toRealPath();
    Path one = Files.createDirectories(real.resolve("one"));
    Path two = Files.createDirectories(real.resolve("two"));
    Files.createSymbolicLink(one.resolve("escape"), Path.of("/etc"));
    Confinement confinement = new Confinement(List.of(one, two), null);

    assertEquals(one.resolve("out"), confinement.check("k", one.resolve("out")));
    assertEquals(two.resolve("a/b"), confinement.check("k", one.resolve("../two/a/b")));
    for (Path escape : List.of(Path.of("/etc/x.json"), one.resolve("escape/cron.d"), one.resolve("../x"), real.resolve("onex"))) {
      SettingsException e = assertThrows(SettingsException.class, () -> confinement.check("fetchpipe.job.output-dir", escape));
      assertTrue(e.getMessage().startsWith("fetchpipe.job.output-dir: " + escape), e.getMessage());
      assertTrue(e.getMessage().contains("outside every allowed root (daemon.allowed-roots: " + one + ", " + two + ")"),
          e.getMessage());
    }
    assertTrue(assertThrows(SettingsException.class, () -> confinement.check("k", one.resolve("escape/passwd")))
        .getMessage().contains("(really /etc/passwd)"));
  }

  @Test
  void theStateDirIsTheDaemonsOwnButItsFilesFolder() throws Exception {
    Path state = Files.createDirectories(temp.toRealPath().resolve("state"));
    for (Confinement confinement : List.of(new Confinement(List.of(), state), new Confinement(List.of(state), state))) {
      for (String inside : List.of("daemon.json", "jobs/j0123456789/job.json", "", "jobs")) {
        SettingsException e = assertThrows(SettingsException.class, () -> confinement.check("report", state.resolve(inside)));
        assertTrue(e.getMessage().contains("is in the daemon's state dir"), e.getMessage());
      }
      assertEquals(state.resolve("files/out"), confinement.check("k", state.resolve("files/out")));
    }
  }
}
