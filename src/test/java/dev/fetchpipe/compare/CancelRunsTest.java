package dev.fetchpipe.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.sweep.Sweep;
import dev.fetchpipe.sweep.Vary;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** compare and sweep cancelled while an engine runs (what Ctrl-C does): progress on the way, the rest left out. */
class CancelRunsTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  /** 12 URLs of 200 ms each: 2.4 s one at a time. */
  private static JobConfig slowJob(Path dir, String... sets) {
    List<String> urls = IntStream.range(0, 12).mapToObj(i -> ORIGIN.get().url("/delay/200?n=" + i)).toList();
    List<String> all = new java.util.ArrayList<>(List.of(sets));
    all.add("job.output-dir=" + dir);
    all.add("progress.plain-interval=150ms");
    return new JobConfig(ConfigLayers.merge(null, Map.of("fetchpipe.job.urls", ConfigValueFactory.fromIterable(urls)), all));
  }

  private static void cancelAfter(RunCancel cancel, long millis) {
    CompletableFuture.delayedExecutor(millis, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> cancel.cancel(CancelSource.INTERRUPT));
  }

  /**
   * Cancels as a user would who waited for {@code files} files to be saved under {@code dir} (every engine's or value's
   * folder counted): tied to the run's progress, not to the clock, which a loaded machine stretches.
   */
  private static void cancelOnceSaved(RunCancel cancel, Path dir, int files) {
    CompletableFuture.runAsync(() -> {
      while (saved(dir) < files) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
      cancel.cancel(CancelSource.INTERRUPT);
    });
  }

  /** Files in place under {@code dir}: not the journals, reports or temporary files (their names start with a dot). */
  private static long saved(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
          .filter(name -> !name.startsWith(".") && !name.endsWith(".json")).count();
    } catch (IOException | UncheckedIOException e) {
      return 0; // a folder made or renamed while walked: look again
    }
  }

  @Test
  void aCancelDuringTheSequentialRunStopsItAndRunsNoOtherEngine(@TempDir Path dir) {
    RunCancel cancel = new RunCancel();
    cancelOnceSaved(cancel, dir, 2);

    Comparison.Result result = Comparison.run(slowJob(dir), List.of(Engine.SEQUENTIAL, Engine.THREADS, Engine.ACTORS),
        0, out, cancel);

    assertEquals(List.of(), result.runs());
    Comparison.Cut cut = result.cut();
    assertEquals(CancelSource.INTERRUPT, cut.source());
    assertEquals("sequential", cut.stoppedName());
    assertEquals(List.of("threads", "actors"), cut.notRun());
    JobReport stopped = cut.stopped().report();
    assertTrue(stopped.counts().ok() >= 2 && stopped.counts().ok() < 12, "some, not all: " + stopped.counts().ok());
    assertEquals(12 - stopped.counts().ok(), stopped.counts().skipped(), "the rest never started: the one in flight finished");
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.matches("(?s).*    sequential: \\d+/12 files saved, \\d+\\.\\ds\n.*"), text);
    assertTrue(cut.describe().startsWith("Cancelled (Ctrl-C) during sequential: it stopped at "), cut.describe());
    assertTrue(cut.describe().endsWith("; not run: threads, actors."), cut.describe());
  }

  @Test
  void theActorsEngineIsCancelledAsRunIs(@TempDir Path dir) {
    RunCancel cancel = new RunCancel();
    cancelAfter(cancel, 1500);

    Comparison.Result result = Comparison.run(slowJob(dir, "fetch.max-in-flight=1", "cancel.grace=10s"),
        List.of(Engine.ACTORS), 0, out, cancel);

    JobReport stopped = result.cut().stopped().report();
    assertTrue(stopped.counts().skipped() > 0, "queued URLs were skipped: " + stopped);
    assertEquals(0, stopped.counts().cancelled(), "the one in flight had its grace");
    assertEquals(12, stopped.counts().ok() + stopped.counts().skipped());
  }

  @Test
  void aCancelDuringTheSecondValueKeepsTheFirstRow(@TempDir Path dir) {
    Vary vary = Vary.parse("fetch.max-in-flight=12,1,2");
    List<JobConfig> jobs = vary.values().stream().map(v -> slowJob(dir, "fetch.max-in-flight=" + v)).toList();
    RunCancel cancel = new RunCancel();
    cancelOnceSaved(cancel, dir, 12 + 2); // the first value's 12 files, then 2 of the second's (one at a time, 2.4 s)

    Sweep.Result result = Sweep.run(vary, jobs, Engine.THREADS, 0, 1, out, rows -> {}, cancel);

    assertEquals(1, result.rows().size());
    assertEquals("12", result.rows().get(0).value());
    assertEquals("fetch.max-in-flight=1", result.cut().stoppedName());
    assertEquals(List.of("fetch.max-in-flight=2"), result.cut().notRun());
  }

  @Test
  void withoutACancelNothingIsCut(@TempDir Path dir) {
    Comparison.Result result = Comparison.run(slowJob(dir, "fetch.max-in-flight=12"), List.of(Engine.THREADS), 0, out, new RunCancel());
    assertNull(result.cut());
    assertTrue(result.allGood());
  }
}
