package dev.fetchpipe.cli;

import static dev.fetchpipe.cli.MainTest.fetchpipe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fetchpipe sweep` in process: every value run into its own folder, the table and CSV, and bad --vary inputs. */
class SweepCommandTest {

  @Test
  void sweepsMaxInFlightRunningEachValueAndWritesTheCsv(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("tables/sweep.csv");
    MainTest.Result result = fetchpipe("sweep", "--vary", "fetch.max-in-flight=1,4", "--csv", csv.toString(),
        "--out", dir.resolve("out").toString(), "--set", "job.codes=[CN, BR, IN, US, ID, PK]",
        "--set", "origin.delay=50ms", "--set", "origin.jitter=0ms", "--warmup", "0");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    Path runDir = dir.resolve("out/sweep-1");
    JsonNode one = JsonReport.read(runDir.resolve("max-in-flight-1.json"));
    JsonNode four = JsonReport.read(runDir.resolve("max-in-flight-4.json"));
    assertEquals(1, one.get("concurrency").asInt());
    assertEquals(4, four.get("concurrency").asInt());
    assertEquals(1, mostAtOnce(one), "max-in-flight=1 ran one at a time");
    assertTrue(mostAtOnce(four) > 1 && mostAtOnce(four) <= 4, "max-in-flight=4 ran " + mostAtOnce(four) + " at once");
    for (String value : List.of("1", "4")) {
      assertEquals(6, Files.list(runDir.resolve("max-in-flight-" + value))
          .filter(file -> !file.getFileName().toString().startsWith(".")).count(), value);
    }

    List<String> rows = result.out().lines().dropWhile(line -> !line.startsWith("fetch.max-in-flight ")).toList();
    assertTrue(rows.get(1).startsWith("1 ") && rows.get(1).contains(" 1.00x ") && rows.get(1).contains(" 6/6"), rows.get(1));
    assertTrue(rows.get(2).startsWith("4 ") && rows.get(2).contains(" 6/6"), rows.get(2));
    List<String> lines = Files.readAllLines(csv);
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("value,wall_seconds,files_per_second,speedup"), lines.get(0));
    assertTrue(lines.get(1).startsWith("1,") && lines.get(2).startsWith("4,"), lines.toString());
  }

  @Test
  void repeatRunsEachValueInRoundsAndTheTableGivesMediansAndOneAnswer(@TempDir Path dir) throws Exception {
    MainTest.Result result = fetchpipe("sweep", "--vary", "fetch.max-in-flight=1,6", "--repeat", "3",
        "--out", dir.toString(), "--set", "job.codes=[CN, BR, IN, US, ID, PK]", "--set", "origin.delay=40ms",
        "--set", "origin.jitter=0ms", "--warmup", "0");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    for (String value : List.of("1", "6")) {
      for (int run = 1; run <= 3; run++) {
        assertEquals(6, JsonReport.read(dir.resolve("sweep-1/max-in-flight-" + value + "-run-" + run + ".json"))
            .get("ok").asInt(), value + " run " + run);
      }
    }
    // In rounds: every value once, then every value again.
    List<String> order = result.out().lines().filter(line -> line.startsWith("  fetch.max-in-flight=")).toList();
    assertEquals(6, order.size(), result.out());
    assertTrue(order.get(0).startsWith("  fetch.max-in-flight=1 (run 1 of 3)") && order.get(1).startsWith("  fetch.max-in-flight=6 (run 1 of 3)")
        && order.get(2).startsWith("  fetch.max-in-flight=1 (run 2 of 3)"), order.toString());
    List<String> rows = result.out().lines().dropWhile(line -> !line.startsWith("fetch.max-in-flight ")).toList();
    assertTrue(rows.get(0).matches("fetch.max-in-flight +runs +median wall s .*"), rows.get(0));
    assertTrue(rows.get(2).matches("6 +3 .*<- answer"), "6 at once is 6 times quicker: " + rows);
    assertEquals(1, rows.stream().filter(line -> line.contains("<-")).count(), rows.toString());
    assertTrue(rows.get(3).startsWith("Answer: 6, the first value whose median wall time is within 5% of the fastest"),
        rows.get(3));
  }

  @Test
  void theThreadsEnginesPoolCanBeSweptLikePythonsMaxWorkers(@TempDir Path dir) throws Exception {
    Path timeline = dir.resolve("sweep.html");
    MainTest.Result result = fetchpipe("sweep", "--engine", "threads", "--vary", "compare.thread-pool.size=1,3",
        "--out", dir.toString(), "--set", "job.codes=[CN, BR, IN]", "--set", "origin.delay=0ms", "--warmup", "0",
        "--timeline", timeline.toString());

    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertEquals(1, JsonReport.read(dir.resolve("sweep-1/size-1.json")).get("concurrency").asInt());
    assertEquals(3, JsonReport.read(dir.resolve("sweep-1/size-3.json")).get("concurrency").asInt());
    String page = Files.readString(timeline);
    assertTrue(page.contains("compare.thread-pool.size=1") && page.contains("compare.thread-pool.size=3"), "one section per value");
  }

  @Test
  void badVaryInputsExit2WithOneClearLineBeforeAnyRun(@TempDir Path dir) {
    String[][] cases = {
        {"--vary: is needed"},
        {"--vary: unknown key \"fetch.max-inflight\"", "--vary", "fetch.max-inflight=1,2"},
        {"--vary: no values", "--vary", "fetch.max-in-flight="},
        {"--vary: expected KEY=VALUE", "--vary", "fetch.max-in-flight"},
        {"--vary: the value lots is rejected: fetchpipe.fetch.max-in-flight", "--vary", "fetch.max-in-flight=1,lots"},
        {"--vary: the value 0 is rejected: fetchpipe.blocking-io-dispatcher", "--vary",
            "blocking-io-dispatcher.thread-pool-executor.fixed-pool-size=1,0"},
        {"--vary: the value abc is rejected: fetchpipe.compare.thread-pool.size", "--vary", "compare.thread-pool.size=abc"},
        {"--engine: expected sequential, threads, actors", "--vary", "fetch.max-in-flight=1", "--engine", "fibers"},
        {"--csv: cannot", "--vary", "fetch.max-in-flight=1", "--csv", "/proc/no-csv-here/s.csv"},
        {"--repeat: expected a whole number of runs from 1 to 100, got \"0\"", "--vary", "fetch.max-in-flight=1",
            "--repeat", "0"},
        {"fetchpipe.fetch.local-address: the threads engine cannot", "--vary", "fetch.max-in-flight=1", "--engine", "threads",
            "--set", "fetch.local-address=127.0.0.2"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("sweep", "--out", dir.resolve("out").toString()));
      args.addAll(List.of(c).subList(1, c.length));
      MainTest.Result result = fetchpipe(args.toArray(String[]::new));
      assertEquals(2, result.exitCode(), args.toString());
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().startsWith("fetchpipe: " + c[0]), result.err());
      assertFalse(result.err().contains("Exception"), result.err());
      assertFalse(Files.exists(dir.resolve("out")), "nothing may run for " + args);
    }
  }

  /** The most URLs between started and done at one moment, from a JSON report's timings. */
  /** The most requests in flight at one moment: from each request's start until its body has arrived. */
  private static int mostAtOnce(JsonNode report) {
    List<double[]> spans = new ArrayList<>();
    report.get("items").forEach(item -> spans.add(new double[] {
        item.get("timings").get("startedMs").asDouble(), item.get("timings").get("bodyDoneMs").asDouble()}));
    int most = 0;
    for (double[] a : spans) {
      most = Math.max(most, (int) spans.stream().filter(b -> b[0] <= a[0] && a[0] < b[1]).count());
    }
    return most;
  }
}
