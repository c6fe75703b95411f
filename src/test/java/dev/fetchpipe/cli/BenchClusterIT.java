package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench-cluster --quick, end to end: one bandwidth-bound job through a cluster of one daemon, then of three
 * sending from 127.0.0.1, .2 and .3, against the built-in origin limited to 1 MiB/s per client address. What is checked
 * is that the bench runs and tells the truth: every file verified, and three nodes together getting more than one
 * address may (which only sending from three addresses can do); the speed-up itself is the benchmark's to show.
 */
class BenchClusterIT {

  @Test
  void threeNodesFromThreeAddressesGetMoreThanOneAddressMayAndEveryFileIsVerified(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("bench.out");
    Path err = dir.resolve("bench.err");
    Process process = new ProcessBuilder(Launcher.PROJECT.resolve("scripts/bench-cluster").toString(), "--quick")
        .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!process.waitFor(3, TimeUnit.MINUTES)) throw new AssertionError("scripts/bench-cluster --quick still running after 3 minutes");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String stdout = Files.readString(out);
    String shown = "stdout:\n" + stdout + "\nstderr:\n" + Files.readString(err);
    assertEquals(0, process.exitValue(), shown);
    List<String[]> rows = stdout.lines().filter(line -> line.matches("[13] .*")).map(line -> line.trim().split("\\s+")).toList();
    assertEquals(2, rows.size(), shown);
    for (String[] row : rows) assertEquals("36/36", row[5], shown);
    double threeNodesMiBs = Double.parseDouble(rows.get(1)[3]);
    assertTrue(threeNodesMiBs > 1.0, "the origin gives each address 1 MiB/s; three addresses together get more: " + shown);
  }
}
