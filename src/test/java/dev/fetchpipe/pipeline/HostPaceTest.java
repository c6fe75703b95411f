package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs against the built-in origin, reached as two hosts (127.0.0.1 and localhost): a 429 pauses every URL of
 * its host while the other host goes on, and a per-host delay or rate spaces each host's request starts, also when a
 * resize changes it while the job runs. Assertions are on the order of things on the job's one clock (attempt starts
 * against the pause or the resize), and on the origin's own arrival times with room for the loopback's jitter.
 */
class HostPaceTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();
  /** The daemon's way to run a job, for the live changes: its supervisor is resized while it runs. */
  private static final ActorTestKit TEST_KIT = ActorTestKit.create();

  @AfterAll
  static void stopTestKit() {
    TEST_KIT.shutdownTestKit();
  }

  private record Ran(JobReport report, List<JobEvent> events) {}

  private static Ran run(Path out, List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of("fetch.retry.min-backoff=10ms", "fetch.retry.max-backoff=50ms"));
    all.addAll(List.of(sets));
    List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
    JobRunner.Watch listen = new JobRunner.Watch("events", Behaviors.receive(JobEvent.class)
        .onAnyMessage(event -> {
          events.add(event);
          return event instanceof JobEvent.Ended ? Behaviors.stopped() : Behaviors.same(); // the run waits for its watchers
        }).build(), Watcher.Pace.NONE, false);
    JobReport report = JobRunner.run(TestJobs.settings(out, urls, all.toArray(String[]::new)), null, List.of(listen));
    return new Ran(report, List.copyOf(events));
  }

  private static String otherHost() {
    return ORIGIN.get().baseUrl().replace("127.0.0.1", "localhost");
  }

  private static double firstStart(ItemResult item) {
    return item.attempts().get(0).startedMs();
  }

  @Test
  void a429PausesEveryUrlOfItsHostUntilRetryAfterWhileTheOtherHostGoesOn(@TempDir Path out) {
    String paused = ORIGIN.get().baseUrl();
    List<String> urls = new ArrayList<>();
    urls.add(paused + "/fault/429/host-wide?times=1&after=2");
    IntStream.range(0, 4).forEach(i -> urls.add(paused + "/bytes/" + (100 + i)));
    IntStream.range(0, 12).forEach(i -> urls.add(otherHost() + "/delay/40?n=" + i));

    // One URL of a host at a time: the 429 comes back before the host's next URL is handed out.
    Ran ran = run(out, urls, "fetch.max-in-flight=4", "fetch.max-per-host=1");

    JobReport report = ran.report();
    assertEquals(urls.size(), report.counts().ok(), () -> report.items().toString());
    String host = "http://127.0.0.1:" + ORIGIN.get().port();
    assertEquals(1, report.hostPauses().size(), report.hostPauses().toString());
    HostPause pause = report.hostPauses().get(0);
    assertEquals(host, pause.host());
    assertEquals("HTTP 429 Too Many Requests, Retry-After 2 s", pause.reason());
    assertEquals(2_000, pause.untilMs() - pause.atMs(), 1e-6);
    assertEquals(List.of(new JobEvent.HostPaused(pause)),
        ran.events().stream().filter(JobEvent.HostPaused.class::isInstance).toList(), "one event, as the pause began");

    ItemResult refused = report.items().get(0);
    assertEquals(2, refused.attempts().size());
    assertTrue(refused.attempts().get(1).startedMs() >= pause.untilMs(), "its own retry waits the pause out");
    for (ItemResult item : report.items().subList(1, 5)) {
      assertTrue(firstStart(item) >= pause.untilMs(),
          item.url() + " started at " + firstStart(item) + " ms, in the pause until " + pause.untilMs());
    }
    long duringThePause = report.items().subList(5, urls.size()).stream()
        .filter(item -> firstStart(item) > pause.atMs() && firstStart(item) < pause.untilMs()).count();
    assertTrue(duringThePause >= 6, "localhost went on while 127.0.0.1 was paused: " + duringThePause + " of 12");
  }

  @Test
  void aPauseIsCappedByMaxRetryAfterAndTheUrlThatAskedForLongerFails(@TempDir Path out) {
    String paused = ORIGIN.get().baseUrl();
    List<String> urls = List.of(paused + "/fault/429/too-long?times=1&after=3600", paused + "/bytes/7");

    JobReport report = run(out, urls, "fetch.max-in-flight=2", "fetch.max-per-host=1",
        "fetch.retry.max-retry-after=700ms").report();

    ItemResult refused = report.items().get(0);
    assertEquals(Outcome.ERROR, refused.outcome());
    assertTrue(refused.error().contains("longer than fetch.retry.max-retry-after"), refused.error());
    HostPause pause = report.hostPauses().get(0);
    assertEquals(700, pause.untilMs() - pause.atMs(), 1e-6, "the host waits max-retry-after, not an hour");
    assertEquals(Outcome.OK, report.items().get(1).outcome());
    assertTrue(firstStart(report.items().get(1)) >= pause.untilMs());
  }

  @Test
  void a503WithRetryAfterPausesItsHostAndOneWithoutDoesNot(@TempDir Path out) {
    String base = ORIGIN.get().baseUrl();
    List<String> urls = List.of(base + "/fault/503/plain?times=1", otherHost() + "/fault/503/asks?times=1&after=1");

    JobReport report = run(out, urls, "fetch.max-in-flight=2").report();

    assertEquals(2, report.counts().ok());
    assertEquals(List.of("http://localhost:" + ORIGIN.get().port()),
        report.hostPauses().stream().map(HostPause::host).toList());
    assertEquals("HTTP 503 Service Unavailable, Retry-After 1 s", report.hostPauses().get(0).reason());
  }

  @Test
  void aPerHostDelaySpacesEachHostsRequestStartsWhileHostsInterleave(@TempDir Path out) {
    List<String> urls = new ArrayList<>();
    IntStream.range(0, 5).forEach(i -> {
      urls.add(ORIGIN.get().url("/bytes/" + (10 + i)));
      urls.add(otherHost() + "/bytes/" + (20 + i));
    });

    JobReport report = run(out, urls, "fetch.max-in-flight=8", "fetch.per-host-delay=250ms").report();

    assertEquals(10, report.counts().ok());
    List<List<Double>> byHost = new ArrayList<>();
    for (String host : List.of("127.0.0.1", "localhost")) {
      List<Double> starts = report.items().stream().filter(item -> item.url().contains("//" + host + ":"))
          .map(HostPaceTest::firstStart).sorted().toList();
      for (int i = 1; i < starts.size(); i++) {
        assertTrue(starts.get(i) - starts.get(i - 1) >= 250, host + "'s requests started " + starts);
      }
      byHost.add(starts);
    }
    // Each host is paced apart, not one after the other: each one's first request starts before the other's second.
    assertTrue(byHost.get(0).get(0) < byHost.get(1).get(1) && byHost.get(1).get(0) < byHost.get(0).get(1),
        "the hosts' starts interleave: " + byHost);
  }

  @Test
  void aPerHostRateAllowsOneSecondsBurstThenHoldsTheRate(@TempDir Path out) {
    List<String> urls = IntStream.range(0, 12).mapToObj(i -> ORIGIN.get().url("/bytes/" + (30 + i))).toList();

    JobReport report = run(out, urls, "fetch.max-in-flight=12", "fetch.per-host-rate=5").report();

    assertEquals(12, report.counts().ok());
    List<Double> starts = report.items().stream().map(HostPaceTest::firstStart).sorted().toList();
    // A bucket of 5 tokens, refilled at 5 a second: any 6 starts in a row span at least one token's 200 ms, and the
    // 7 after the burst need 1,400 ms of refill.
    for (int i = 5; i < starts.size(); i++) {
      assertTrue(starts.get(i) - starts.get(i - 5) >= 200 - 1e-6, "starts " + starts);
    }
    assertTrue(starts.get(11) - starts.get(0) >= 1_400 - 1e-6, "starts " + starts);
  }

  // --- a pace changed while the job runs -----------------------------------------------------------------------------

  /** The first starts of the URLs, sorted, on the job's clock, from {@code fromMs} (inclusive) to {@code toMs}. */
  private static List<ItemResult> startedBetween(JobReport report, double fromMs, double toMs) {
    return report.items().stream().filter(item -> firstStart(item) >= fromMs && firstStart(item) < toMs)
        .sorted(java.util.Comparator.comparingDouble(HostPaceTest::firstStart)).toList();
  }

  private static String path(ItemResult item) {
    return java.net.URI.create(item.url()).getPath();
  }

  /** Every URL fetched once: none lost, none asked for twice. */
  private static void assertEachOnce(List<String> urls, JobReport report) {
    assertEquals(urls.size(), report.counts().ok(), () -> report.items().toString());
    for (ItemResult item : report.items()) {
      assertEquals(1, item.attempts().size(), item.url());
      assertEquals(1, ORIGIN.get().requestCount(path(item)), item.url() + " requested once");
    }
  }

  private static void awaitDone(LiveJob job, int done) {
    LiveJob.await(done + " URLs done", () -> job.status().done() >= done);
  }

  /** Waits for the job's {@code nth} resize event, then for {@code count} URLs started since it to end; its time. */
  private static double awaitStartedSinceResize(LiveJob job, int nth, int count) {
    LiveJob.await("resize " + nth, () -> job.events(JobEvent.Resized.class).size() >= nth);
    double atMs = job.events(JobEvent.Resized.class).get(nth - 1).atMs();
    LiveJob.await(count + " URLs started since resize " + nth, () -> job.reportSoFar().items().stream()
        .filter(item -> !item.attempts().isEmpty() && firstStart(item) >= atMs).count() >= count);
    return atMs;
  }

  @Test
  void aLongerDelaySetLiveSpacesTheHostsNextStartsAndClearingItLetsTheRestGoAtOnce(@TempDir Path out)
      throws Exception {
    List<String> urls = IntStream.range(0, 24).mapToObj(i -> ORIGIN.get().url("/bytes/" + (200 + i))).toList();
    try (LiveJob job = new LiveJob(TEST_KIT, TestJobs.settings(out, urls, "fetch.max-in-flight=4",
        "fetch.per-host-delay=100ms"))) {
      assertEquals(100, job.status().limits().perHostDelayMs());
      awaitDone(job, 3);
      JobStatus slower = job.resize(LimitOrder.pace(400L, null));
      assertEquals(400, slower.limits().perHostDelayMs(), "the status says the pace in force");
      awaitStartedSinceResize(job, 1, 4);
      JobStatus cleared = job.resize(LimitOrder.pace(0L, null));
      assertEquals(0, cleared.limits().perHostDelayMs());
      JobReport report = job.awaitEnd();

      assertEachOnce(urls, report);
      List<JobEvent.Resized> resizes = job.events(JobEvent.Resized.class);
      assertEquals(List.of(400L, 0L), resizes.stream().map(resized -> resized.limits().perHostDelayMs()).toList());
      double slowedAt = resizes.get(0).atMs();
      double clearedAt = resizes.get(1).atMs();
      List<ItemResult> paced = startedBetween(report, slowedAt, clearedAt);
      assertTrue(paced.size() >= 4, "started at 400 ms: " + paced.size());
      for (int i = 1; i < paced.size(); i++) {
        double claimed = firstStart(paced.get(i)) - firstStart(paced.get(i - 1));
        assertTrue(claimed >= 400 - 1e-6, "starts " + paced.stream().map(HostPaceTest::firstStart).toList());
        // What the origin saw: the same spacing, less what the loopback's delivery may shift one request by.
        long arrived = ORIGIN.get().lastArrivalNanos(path(paced.get(i)))
            - ORIGIN.get().lastArrivalNanos(path(paced.get(i - 1)));
        assertTrue(arrived >= 300_000_000L, "the origin saw two requests " + arrived / 1e6 + " ms apart");
      }
      // Cleared: the rest did not wait 400 ms each (they would have taken that long at the old pace).
      List<ItemResult> rest = startedBetween(report, clearedAt, Double.POSITIVE_INFINITY);
      assertTrue(rest.size() >= 8, "left after the clear: " + rest.size());
      double took = firstStart(rest.get(rest.size() - 1)) - clearedAt;
      assertTrue(took < (rest.size() - 1) * 400 / 2.0,
          rest.size() + " starts took " + took + " ms after the pace was cleared");
    }
  }

  @Test
  void aLowerRateSetLiveSlowsTheHostsStartsAndAHigherOneSpeedsThemAgain(@TempDir Path out) throws Exception {
    List<String> urls = IntStream.range(0, 36).mapToObj(i -> ORIGIN.get().url("/bytes/" + (300 + i))).toList();
    try (LiveJob job = new LiveJob(TEST_KIT, TestJobs.settings(out, urls, "fetch.max-in-flight=4",
        "fetch.per-host-rate=10"))) {
      awaitDone(job, 12);
      JobStatus slower = job.resize(LimitOrder.pace(null, 2.0));
      assertEquals(2.0, slower.limits().perHostRate());
      awaitStartedSinceResize(job, 1, 4);
      JobStatus faster = job.resize(LimitOrder.pace(null, 1000.0));
      assertEquals(1000.0, faster.limits().perHostRate());
      JobReport report = job.awaitEnd();

      assertEachOnce(urls, report);
      List<JobEvent.Resized> resizes = job.events(JobEvent.Resized.class);
      List<ItemResult> paced = startedBetween(report, resizes.get(0).atMs(), resizes.get(1).atMs());
      List<Double> starts = paced.stream().map(HostPaceTest::firstStart).toList();
      assertTrue(starts.size() >= 4, "started at 2 a second: " + starts);
      // A bucket of 2 tokens refilled at 2 a second: any 3 starts in a row span at least one token's 500 ms.
      for (int i = 2; i < starts.size(); i++) {
        assertTrue(starts.get(i) - starts.get(i - 2) >= 500 - 1e-6, "starts " + starts);
      }
      List<ItemResult> rest = startedBetween(report, resizes.get(1).atMs(), Double.POSITIVE_INFINITY);
      assertTrue(rest.size() >= 8, "left after the raise: " + rest.size());
      double took = firstStart(rest.get(rest.size() - 1)) - resizes.get(1).atMs();
      assertTrue(took < (rest.size() - 2) * 500 / 2.0, rest.size() + " starts took " + took + " ms after the raise");
    }
  }
}
