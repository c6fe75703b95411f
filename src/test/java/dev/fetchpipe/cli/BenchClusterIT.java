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
 * scripts/bench-cluster --quick, end to end: two jobs through a cluster of one daemon, then of three sending from
 * 127.0.0.1, .2 and .3. The bandwidth-bound one from the built-in origin limited to 1 MiB/s per client address; the
 * latency-bound one from an origin that answers each request after 100 ms. What is checked is that the bench runs and
 * tells the truth: every file verified, three nodes together getting more than one address may (which only sending
 * from three addresses can do), each node's busy share a share, and the time the three took to be Up; the speed-up and
 * the shares themselves are the benchmark's to show.
 */
class BenchClusterIT {

  @Test
  void threeNodesFromThreeAddressesGetMoreThanOneAddressMayAndEveryFileIsVerified(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("bench.out");
    Path err = dir.resolve("bench.err");
    Process process = new ProcessBuilder(Launcher.PROJECT.resolve("scripts/bench-cluster").toString(), "--quick")
        .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!process.waitFor(8, TimeUnit.MINUTES)) throw new AssertionError("scripts/bench-cluster --quick still running after 8 minutes");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String stdout = Files.readString(out);
    String shown = "stdout:\n" + stdout + "\nstderr:\n" + Files.readString(err);
    assertEquals(0, process.exitValue(), shown);
    String up = "cluster: all 3 nodes Up [0-9.]+ s after the last one's start \\(-?[0-9.]+ s after both new daemons printed"
        + " their address\\)";
    assertTrue(stdout.lines().anyMatch(line -> line.matches(up)), shown);
    List<String[]> rows = stdout.lines().filter(line -> line.matches("[13] .*")).map(line -> line.trim().split("\\s+")).toList();
    assertEquals(4, rows.size(), shown);
    // The bandwidth job's two rows, then the latency job's.
    for (String[] row : rows.subList(0, 2)) assertEquals("36/36", row[5], shown);
    double threeNodesMiBs = Double.parseDouble(rows.get(1)[3]);
    assertTrue(threeNodesMiBs > 1.0, "the origin gives each address 1 MiB/s; three addresses together get more: " + shown);
    for (String[] row : rows.subList(2, 4)) {
      assertEquals("300/300", row[5], shown);
      String[] shares = row[6].split(",");
      assertEquals(Integer.parseInt(row[0]), shares.length, "one busy share a node: " + shown);
      for (String share : shares) {
        double value = Double.parseDouble(share);
        assertTrue(value > 0 && value <= 1.0, "a share of the fetchers' time: " + shown);
      }
    }
  }
}
