package dev.fetchpipe.cli;

import static dev.fetchpipe.cli.MainTest.fetchpipe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fetchpipe compare` in process: the table, the folders, the exit codes. */
class CompareCommandTest {

  @Test
  void comparesTheThreeEnginesOnTheJobAndPrintsOneRowEach(@TempDir Path dir) throws Exception {
    Path timeline = dir.resolve("pages/compare.html");
    MainTest.Result result = fetchpipe("compare", "--out", dir.toString(), "--set", "job.codes=[CN, BR, IN]",
        "--set", "origin.delay=0ms", "--set", "origin.jitter=0ms", "--warmup", "1", "--threads", "2",
        "--timeline", timeline.toString());

    assertEquals(0, result.exitCode(), result.out() + result.err());
    List<String> rows = result.out().lines().dropWhile(line -> !line.startsWith("engine ")).toList();
    assertTrue(rows.get(1).matches("sequential +1 at a time .* 3/3"), rows.get(1));
    assertTrue(rows.get(2).matches("threads +2 threads .* 3/3"), rows.get(2));
    assertTrue(rows.get(3).matches("actors +max-in-flight 5 .* 3/3"), rows.get(3));
    assertTrue(result.out().contains("all 3 engines wrote the same 3 files"), result.out());
    assertTrue(result.out().contains("Peak threads and heap are the whole JVM's (the built-in origin's included)"),
        result.out());
    for (String engine : List.of("sequential", "threads", "actors")) {
      assertTrue(Files.isRegularFile(dir.resolve("compare-1").resolve(engine).resolve("br.gif")), engine);
    }
    // One section per engine; the threads engine's lanes are its pool's threads.
    String page = Files.readString(timeline);
    for (String section : List.of(">sequential<", ">threads<", ">actors<", "threads-1")) {
      assertTrue(page.contains(section), section);
    }
  }

  @Test
  void theFootnoteNamesTheBuiltInOriginOnlyWhenItWasUsed(@TempDir Path dir) {
    try (RunningOrigin elsewhere = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      MainTest.Result result = fetchpipe("compare", "--out", dir.toString(), "--warmup", "0",
          elsewhere.baseUrl() + "/bytes/10", elsewhere.baseUrl() + "/bytes/20");
      assertEquals(0, result.exitCode(), result.out() + result.err());
      assertTrue(result.out().contains("Peak threads and heap are the whole JVM's;"), result.out());
      assertFalse(result.out().contains("built-in origin"), result.out());
    }
  }

  @Test
  void aUrlNoEngineCanGetExits1(@TempDir Path dir) {
    MainTest.Result result = fetchpipe("compare", "--out", dir.toString(), "--set", "job.codes=[CN, XX]",
        "--set", "origin.delay=0ms", "--warmup", "0", "--engines", "threads,sequential");

    assertEquals(1, result.exitCode(), result.err());
    assertTrue(result.out().lines().anyMatch(line -> line.matches("threads .* 1/2")), result.out());
    assertTrue(result.out().contains("speedup vs threads"), result.out());
  }

  @Test
  void badOptionsExit2WithOneLineAndRunNothing(@TempDir Path dir) {
    String[][] cases = {
        {"--engines", "--engines", "sequential,fibers"},
        {"--engines", "--engines", "threads,threads"},
        {"--warmup", "--warmup", "some"},
        {"fetchpipe.compare.thread-pool.size", "--threads", "0"},
        {"fetchpipe.fetch.max-in-flight", "-m", "none"},
        {"--timeline", "--timeline", "/proc/no-pages-here/t.html"},
        // The blocking engines cannot choose their local address: refused before anything runs.
        {"fetchpipe.fetch.local-address", "--set", "fetch.local-address=127.0.0.2"},
    };
    for (String[] c : cases) {
      MainTest.Result result = fetchpipe("compare", "--out", dir.resolve("out").toString(), c[1], c[2]);
      assertEquals(2, result.exitCode(), c[1] + " " + c[2]);
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().contains(c[0]), result.err());
      assertFalse(Files.exists(dir.resolve("out")), "nothing may be created for " + c[1] + " " + c[2]);
    }
  }
}
