package dev.fetchpipe.pipeline;

import static dev.fetchpipe.pipeline.LiveJob.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.LimitChange;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte rates on real jobs: the built-in origin on 127.0.0.1, real actors, real files. How closely a rate holds over a
 * long job is the benchmark's to measure (scripts/bench's rate case); here a job may never be faster than its rate
 * allows (a lower bound, which load cannot make fail), a live change reaches bodies under way, and a body held back
 * by the rate is not taken for a stalled one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacedJobTest {
  private static final int KIB = 1024;
  /**
   * The most a chunk of a body may hold (Pekko's TCP read buffer, pekko.io.tcp.direct-buffer-size): a chunk passes when
   * its turn comes, so each body's last chunk may end the body up to this many bytes' time early.
   */
  private static final int CHUNK_MOST = 128 * KIB;

  private final ActorTestKit testKit = ActorTestKit.create();
  private RunningOrigin origin;

  @BeforeAll
  void start() {
    origin = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 0.0));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    origin.close();
  }

  private List<String> urls(int count, int size) {
    return IntStream.range(0, count).mapToObj(i -> origin.url("/bytes/" + (size + i))).toList();
  }

  private static void assertByteExact(Path out, JobReport report) throws Exception {
    for (ItemResult item : report.items()) {
      assertEquals(Outcome.OK, item.outcome(), item.url() + ": " + item.error());
      assertArrayEquals(TestJobs.independentGet(item.url()), Files.readAllBytes(Path.of(item.path())), item.url());
    }
  }

  @Test
  void theJobsRateHoldsEveryBodyTogetherSmallAndLarge(@TempDir Path out) throws Exception {
    // 4 bodies streamed to disk and 40 small ones read in memory (some whole with their headers): 4.4 MiB in all.
    List<String> urls = new java.util.ArrayList<>(urls(4, 1024 * KIB));
    urls.addAll(urls(40, 10 * KIB));
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(100, out, urls, "fetch.max-in-flight=8",
        "fetch.max-bytes-per-second=1MiB", "writer.stream-above=64KiB"))) {
      assertEquals(1024 * KIB, job.status().limits().maxBytesPerSecond());
      JobReport report = job.awaitEnd();
      assertByteExact(out, report);
      long bytes = 4L * 1024 * KIB + 40L * 10 * KIB;
      // Less one burst (a tenth of a second's bytes) and the last chunk of each body in flight, nothing may arrive
      // faster than the rate.
      double least = (bytes - 0.1 * 1024 * KIB - 8.0 * CHUNK_MOST) / (1024.0 * KIB) * 1000;
      assertTrue(report.elapsedMs() >= least * 0.95, "took " + report.elapsedMs() + " ms, at least " + least + " expected");
    }
  }

  @Test
  void eachUrlsRateHoldsEachBody(@TempDir Path out) throws Exception {
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(100, out, urls(3, 600 * KIB), "fetch.max-in-flight=3",
        "fetch.max-bytes-per-second-per-url=200KiB"))) {
      JobReport report = job.awaitEnd();
      assertByteExact(out, report);
      // 3 s each at 200KiB/s, less one burst and its last chunk.
      double least = (600.0 * KIB - 0.1 * 200 * KIB - CHUNK_MOST) / (200.0 * KIB) * 1000;
      for (ItemResult item : report.items()) {
        double took = item.attempts().get(item.attempts().size() - 1).endedMs() - item.attempts().get(0).startedMs();
        assertTrue(took >= least, item.url() + " took " + took + " ms at 200KiB/s, at least " + least + " expected");
      }
    }
  }

  @Test
  void raisingTheRateLiveReachesTheBodiesUnderWayAndTheReportListsIt(@TempDir Path out) throws Exception {
    // One at a time at 64KiB/s, 8 bodies of 128KiB would take 16 s.
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(100, out, urls(8, 128 * KIB), "fetch.max-in-flight=1",
        "fetch.max-bytes-per-second=64KiB", "writer.stream-above=16KiB"))) {
      await("the first file", () -> job.status().done() >= 1);
      JobStatus resized = job.resize(null, null, null, 0L, 1024L * KIB);
      assertEquals(new JobLimits(1, 1, 4, 0, 1024 * KIB), resized.limits());
      JobReport report = job.awaitEnd();
      assertByteExact(out, report);
      assertTrue(report.elapsedMs() < 12_000, "the raised rate held the rest back: " + report.elapsedMs() + " ms");
      LimitChange change = report.limitChanges().get(0);
      assertEquals(0, change.maxBytesPerSecond());
      assertEquals(1024 * KIB, change.maxBytesPerSecondPerUrl());
      assertTrue(job.events(JobEvent.Resized.class).get(0).limits().maxBytesPerSecondPerUrl() == 1024 * KIB);
    }
  }

  @Test
  void aNegativeRateInAResizeIsRefusedAndChangesNothing(@TempDir Path out) throws Exception {
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(100, out, urls(2, 64 * KIB), "fetch.max-in-flight=1",
        "fetch.max-bytes-per-second=16KiB"))) {
      assertEquals(16 * KIB, job.resize(null, null, null, -1L, null).limits().maxBytesPerSecond());
      assertEquals(16 * KIB, job.resize(5, null, null, null, -5L).limits().maxBytesPerSecond(), "nothing changes");
      assertEquals(1, job.status().limits().maxInFlight(), "not even the valid part");
      job.resize(null, null, null, 0L, null);
      assertByteExact(out, job.awaitEnd());
    }
  }

  @Test
  void aBodyHeldBackByTheRateLongerThanTheIdleTimeoutIsNotStalled(@TempDir Path out) throws Exception {
    // 16KiB/s shared by 3 bodies of 40 KB: each chunk waits for the others' longer than the 1 s idle timeout.
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(100, out, urls(3, 40_000), "fetch.max-in-flight=3",
        "fetch.max-bytes-per-second=16KiB", "fetch.idle-timeout=1s", "fetch.retry.max-attempts=1",
        "writer.stream-above=8KiB"))) {
      assertByteExact(out, job.awaitEnd());
    }
  }

  @Test
  void aServerThatStallsIsStillCutOffUnderARate(@TempDir Path out) throws Exception {
    String stalls = origin.url("/fault/reset/200000?sent=20000&pause=4000");
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(100, out, List.of(stalls),
        "fetch.max-bytes-per-second=1MiB", "fetch.idle-timeout=1s", "fetch.retry.max-attempts=1",
        "writer.stream-above=8KiB"))) {
      ItemResult item = job.awaitEnd().items().get(0);
      assertEquals(Outcome.ERROR, item.outcome());
      assertTrue(item.error().startsWith("body stalled: nothing arrived for 1"), item.error());
    }
  }
}
