package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench --quick, end to end: fetchpipe and the peers download the same URLs from one loopback origin, and
 * the table says how long each took and how many files arrived byte-exact. No timing is checked here, only that the
 * benchmark runs and tells the truth about what it ran.
 */
class BenchIT {

  @Test
  void quickJobVerifiesEveryFileFetchpipeSavedAndSkipsAMissingPeerWithANote(@TempDir Path dir) throws Exception {
    // wget2 pointed at a program that does not exist: what a machine without wget2 looks like to the bench.
    Result bench = runBench(dir, Map.of("PEERS", "curl wget2", "WGET2", dir.resolve("no-such-wget2").toString()));

    assertEquals(0, bench.exitCode(), bench.describe());
    assertEquals(List.of("fetchpipe", "200", "200"), verifiedColumn(bench, "fetchpipe"), bench.describe());
    assertTrue(bench.stdout().contains("note: wget2 skipped: wget2 is not installed"), bench.describe());
    assertTrue(row(bench, "wget2").isEmpty(), bench.describe());
    assertEquals("-", column(bench, "fetchpipe", "x_floor"), "no pekko-bare ran, so no floor: " + bench.describe());
  }

  @Test
  void withoutNginxFetchpipesOwnOriginServesTheJobAndTheStacksFloorRunsBesideFetchpipe(@TempDir Path dir) throws Exception {
    Result bench = runBench(dir, Map.of("ORIGIN", "fetchpipe", "PEERS", "pekko-bare"));

    assertEquals(0, bench.exitCode(), bench.describe());
    assertTrue(bench.stdout().contains("origin: fetchpipe serve"), bench.describe());
    assertEquals(List.of("fetchpipe", "200", "200"), verifiedColumn(bench, "fetchpipe"), bench.describe());
    assertFalse(bench.stdout().contains("\ncurl "), bench.describe());
    // pekko-bare (Pekko HTTP's client and nothing else) is compiled, run and verified like a peer, but it is the
    // floor under fetchpipe, not a peer: fetchpipe is not ranked against it.
    assertEquals(List.of("pekko-bare", "200", "200"), verifiedColumn(bench, "pekko-bare"), bench.describe());
    assertTrue(bench.stdout().contains("note: no peer ran to completion here"), bench.describe());
    assertEquals("1.00", column(bench, "pekko-bare", "x_floor"), bench.describe());
    assertTrue(column(bench, "fetchpipe", "x_floor").matches("[0-9]+\\.[0-9]{2}"), bench.describe());
  }

  @Test
  void theDaemonClientRunsEveryRepAsASubmitProcessAgainstOneWarmDaemonAndReportsTheDaemonsMemory(@TempDir Path dir)
      throws Exception {
    Result bench = runBench(dir, Map.of("PEERS", "fetchpipe-daemon"));

    assertEquals(0, bench.exitCode(), bench.describe());
    assertEquals(List.of("fetchpipe-daemon", "200", "200"), verifiedColumn(bench, "fetchpipe-daemon"), bench.describe());
    assertTrue(Integer.parseInt(column(bench, "fetchpipe-daemon", "rss_MB")) > 0, bench.describe());
    assertTrue(bench.stdout().contains("note: fetchpipe-daemon's rss_MB is the daemon's peak RSS"), bench.describe());
    assertFalse(bench.stdout().contains("fetchpipe-daemon skipped"), bench.describe());
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  @Test
  void theBytesJobChecksEveryFileOfMixedSizesByItsHashWhateverTheClientNamesIt(@TempDir Path dir) throws Exception {
    // A client that saves every file and then appends a byte to one of them: one file that is not the origin's.
    String spoiler = "spoiler=curl -s --parallel --parallel-max CONC --create-dirs --output-dir OUT -K URLS.curl;"
        + " f=$(find OUT -type f -size +1k | head -n 1); printf x >> \"$f\"";
    Result bench = runBench(dir, Map.of("PEERS", ""), "--job", "bytes", "--reps", "1", spoiler);

    assertEquals(0, bench.exitCode(), bench.describe());
    assertTrue(bench.stdout().contains("## job bytes: 500 URLs, concurrency 20, no delay, 0 B to 50 MB bodies"),
        bench.describe());
    assertTrue(bench.stdout().contains("origin: python3 -m http.server"), bench.describe());
    assertEquals(List.of("fetchpipe", "500", "500"), verifiedColumn(bench, "fetchpipe"), bench.describe());
    assertEquals(List.of("spoiler", "499", "500"), verifiedColumn(bench, "spoiler"), bench.describe());
  }

  @Test
  void theResumeJobFinishesTheSameCutFileWithEachClientAndCountsTheBytesNginxSent(@TempDir Path dir) throws Exception {
    Result bench = runBench(dir, Map.of("RESUME_SIZE", "3000000"), "--job", "resume", "--reps", "1");

    assertEquals(0, bench.exitCode(), bench.describe());
    assertTrue(bench.stdout().contains("## job resume: a 3000000-byte file from nginx, cut at 2700000 bytes (90%)"),
        bench.describe());
    for (String client : List.of("fetchpipe", "curl", "wget2")) {
      assertEquals(List.of(client, "1", "1"), verifiedColumn(bench, client), bench.describe());
      assertEquals("300000", column(bench, client, "bytes_sent"), client + " fetched only the missing 10%: " + bench.describe());
    }
  }

  private static Result runBench(Path dir, Map<String, String> environment, String... args) throws Exception {
    Path out = dir.resolve("bench.out");
    Path err = dir.resolve("bench.err");
    List<String> command = new java.util.ArrayList<>(List.of(Launcher.PROJECT.resolve("scripts/bench").toString()));
    command.addAll(args.length == 0 ? List.of("--quick") : List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) throw new AssertionError("scripts/bench " + command + " still running after 5 minutes");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The table row whose first column is this client, split into its columns. */
  private static Optional<List<String>> row(Result bench, String client) {
    return bench.stdout().lines().map(line -> List.of(line.trim().split("\\s+")))
        .filter(columns -> columns.get(0).equals(client)).findFirst();
  }

  /** The client's name and its "verified" column (files byte-exact / URLs) as two numbers. */
  private static List<String> verifiedColumn(Result bench, String client) {
    String[] counts = column(bench, client, "verified").split("/");
    return List.of(client, counts[0], counts[counts.length - 1]);
  }

  /** One cell of the table: the client's row, the named column. */
  private static String column(Result bench, String client, String name) {
    int at = row(bench, "client").orElseThrow(() -> new AssertionError("no table: " + bench.describe())).indexOf(name);
    if (at < 0) throw new AssertionError("no column " + name + ": " + bench.describe());
    List<String> columns = row(bench, client).orElseThrow(() -> new AssertionError("no row for " + client + ": " + bench.describe()));
    return columns.get(at);
  }
}
