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
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs against the built-in origin, reached as two hosts (127.0.0.1 and localhost): a 429 pauses every URL of
 * its host while the other host goes on, and a per-host delay or rate spaces each host's request starts. Assertions
 * are on the order of things on the job's one clock (attempt starts against the pause), never on wall time.
 */
class HostPaceTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

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
}
