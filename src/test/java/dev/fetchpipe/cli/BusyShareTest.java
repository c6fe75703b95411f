package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench-clients/busy_share.py, which scripts/bench-cluster prints each node's busy share with, on reports whose
 * answer is worked out by hand: a node's fetch time while the queue was not empty, over its fetchers' time till then.
 */
class BusyShareTest {

  /** A report item fetched on {@code node} from {@code started} to {@code bodyDone} ms (null: no body came). */
  private static String item(String node, double started, Double bodyDone, double done) {
    return "{\"index\": 0, \"node\": \"" + node + "\", \"timings\": {\"queuedMs\": 0.0, \"startedMs\": " + started
        + ", \"firstByteMs\": null, \"bodyDoneMs\": " + bodyDone + ", \"doneMs\": " + done + "}}";
  }

  private static List<String> shares(Path dir, int slots, String... items) throws Exception {
    Path report = Files.writeString(dir.resolve("report.json"), "{\"items\": [" + String.join(", ", items) + "]}");
    Process python = run("python3", Launcher.PROJECT.resolve("scripts/bench-clients/busy_share.py").toString(),
        report.toString(), String.valueOf(slots));
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    python.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, python.exitValue(), out + err);
    return out.lines().toList();
  }

  private static Process run(String... command) throws IOException {
    try {
      return new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new AssertionError("python3 is missing: apt-get install python3", e);
    }
  }

  @Test
  void aNodesFetchesUntilTheLastUrlStartedOverItsSlotsTimesThatTime(@TempDir Path dir) throws Exception {
    // The last URL starts at 1000 ms: the queue is empty from then on. Node a, 2 slots: 1000 + 500 + 0 (its last URL
    // starts at 1000) of 2000 ms. Node b, 2 slots: 400 (600 to 1000 of a fetch to 1600) + 200 (a failure, no body,
    // ended at 300) of 2000.
    List<String> lines = shares(dir, 2,
        item("a", 0, 1000.0, 1100),
        item("a", 500, 1200.0, 1300),
        item("a", 1000, 1200.0, 1250),
        item("b", 600, 1600.0, 1700),
        item("b", 100, null, 300));
    assertEquals(List.of("a 0.75 3", "b 0.30 2", "queue_empty_s 1.00"), lines);
  }

  @Test
  void urlsWithoutANodeOrAStartAreLeftOut(@TempDir Path dir) throws Exception {
    String kept = "{\"index\": 1, \"timings\": {\"queuedMs\": 0.0, \"startedMs\": null, \"firstByteMs\": null,"
        + " \"bodyDoneMs\": null, \"doneMs\": 0.0}}";
    String skipped = "{\"index\": 2, \"node\": \"a\", \"timings\": {\"queuedMs\": 0.0, \"startedMs\": null,"
        + " \"firstByteMs\": null, \"bodyDoneMs\": null, \"doneMs\": 900.0}}";
    // The last URL started at 300 ms; node a's one fetcher was on its first URL all that time.
    assertEquals(List.of("a 1.00 2", "queue_empty_s 0.30"),
        shares(dir, 1, kept, skipped, item("a", 0, 800.0, 900), item("a", 300, 900.0, 950)));
  }
}
