package dev.fetchpipe.pipeline;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What a cancel does to a running job: real jobs against a slow origin, cancelled by message at chosen moments. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancellationTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private RunningOrigin slowOrigin;

  @BeforeAll
  void startOrigin() {
    slowOrigin = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(60), Duration.ofMillis(50), 0.0));
  }

  @AfterAll
  void stop() {
    slowOrigin.close();
    timer.shutdownNow();
  }

  /** Runs the job and sends each Cancel at its moment (milliseconds after the job started). */
  private JobReport runCancelledAt(FetchpipeSettings settings, long... cancelAtMs) {
    return JobRunner.run(settings, null, List.of(), supervisor -> {
      for (long at : cancelAtMs) {
        timer.schedule(() -> supervisor.tell(new PipelineSupervisor.Cancel(CancelSource.REQUEST, "test")), at, TimeUnit.MILLISECONDS);
      }
    });
  }

  private List<String> urls(int n) {
    // Bodies of 20 to 80 KB, so some cancels land while a body streams.
    return IntStream.range(0, n).mapToObj(i -> slowOrigin.baseUrl() + "/bytes/" + (20_000 + 1_511 * i)).toList();
  }

  @Test
  void cancelledAtThirtySeededMomentsEveryFileIsWholeAndEveryUrlEndsOnce(@TempDir Path root) throws Exception {
    Random random = new Random(20261122);
    for (int run = 0; run < 30; run++) {
      Path out = root.resolve("run-" + run);
      long cancelAt = random.nextInt(400);
      String grace = List.of("0ms", "40ms", "150ms", "5s").get(random.nextInt(4));
      boolean twice = random.nextBoolean();
      String moment = "run " + run + ": cancel at " + cancelAt + " ms, grace " + grace + (twice ? ", then again" : "");
      FetchpipeSettings settings = TestJobs.settings(out, urls(40), "fetch.max-in-flight=8", "cancel.grace=" + grace);

      JobReport report = twice
          ? runCancelledAt(settings, cancelAt, cancelAt + random.nextInt(60))
          : runCancelledAt(settings, cancelAt);

      assertEveryUrlEndedOnceAndTheCountsAddUp(report, moment);
      assertOnlyWholeFilesOfOkUrls(report, out, moment);
      if (report.counts().cancelled() + report.counts().skipped() > 0) {
        assertNotNull(report.cancellation(), moment);
        assertEquals(3, report.exitCode(), moment);
      }
    }
  }

  @Test
  void theFirstCancelLetsFetchesInFlightFinishWithinTheGrace(@TempDir Path out) {
    JobReport report = runCancelledAt(TestJobs.settings(out, urls(40), "fetch.max-in-flight=8", "cancel.grace=10s"), 30);

    assertEquals(0, report.counts().cancelled(), "nothing is cut off when the grace is long enough");
    assertTrue(report.counts().skipped() > 0);
    assertEquals(report.cancellation().inFlight(), report.cancellation().finishedAfterCancel());
    assertTrue(report.items().stream().filter(i -> i.outcome() == Outcome.SKIPPED).allMatch(i -> i.timings().startedMs() == null));
  }

  @Test
  void aSecondCancelAbortsWhatIsInFlightAtOnce(@TempDir Path out) throws Exception {
    try (RunningOrigin verySlow = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofSeconds(20), Duration.ZERO, 0.0))) {
      List<String> urls = IntStream.range(0, 10).mapToObj(i -> verySlow.baseUrl() + "/bytes/" + (100 + i)).toList();
      long start = System.nanoTime();
      JobReport report = runCancelledAt(TestJobs.settings(out, urls, "fetch.max-in-flight=4", "cancel.grace=60s"), 300, 600);
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      assertEquals(4, report.counts().cancelled());
      assertEquals(6, report.counts().skipped());
      assertTrue(tookMs < 10_000, "a second cancel must not wait out the 60 s grace: took " + tookMs + " ms");
      assertNotNull(report.cancellation().abortedAtMs());
      assertTrue(report.items().stream().filter(i -> i.outcome() == Outcome.CANCELLED)
          .allMatch(i -> i.error().equals("cut off while waiting for the response")));
      assertEquals(List.of(), filesIn(out));
    }
  }

  @Test
  void aDeadlineEndsTheJobAndTheReportSaysSo(@TempDir Path out) {
    JobReport report = runCancelledAt(TestJobs.settings(out, urls(40),
        "fetch.max-in-flight=2", "cancel.deadline=300ms", "cancel.grace=0ms"));

    assertEquals(CancelSource.DEADLINE, report.cancellation().source());
    assertEquals("300 ms passed", report.cancellation().reason());
    assertTrue(report.cancellation().atMs() >= 300);
    assertTrue(report.counts().skipped() > 0);
    assertEquals(3, report.exitCode());
  }

  @Test
  void maxErrorsEndsTheJobAndTheReportSaysSo(@TempDir Path out) {
    try (RunningOrigin failing = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(20), Duration.ZERO, 1.0))) {
      List<String> urls = IntStream.range(0, 30).mapToObj(i -> failing.baseUrl() + "/bytes/" + (100 + i)).toList();
      JobReport report = runCancelledAt(TestJobs.settings(out, urls, "fetch.max-in-flight=2", "cancel.max-errors=3"));

      assertEquals(CancelSource.MAX_ERRORS, report.cancellation().source());
      assertEquals("3 URLs ended in ERROR", report.cancellation().reason());
      assertTrue(report.counts().errors() >= 3);
      assertTrue(report.counts().skipped() > 0);
      assertEquals(3, report.exitCode());
    }
  }

  @Test
  void afterACancelNothingIsLeftRunningAndThePoolsCloseCleanly(@TempDir Path out) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    PrintStream stdout = System.out;
    ByteArrayOutputStream pekkoStdout = new ByteArrayOutputStream();
    System.setOut(new PrintStream(pekkoStdout, true, StandardCharsets.UTF_8));
    try {
      JobReport report = runCancelledAt(TestJobs.settings(out, urls(40), "fetch.max-in-flight=8", "cancel.grace=0ms"), 100);
      assertTrue(report.counts().cancelled() + report.counts().skipped() > 0);
    } finally {
      System.setOut(stdout);
      root.detachAppender(log);
    }

    assertTrue(log.list.stream().noneMatch(e -> e.getFormattedMessage().contains("shut down unexpectedly")), log.list.toString());
    assertFalse(pekkoStdout.toString(StandardCharsets.UTF_8).contains("shut down unexpectedly"));
    // The job's actor system is gone, and with it every thread of its dispatchers.
    eventually(Duration.ofSeconds(10), "no thread of the job's dispatchers left", () -> Thread.getAllStackTraces().keySet()
        .stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith("fetchpipe-") && !name.startsWith("fetchpipe-origin-"))
        .collect(Collectors.toSet()), Set::isEmpty);
  }

  private static void assertEveryUrlEndedOnceAndTheCountsAddUp(JobReport report, String moment) {
    assertEquals(40, report.items().size(), moment);
    Set<Integer> indexes = new HashSet<>();
    for (ItemResult item : report.items()) {
      assertNotNull(item, moment);
      assertTrue(indexes.add(item.index()), moment + ": index twice " + item.index());
    }
    assertEquals(report.urls(), report.counts().done(), moment);
    assertEquals(0, report.counts().errors(), moment + ": " + report.items());
  }

  /** Every run asks for the same URLs: fetch each one independently once. */
  private static final java.util.Map<String, byte[]> SERVED = new java.util.concurrent.ConcurrentHashMap<>();

  private static byte[] served(String url) throws Exception {
    byte[] body = SERVED.get(url);
    if (body == null) SERVED.put(url, body = TestJobs.independentGet(url));
    return body;
  }

  private static void assertOnlyWholeFilesOfOkUrls(JobReport report, Path out, String moment) throws Exception {
    Set<String> okPaths = report.items().stream().filter(i -> i.outcome() == Outcome.OK)
        .map(i -> Path.of(i.path()).getFileName().toString()).collect(Collectors.toSet());
    assertEquals(okPaths, Set.copyOf(filesIn(out)), moment + ": files on disk are exactly the OK URLs, no temporary file");
    for (ItemResult item : report.items()) {
      if (item.outcome() != Outcome.OK) continue;
      byte[] saved = Files.readAllBytes(Path.of(item.path()));
      assertEquals(item.bytes(), saved.length, moment);
      assertEquals(item.sha256(), JobRunnerTest.sha256(saved), moment);
      assertArrayEquals(served(item.url()), saved, moment);
    }
  }

  private static List<String> filesIn(Path dir) {
    return OutputFiles.payload(dir);
  }
}
