package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs, in process, against the real built-in origin on 127.0.0.1: real actors, real HTTP, real files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunnerTest {
  private static final List<String> POP20 =
      List.of("CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP", "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR");

  private RunningOrigin origin;

  @BeforeAll
  void startOrigin() {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  @Test
  void pop20FlagsAreSavedByteEqualToWhatTheOriginServesAndTheReportMatches(@TempDir Path out) throws Exception {
    TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, List.of(),
        "job.base-url=" + origin.flagsUrl(), "job.codes=[" + String.join(",", POP20) + "]"), ProgressStyle.OFF);

    JobReport report = job.report();
    assertEquals(20, report.counts().ok());
    assertEquals(0, report.exitCode());
    for (int i = 0; i < POP20.size(); i++) {
      String cc = POP20.get(i).toLowerCase();
      Path file = out.resolve(cc + ".gif");
      byte[] served = TestJobs.independentGet(origin.flagsUrl() + "/" + cc + "/" + cc + ".gif");
      assertArrayEquals(served, Files.readAllBytes(file), cc);

      ItemResult item = report.items().get(i);
      assertEquals(origin.flagsUrl() + "/" + cc + "/" + cc + ".gif", item.url());
      assertEquals(Outcome.OK, item.outcome());
      assertEquals(200, item.status());
      assertEquals(served.length, item.bytes());
      assertEquals(sha256(served), item.sha256());
      assertEquals(file.toString(), item.path());
      assertNull(item.error());
      assertTrue(item.timings().startedMs() <= item.timings().firstByteMs());
      assertTrue(item.timings().firstByteMs() <= item.timings().bodyDoneMs());
      assertTrue(item.timings().bodyDoneMs() <= item.timings().doneMs());
    }
    assertTrue(job.output().contains(" 20 downloaded."), job.output());
    assertTrue(job.output().contains("Site: " + origin.flagsUrl()), job.output());
    assertNoTemporaryFiles(out);
  }

  @Test
  void unknownCodesCountAsNotFound(@TempDir Path out) {
    JobReport report = TestJobs.run(TestJobs.settings(out, List.of(),
        "job.base-url=" + origin.flagsUrl(), "job.codes=[CN, XX, QQ]"), ProgressStyle.OFF).report();

    assertEquals(1, report.counts().ok());
    assertEquals(2, report.counts().notFound());
    assertEquals(List.of(Outcome.OK, Outcome.NOT_FOUND, Outcome.NOT_FOUND),
        report.items().stream().map(ItemResult::outcome).toList());
    assertEquals(404, report.items().get(1).status());
    assertEquals(1, report.exitCode());
    assertEquals(List.of("cn.gif"), fileNames(out));
  }

  @Test
  void anOriginThatAlwaysFailsGivesAnErrorForEveryUrlAndExitCode1(@TempDir Path out) {
    OriginSettings failing = new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 1.0);
    try (RunningOrigin broken = OriginServer.start(ConfigFactory.load(), failing)) {
      TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, List.of(),
          "job.base-url=" + broken.flagsUrl(), "job.codes=[" + String.join(",", POP20) + "]"), ProgressStyle.OFF);

      assertEquals(20, job.report().counts().errors());
      assertEquals(1, job.report().exitCode());
      assertTrue(job.report().items().stream().allMatch(item -> item.error().startsWith("HTTP 500")));
      assertTrue(job.output().contains(" 20 errors."), job.output());
      assertEquals(List.of(), fileNames(out));
    }
  }

  @Test
  void aLineThatIsNotAnHttpUrlIsOneErrorAndTheJobGoesOn(@TempDir Path out) {
    List<String> urls = List.of("ftp://example.com/a.gif", "not a url", origin.flagsUrl() + "/jp/jp.gif", "http://");
    JobReport report = TestJobs.run(TestJobs.settings(out, urls), ProgressStyle.OFF).report();

    assertEquals(List.of(Outcome.ERROR, Outcome.ERROR, Outcome.OK, Outcome.ERROR),
        report.items().stream().map(ItemResult::outcome).toList());
    assertEquals("unsupported scheme \"ftp:\" (only http and https)", report.items().get(0).error());
    assertEquals(List.of("jp.gif"), fileNames(out));
  }

  @Test
  void aHostThatRefusesConnectionsFailsEachUrlWithItsReasonInMomentsNotMinutes(@TempDir Path out) throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<String> urls = IntStream.range(0, 60).mapToObj(i -> "http://127.0.0.1:" + closedPort + "/" + i + ".gif").toList();
    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.max-in-flight=20",
        "fetch.retry.max-attempts=2", "fetch.retry.min-backoff=10ms"), ProgressStyle.OFF).report();

    assertEquals(60, report.counts().errors());
    ItemResult item = report.items().get(0);
    assertNull(item.status());
    assertEquals("connection failed: connection refused (after 2 attempts)", item.error());
    // Pekko's pool backs off between connection attempts, by default up to 2 minutes: kept at 1 s by reference.conf.
    assertTrue(report.elapsedMs() < 30_000, "took " + report.elapsedMs() + " ms");
  }

  @Test
  void withoutAReportTheJobKeepsCountsAndTheFirstFailuresOnly(@TempDir Path out) {
    List<String> urls = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) urls.add(origin.baseUrl() + "/bytes/" + (100 + i));
    for (int i = 0; i < 15; i++) urls.add(origin.baseUrl() + "/status/404?n=" + i);
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

    FetchpipeSettings settings = TestJobs.settings(out, urls);
    JobReport report = JobRunner.runCancellableBySignals(settings, null, List.of(TestJobs.console(settings,
        ProgressStyle.OFF, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8))), false);

    assertFalse(report.allItems());
    assertEquals(30, report.counts().ok());
    assertEquals(15, report.counts().notFound());
    assertEquals(10, report.items().size(), "only the ten failures the summary lists");
    assertTrue(printed.toString(java.nio.charset.StandardCharsets.UTF_8).contains("  ... and 5 more (--report FILE lists every URL)"));
  }

  @Test
  void callbacksOfPekkoFuturesStartNoThreadPerUrl(@TempDir Path out) {
    // Pekko's CompletionStages run dependent callbacks on the JDK's default executor, a new thread per callback on a
    // machine of two cores or fewer: the fetcher must not depend on them that way (DirectCompletion).
    List<String> urls = IntStream.range(0, 300).mapToObj(i -> origin.baseUrl() + "/bytes/" + (400 + i)).toList();
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();

    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.max-in-flight=20"), ProgressStyle.OFF).report();

    long started = threads.getTotalStartedThreadCount() - before;
    assertEquals(300, report.counts().ok());
    assertTrue(started < 100, "a job's actor system starts a few dozen threads, not one per URL: " + started);
  }

  @Test
  void redirectsAreFollowedUpToTheLimit(@TempDir Path out) throws Exception {
    List<String> urls = List.of(origin.baseUrl() + "/redirect/3", origin.baseUrl() + "/redirect/9", origin.baseUrl() + "/status/302");
    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.max-redirects=5"), ProgressStyle.OFF).report();

    assertEquals(Outcome.OK, report.items().get(0).outcome());
    assertEquals("redirected", Files.readString(Path.of(report.items().get(0).path())));
    assertEquals("more than 5 redirects", report.items().get(1).error());
    assertEquals("HTTP 302 without a Location header", report.items().get(2).error());
  }

  @Test
  void everyFileIsWrittenOnTheBlockingIoDispatcherAndNeverOnTheDefaultOne(@TempDir Path out) {
    List<String> urls = IntStream.range(0, 40).mapToObj(i -> origin.baseUrl() + "/bytes/" + (100 + i)).toList();
    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.max-in-flight=10"), ProgressStyle.OFF).report();

    assertEquals(40, report.counts().ok());
    for (ItemResult item : report.items()) {
      // Only threads of the blocking-io dispatcher get this name (WriterThreads): its number in the pool of 4.
      assertTrue(item.writerThread().matches("writer [1-4]"), item.writerThread());
    }
  }

  @Test
  void fetchersNeverBlockSoAHundredSlowUrlsTakeAboutOneDelayNotAHundred(@TempDir Path out) {
    OriginSettings slow = new OriginSettings("127.0.0.1", 0, Duration.ofMillis(500), Duration.ZERO, 0.0);
    try (RunningOrigin slowOrigin = OriginServer.start(ConfigFactory.load(), slow)) {
      List<String> urls = IntStream.range(0, 100).mapToObj(i -> slowOrigin.baseUrl() + "/bytes/" + (1000 + i)).toList();
      JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.max-in-flight=100"), ProgressStyle.OFF).report();

      assertEquals(100, report.counts().ok());
      assertEquals(100, report.concurrency());
      // One at a time would take 100 x 0.5 s = 50 s; a blocked pool of a few threads, well over 10 s.
      assertTrue(report.elapsedMs() < 10_000, "took " + report.elapsedMs() + " ms");
    }
  }

  @Test
  void aFewHundredUrlsAreDownloadedConcurrentlyAndByteExact(@TempDir Path out) throws Exception {
    List<String> urls = IntStream.range(0, 300).mapToObj(i -> origin.baseUrl() + "/bytes/" + (2000 + 7 * i)).toList();
    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.max-in-flight=64"), ProgressStyle.OFF).report();

    assertEquals(300, report.counts().ok());
    for (ItemResult item : report.items()) {
      byte[] saved = Files.readAllBytes(Path.of(item.path()));
      assertArrayEquals(TestJobs.independentGet(item.url()), saved, item.url());
      assertEquals(sha256(saved), item.sha256());
    }
    assertNoTemporaryFiles(out);
  }

  @Test
  void theSpinnerDrawsDuringTheJobAndNothingAfterTheSummaryStarts(@TempDir Path out) {
    OriginSettings slow = new OriginSettings("127.0.0.1", 0, Duration.ofMillis(300), Duration.ZERO, 0.0);
    try (RunningOrigin slowOrigin = OriginServer.start(ConfigFactory.load(), slow)) {
      TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, List.of(),
          "job.base-url=" + slowOrigin.flagsUrl(), "job.codes=[CN, IN, US, BR]", "fetch.max-in-flight=1",
          "progress.spinner-interval=20ms"), ProgressStyle.SPINNER);

      String output = job.output();
      int summary = output.indexOf("--------------------");
      assertTrue(output.substring(0, summary).contains("\r| 0/4 done (0 saved), 1 in flight"), output);
      assertFalse(output.substring(summary).contains("\r"), "spinner drew after it was stopped: " + output);
    }
  }

  private static List<String> fileNames(Path dir) {
    return OutputFiles.payload(dir);
  }

  private static void assertNoTemporaryFiles(Path dir) {
    assertEquals(List.of(), OutputFiles.temporary(dir), "temporary files left");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aUrlListedTwiceIsFetchedOnceAndTheHeaderSaysSo(@TempDir Path out) {
    origin.resetCounters();
    String cn = origin.url("/bytes/11");
    String us = origin.url("/bytes/12");
    TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, List.of(cn, us, cn, cn)), ProgressStyle.OFF);

    assertEquals(2, job.report().urls());
    assertEquals(2, job.report().counts().ok());
    assertEquals(0, job.report().exitCode());
    assertEquals(1, origin.requestCount("/bytes/11"));
    assertEquals(List.of("11", "12"), OutputFiles.downloaded(out).stream().sorted().toList());
    assertTrue(job.output().contains("Listed more than once, fetched once: " + cn + " (2 repeated lines left out)"), job.output());
  }

  @Test
  void progressShowsTheBytesOfBodiesStillStreaming(@TempDir Path out) {
    // Two 600 KB bodies (streamed to disk, over writer.stream-above) trickling in over about a second.
    List<String> urls = IntStream.range(0, 2)
        .mapToObj(i -> origin.url("/fault/trickle/600000?chunk=60000&every=100&n=" + i)).toList();
    TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, urls, "progress.plain-interval=150ms"), ProgressStyle.PLAIN);

    assertEquals(2, job.report().counts().ok());
    List<String> before = job.output().lines().filter(l -> l.startsWith("progress: 0/2 done (0 saved), 2 in flight, ")).toList();
    assertTrue(before.stream().anyMatch(l -> !l.contains(", 0 B")), "bytes arrived before any file was saved: " + job.output());
  }
}
