package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C sent to the real launcher's process group while it downloads from a slow origin. The runs go through a daemon,
 * up from the start as after a user's first run: their Ctrl-C is the client's, and the job the daemon's.
 */
class CancelSignalIT {
  private static Path state;

  @BeforeAll
  static void startDaemon(@TempDir Path dir) throws Exception {
    state = dir.resolve("state");
    Launcher.startDaemon(state);
  }

  @AfterAll
  static void stopDaemon() {
    Launcher.stopDaemon(state);
  }

  private static Launcher run(Path dir, String... args) throws Exception {
    List<String> line = new java.util.ArrayList<>(List.of("run"));
    line.addAll(List.of(args));
    return Launcher.start(dir, Map.of("FETCHPIPE_STATE_DIR", state.toString()), line.toArray(String[]::new));
  }

  @Test
  void ctrlCEndsTheJobWithinTheGraceWithTheSummaryAndOnlyWholeFiles(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = run(dir, "--out", "flags", "--report", "report.json", "-m", "4",
        "--set", "origin.delay=1500ms", "--set", "origin.jitter=1000ms", "--set", "cancel.grace=1s")) {
      fetchpipe.awaitOutput("concurrent connections will be used", Duration.ofSeconds(60));
      Thread.sleep(700);
      fetchpipe.signalGroup("INT");
      long signalled = System.nanoTime();

      assertEquals(130, fetchpipe.awaitExit(Duration.ofSeconds(10)), fetchpipe.stderr());
      long tookMs = (System.nanoTime() - signalled) / 1_000_000;
      assertTrue(tookMs < 1_000 + 2_000, "grace 1 s + 2 s, took " + tookMs + " ms");
      String out = fetchpipe.stdout();
      assertTrue(out.contains("Cancelling (Ctrl-C): "), out);
      assertTrue(out.contains("Cancelled at "), out);
      assertTrue(out.contains("skipped (never started)."), out);
      assertOnlyWholeFiles(dir.resolve("flags"), dir.resolve("report.json"));
    }
  }

  @Test
  void aSecondCtrlCAbortsAtOnceEvenWithALongGrace(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = run(dir, "--out", "flags", "--report", "report.json", "-m", "4",
        "--set", "origin.delay=20s", "--set", "cancel.grace=60s")) {
      fetchpipe.awaitOutput("concurrent connections will be used", Duration.ofSeconds(60));
      Thread.sleep(300);
      fetchpipe.signalGroup("INT");
      fetchpipe.awaitOutput("Ctrl-C again to abort now", Duration.ofSeconds(5));
      fetchpipe.signalGroup("INT");
      long second = System.nanoTime();

      assertEquals(130, fetchpipe.awaitExit(Duration.ofSeconds(10)), fetchpipe.stderr());
      long tookMs = (System.nanoTime() - second) / 1_000_000;
      assertTrue(tookMs < 2_000, "took " + tookMs + " ms after the second Ctrl-C");
      String out = fetchpipe.stdout();
      assertTrue(out.contains("Aborting (Ctrl-C again): cutting off 4 in flight"), out);
      assertTrue(out.contains("  4 cancelled (cut off)."), out);
      assertOnlyWholeFiles(dir.resolve("flags"), dir.resolve("report.json"));
    }
  }

  @Test
  void sigtermCancelsGracefullyToo(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = run(dir, "--out", "flags", "-m", "2",
        "--set", "origin.delay=500ms", "--set", "cancel.grace=5s")) {
      fetchpipe.awaitOutput("concurrent connections will be used", Duration.ofSeconds(60));
      fetchpipe.signalGroup("TERM");

      assertEquals(143, fetchpipe.awaitExit(Duration.ofSeconds(10)), fetchpipe.stderr());
      assertTrue(fetchpipe.stdout().contains("Cancelling (SIGTERM): 2 in flight"), fetchpipe.stdout());
      assertTrue(fetchpipe.stdout().contains("0 cut off"), "the grace was long enough: " + fetchpipe.stdout());
    }
  }

  @Test
  void ctrlCDuringCompareStopsTheEngineThatRunsAndPrintsWhatWasLeft(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = Launcher.start(dir, "compare", "--out", "cmp", "--warmup", "0",
        "--set", "origin.delay=300ms", "--set", "origin.jitter=0ms", "--set", "progress.plain-interval=500ms")) {
      fetchpipe.awaitOutput("sequential: ", Duration.ofSeconds(60));
      fetchpipe.signalGroup("INT");

      assertEquals(130, fetchpipe.awaitExit(Duration.ofSeconds(20)), fetchpipe.stderr());
      String out = fetchpipe.stdout();
      assertTrue(out.contains("Cancelled (Ctrl-C) during sequential: it stopped at "), out);
      assertTrue(out.contains("; not run: threads, actors."), out);
      assertTrue(OutputFiles.temporary(dir.resolve("cmp/compare-1/sequential")).isEmpty());
    }
  }

  /** Every file in the dir is one the report calls OK, with its length and SHA-256; no temporary file remains. */
  private static void assertOnlyWholeFiles(Path out, Path reportFile) throws Exception {
    JsonNode report = JsonReport.read(reportFile);
    List<Path> files;
    files = OutputFiles.payload(out).stream().map(out::resolve).toList();
    int ok = 0;
    for (JsonNode item : report.get("items")) {
      if (!item.get("outcome").asText().equals("OK")) continue;
      ok++;
      byte[] saved = Files.readAllBytes(Path.of(item.get("path").asText()).isAbsolute()
          ? Path.of(item.get("path").asText()) : reportFile.getParent().resolve(item.get("path").asText()));
      assertEquals(item.get("bytes").asLong(), saved.length);
      assertEquals(item.get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(saved)));
    }
    assertEquals(ok, files.size(), "files on disk: " + files);
    assertTrue(files.stream().noneMatch(f -> f.getFileName().toString().startsWith(".")), files.toString());
  }
}
