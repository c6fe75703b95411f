package dev.fetchpipe.pipeline;

import static dev.fetchpipe.pipeline.LiveJob.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.LimitChange;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs run as children of one long-lived actor system, the daemon's way, and steered while they run: real origins on
 * 127.0.0.1 (slow ones, so that what is in flight can be watched from the origin's side), real actors, real files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineLiveTest {
  private static final int CEILING = 100;
  private static final int LARGEST = 4000;

  private final ActorTestKit testKit = ActorTestKit.create();
  private RunningOrigin slow;
  private RunningOrigin slowOther;
  private RunningOrigin fast;
  /** /bytes/n is a prefix of /bytes/m: every body of the tests, from one request. */
  private byte[] bytes;

  @BeforeAll
  void start() throws Exception {
    slow = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(250), Duration.ZERO, 0.0));
    slowOther = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(250), Duration.ZERO, 0.0));
    fast = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(5), Duration.ZERO, 0.0));
    bytes = TestJobs.independentGet(fast.url("/bytes/" + LARGEST));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    slow.close();
    slowOther.close();
    fast.close();
  }

  private static List<String> urls(RunningOrigin origin, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> origin.url("/bytes/" + i)).toList();
  }

  @Test
  void urlsWaitingToRetryAreCountedApartFromThoseInFlightThenFetched(@TempDir Path out) throws Exception {
    // Each answers 503 with Retry-After: 3 once, then 200: for about 3 s both wait for their retry, none in flight.
    List<String> urls = List.of(fast.url("/fault/503/wait-a?times=1&after=3"), fast.url("/fault/503/wait-b?times=1&after=3"));
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, out, urls))) {
      await("both waiting to retry", () -> job.status().waitingToRetry() == 2);
      JobStatus waiting = job.status();
      assertEquals(0, waiting.inFlight(), waiting.toString());
      assertEquals(0, waiting.queued(), waiting.toString());
      await("the progress events saying so too",
          () -> job.events(JobEvent.Progress.class).stream().anyMatch(p -> p.status().waitingToRetry() == 2));

      JobReport report = job.awaitEnd();
      assertEquals(2, report.counts().ok());
    }
  }

  @Test
  void raisingMaxInFlightFrom5To50StartsMoreFetchesAtOnceAndEveryFileIsByteExact(@TempDir Path out) throws Exception {
    slow.resetCounters();
    List<String> urls = urls(slow, 1000, 300);
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, out, urls, "fetch.max-in-flight=5"))) {
      await("some files done at 5", () -> job.status().done() >= 10);
      assertEquals(5, slow.peakInFlight("/bytes"), "5 in flight before the resize");

      JobStatus resized = job.resize(50, null, null);
      assertEquals(new JobLimits(50, 50, 4), resized.limits());
      await("50 in flight", () -> slow.peakInFlight("/bytes") >= 50);
      JobStatus midway = job.status();
      assertEquals(midway.total(), midway.done() + midway.inFlight() + midway.writing() + midway.queued());

      JobReport report = job.awaitEnd();
      assertEquals(50, slow.peakInFlight("/bytes"), "never more than the new limit");
      assertEquals(300, report.counts().ok());
      assertEquals(5, report.concurrency(), "what the job started with; the resize is listed apart");
      assertEquals(1, report.limitChanges().size());
      assertEquals(50, report.limitChanges().get(0).maxInFlight());
      assertByteExact(report.items());
      assertEventsAgreeWith(job, report, 1);
    }
  }

  @Test
  void loweringMaxInFlightFrom50To5RetiresFreeFetchersAndCutsNoneOff(@TempDir Path out) throws Exception {
    slow.resetCounters();
    List<String> urls = urls(slow, 1400, 160);
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, out, urls, "fetch.max-in-flight=50"))) {
      await("50 in flight", () -> slow.peakInFlight("/bytes") >= 50);

      assertEquals(5, job.resize(5, null, null).limits().maxInFlight());
      await("the old fetches drained", () -> slow.inFlight("/bytes") <= 5);
      slow.resetCounters();
      await("some files done at 5", () -> slow.requestCounts().size() >= 20);

      JobReport report = job.awaitEnd();
      assertTrue(slow.peakInFlight("/bytes") <= 5, "at most 5 after the drain: " + slow.peakInFlight("/bytes"));
      assertEquals(160, report.counts().ok());
      assertEquals(0, report.counts().cancelled());
      assertByteExact(report.items());
    }
  }

  @Test
  void aMaxPerHostSetMidJobIsHonouredPerHostAndCanBeRaisedAgain(@TempDir Path out) throws Exception {
    slow.resetCounters();
    slowOther.resetCounters();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      urls.add(slow.url("/bytes/" + (2000 + i)));
      urls.add(slowOther.url("/bytes/" + (2000 + i)));
    }
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, out, urls, "fetch.max-in-flight=20"))) {
      await("more than 3 in flight at one host", () -> slow.peakInFlight("/") > 3);

      assertEquals(new JobLimits(20, 3, 4), job.resize(null, 3, null).limits());
      await("both hosts drained to 3", () -> slow.inFlight("/") <= 3 && slowOther.inFlight("/") <= 3);
      slow.resetCounters();
      slowOther.resetCounters();
      await("some files done at 3 per host", () -> slow.requestCounts().size() >= 12);
      assertTrue(slow.peakInFlight("/") <= 3, "host 1 at most 3: " + slow.peakInFlight("/"));
      assertTrue(slowOther.peakInFlight("/") <= 3, "host 2 at most 3: " + slowOther.peakInFlight("/"));
      assertEquals(3, slow.peakInFlight("/"), "and the limit is used");

      job.resize(null, 8, null);
      await("8 in flight at a host", () -> slow.peakInFlight("/") >= 8);

      JobReport report = job.awaitEnd();
      assertTrue(slow.peakInFlight("/") <= 8 && slowOther.peakInFlight("/") <= 8);
      assertEquals(300, report.counts().ok());
      assertEquals(List.of(3, 8), report.limitChanges().stream().map(LimitChange::maxPerHost).toList());
    }
  }

  @Test
  void writerThreadsGoFrom4To1To6WhileFilesAreWrittenAndNoWriteIsLostOrRepeated(@TempDir Path out) throws Exception {
    String dispatcher = WriterPool.register(testKit.system(), "fetchpipe.test-job-writers", 4);
    WriterPool pool = WriterPool.of(testKit.system(), dispatcher).orElseThrow();
    List<String> urls = urls(fast, 100, 3000);
    var settings = TestJobs.settings(CEILING, out, urls, "fetch.max-in-flight=20").withWriterDispatcher(dispatcher);
    try (LiveJob job = new LiveJob(testKit, settings)) {
      await("4 writer threads", () -> pool.liveThreads() == 4);
      assertEquals(1, job.resize(null, null, 1).limits().writerThreads());
      await("1 writer thread", () -> pool.liveThreads() == 1);
      int doneAtOne = job.status().done();
      await("more files written by one thread", () -> job.status().done() >= doneAtOne + 200);
      assertEquals(1, pool.liveThreads());

      assertEquals(6, job.resize(null, null, 6).limits().writerThreads());
      await("6 writer threads", () -> pool.liveThreads() == 6);
      assertTrue(job.status().done() < 3000, "resized while the job ran");

      JobReport report = job.awaitEnd();
      assertEquals(3000, report.counts().ok());
      assertByteExact(report.items());
      // Numbered in the job's own pool, never past the largest size it had (6).
      assertTrue(report.items().stream().allMatch(item -> item.writerThread().matches("writer [1-6]")),
          "every file written on the job's own pool");
      assertEquals(3000, OutputFiles.payload(out).size(), "every file once, nothing else");
      List<String> journal = Files.readAllLines(out.resolve(Journal.FILE_NAME));
      assertEquals(3000, journal.size(), "one journal line per URL");
      assertEquals(3000, journal.stream().distinct().count());
      assertEquals(List.of(4, 1, 6), List.of(4, report.limitChanges().get(0).writerThreads(),
          report.limitChanges().get(1).writerThreads()));
      assertEventsAgreeWith(job, report, 2);
    }
  }

  @Test
  void twoJobsOneAfterTheOtherInOneSystemAndTheSystemStaysUp(@TempDir Path out) throws Exception {
    for (int run = 0; run < 2; run++) {
      Path dir = out.resolve("job" + run);
      try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, dir, urls(fast, 3000 + run * 50, 50)))) {
        JobReport report = job.awaitEnd();
        assertEquals(50, report.counts().ok());
        assertEventsAgreeWith(job, report, 0);
      }
    }
    assertFalse(testKit.system().getWhenTerminated().toCompletableFuture().isDone(), "the system outlives its jobs");
  }

  @Test
  void aResizeAboveTheCeilingOrBelowOneIsRefusedAndAnsweredWithTheLimitsUnchanged(@TempDir Path out) throws Exception {
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, out, urls(slow, 3200, 30), "fetch.max-in-flight=5"))) {
      assertEquals(new JobLimits(5, 5, 4), job.resize(CEILING + 1, null, null).limits());
      assertEquals(new JobLimits(5, 5, 4), job.resize(null, 0, null).limits());
      JobReport report = job.awaitEnd();
      assertEquals(List.of(), report.limitChanges());
      assertEquals(List.of(), job.events(JobEvent.Resized.class));
    }
  }

  @Test
  void aCancelledLiveJobDrainsTellsItsWatcherAndReportsAsFarAsItGot(@TempDir Path out) throws Exception {
    try (LiveJob job = new LiveJob(testKit, TestJobs.settings(CEILING, out, urls(slow, 3300, 100), "fetch.max-in-flight=5"))) {
      await("some files done", () -> job.status().done() >= 5);
      JobReport soFar = job.reportSoFar();
      assertTrue(soFar.counts().ok() >= 5 && soFar.counts().ok() < 100, "as far as it got: " + soFar.counts().ok());
      assertEquals(soFar.counts().ok(), soFar.items().size() - soFar.counts().notFound() - soFar.counts().errors(),
          "every result so far");

      job.supervisor.tell(new PipelineSupervisor.Cancel(dev.fetchpipe.report.CancelSource.REQUEST, "enough"));
      JobStatus draining = job.status();
      assertTrue(draining.state() == JobStatus.State.DRAINING || draining.state() == JobStatus.State.DONE, draining.toString());
      assertEquals("enough", draining.cancellation().reason());

      JobReport report = job.awaitEnd();
      assertTrue(report.counts().skipped() > 0);
      assertEquals(100, Files.readAllLines(out.resolve(Journal.FILE_NAME)).size(),
          "every URL's line, the skipped ones' too, is in the journal once the job has ended");
      JobEvent.Cancelling cancelling = job.events(JobEvent.Cancelling.class).get(0);
      assertEquals("enough", cancelling.reason());
      assertEventsAgreeWith(job, report, 0);
    }
  }

  /** Every URL ended once, one Resized per resize, the Ended last, and its status agrees with the report. */
  private static void assertEventsAgreeWith(LiveJob job, JobReport report, int resizes) {
    List<JobEvent> events = new ArrayList<>(job.events);
    JobEvent.Ended ended = assertInstanceOf(JobEvent.Ended.class, events.get(events.size() - 1), "Ended comes last");
    Map<Integer, Long> perUrl = job.events(JobEvent.ItemEnded.class).stream()
        .collect(Collectors.groupingBy(e -> e.result().index(), Collectors.counting()));
    assertEquals(report.urls(), perUrl.size(), "every URL has its ItemEnded");
    assertTrue(perUrl.values().stream().allMatch(count -> count == 1), "exactly one each");
    assertEquals(resizes, job.events(JobEvent.Resized.class).size());
    assertEquals(report.limitChanges().stream().map(LimitChange::atMs).toList(),
        job.events(JobEvent.Resized.class).stream().map(JobEvent.Resized::atMs).toList());

    JobStatus last = ended.status();
    assertEquals(JobStatus.State.DONE, last.state());
    assertEquals(report.urls(), last.done());
    assertEquals(report.counts(), last.counts());
    assertEquals(0, last.inFlight());
    assertEquals(0, last.queued());
    assertEquals(report, ended.report());
    int mostAllowed = 0; // after a resize down, fetches already under way finish
    for (JobEvent.Progress progress : job.events(JobEvent.Progress.class)) {
      JobStatus status = progress.status();
      assertEquals(status.total(), status.done() + status.inFlight() + status.writing() + status.queued(), status.toString());
      mostAllowed = Math.max(mostAllowed, status.limits().maxInFlight());
      assertTrue(status.inFlight() <= mostAllowed, "URLs with the writer are not in flight: " + status);
    }
  }

  private void assertByteExact(List<ItemResult> items) throws Exception {
    Map<Integer, byte[]> expected = new HashMap<>();
    for (ItemResult item : items) {
      assertEquals(Outcome.OK, item.outcome(), item.url());
      int size = Integer.parseInt(item.url().substring(item.url().lastIndexOf('/') + 1));
      byte[] want = expected.computeIfAbsent(size, n -> Arrays.copyOf(bytes, n));
      assertArrayEquals(want, Files.readAllBytes(Path.of(item.path())), item.url());
    }
  }
}
