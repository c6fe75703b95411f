package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetchpipe run --dry-run from the command line: a line a URL, the totals, exit 0 only when every URL answers 2xx,
 * nothing written and no daemon asked or started; its mistakes one line, exit 2.
 */
class DryRunCommandTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private static MainTest.Result dryRun(Path dir, String... urls) {
    String[] args = new String[4 + urls.length];
    args[0] = "run";
    args[1] = "--dry-run";
    args[2] = "--out=" + dir.resolve("out");
    args[3] = "--state-dir=" + dir.resolve("state");
    System.arraycopy(urls, 0, args, 4, urls.length);
    return MainTest.fetchpipe(args);
  }

  @Test
  void eachUrlIsPrintedWithItsStatusSizeAndNameThenTheTotals(@TempDir Path dir) {
    String ok = ORIGIN.get().url("/bytes/2048");
    String missing = ORIGIN.get().url("/status/404");
    MainTest.Result result = dryRun(dir, ok, missing, ORIGIN.get().url("/bytes/2048?twice"));

    assertEquals(1, result.exitCode(), result.out() + result.err());
    String out = result.out();
    assertTrue(out.contains("Dry run: 3 URLs from "), out);
    assertTrue(out.contains("  200     2.0 KiB  2048  " + ok + "\n"), out);
    assertTrue(out.contains("  404           ?  404  " + missing + " -- not found\n"), out);
    assertTrue(out.contains("2 of 3 URLs would be saved (2xx or kept); 1 would not.\n"), out);
    assertTrue(out.contains("Total size: 4.0 KiB (4096 bytes).\n"), out);
    // The numbered name says which name it wanted and which URL has it, as a run's summary says it.
    assertTrue(out.contains("Names changed: 1\n  renamed: 2048-2 <- " + ORIGIN.get().url("/bytes/2048?twice") + " -- 2048"
        + " taken by " + ok + " (URL 1)\n"), out);
    assertTrue(out.endsWith("Nothing was written.\n"), out);
    assertFalse(Files.exists(dir.resolve("out")), "no output dir");
    assertFalse(Files.exists(dir.resolve("state")), "no daemon asked, none started for later runs");
  }

  @Test
  void everyUrlAnswering2xxExitsZero(@TempDir Path dir) {
    MainTest.Result result = dryRun(dir, ORIGIN.get().url("/bytes/1"));
    assertEquals(0, result.exitCode(), result.out() + result.err());
  }

  @Test
  void aDryRunTakesNothingThatWritesAndIsNotADaemons(@TempDir Path dir) {
    MainTest.Result report = MainTest.fetchpipe("run", "--dry-run", "--report", dir.resolve("r.json").toString(),
        ORIGIN.get().url("/bytes/1"));
    assertEquals(2, report.exitCode());
    assertEquals("fetchpipe: --dry-run: a dry run writes nothing and serves nothing: it takes no --report, --timeline "
        + "or --metrics-port\n", report.err());
    assertFalse(Files.exists(dir.resolve("r.json")));

    MainTest.Result submit = MainTest.fetchpipe("submit", "--dry-run", ORIGIN.get().url("/bytes/1"));
    assertEquals(2, submit.exitCode());
    assertTrue(submit.err().contains("a dry run is run's, not a daemon's"), submit.err());
  }
}
