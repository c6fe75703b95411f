package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs against the origin's fault modes: what is retried, what is waited for, what is never saved. */
class FaultsTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  @BeforeEach
  void freshCounts() {
    ORIGIN.get().resetCounters();
  }

  private static JobReport run(Path out, List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of("fetch.retry.min-backoff=10ms", "fetch.retry.max-backoff=50ms"));
    all.addAll(List.of(sets));
    return TestJobs.run(TestJobs.settings(out, urls, all.toArray(String[]::new)), ProgressStyle.OFF).report();
  }

  @Test
  void a429WithRetryAfterOneSecondIsWaitedForThenSucceeds(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/429/wait-one?times=1&after=1")));

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.OK, item.outcome());
    List<Attempt> attempts = item.attempts();
    assertEquals(2, attempts.size());
    assertEquals(429, attempts.get(0).status());
    assertEquals(1000, attempts.get(0).waitMs(), "Retry-After: 1 outweighs the 10 ms backoff");
    double waited = attempts.get(1).startedMs() - attempts.get(0).endedMs();
    assertTrue(waited >= 1000, "the second request left " + waited + " ms after the 429");
    assertEquals(2, ORIGIN.get().requestCount("/fault/429/wait-one"));
  }

  @Test
  void aRetryAfterLongerThanTheLimitFailsTheUrlInsteadOfStallingTheJob(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/429/too-long?times=1&after=3600")));

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("HTTP 429 Too Many Requests, Retry-After 1 h is longer than fetch.retry.max-retry-after (1 min)",
        item.error());
  }

  @Test
  void aBurstOf503sIsRiddenOut(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/503/burst?times=3")), "fetch.retry.max-attempts=4");

    assertEquals(Outcome.OK, report.items().get(0).outcome());
    assertEquals(List.of(503, 503, 503, 200), report.items().get(0).attempts().stream().map(Attempt::status).toList());
  }

  @Test
  void notFoundIsRequestedExactlyOnce(@TempDir Path out) {
    run(out, List.of(ORIGIN.get().url("/status/404")), "fetch.retry.max-attempts=5");

    assertEquals(1, ORIGIN.get().requestCount("/status/404"));
  }

  @Test
  void aTruncatedOrResetBodyIsNeverSavedInMemoryOrStreamed(@TempDir Path out) {
    List<String> urls = List.of(ORIGIN.get().url("/fault/truncate/5000?sent=2000"), ORIGIN.get().url("/fault/reset/6000?sent=3000"),
        ORIGIN.get().url("/fault/truncate/400000?sent=300000"), ORIGIN.get().url("/fault/reset/500000?sent=200000"));

    JobReport report = run(out, urls, "fetch.retry.max-attempts=2", "writer.stream-above=64KiB");

    for (ItemResult item : report.items()) {
      assertEquals(Outcome.ERROR, item.outcome(), item.url());
      assertTrue(item.error().startsWith("body failed: "), item.error());
      assertEquals(2, item.attempts().size(), "a body cut off is transient: tried again");
    }
    assertEquals(List.of(), OutputFiles.payload(out), "no file, final or temporary");
  }

  @Test
  void aBodyThatStallsLongerThanTheIdleTimeoutIsCutOff(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/trickle/4000?chunk=1000&every=600")),
        "fetch.idle-timeout=150ms", "fetch.retry.max-attempts=1");

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("body stalled: nothing arrived for 150 ms", item.error());
    assertEquals(List.of(), OutputFiles.payload(out));
  }

  @Test
  void aBodyThatKeepsTricklingPastTheRequestTimeoutIsCutOff(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/trickle/100000?chunk=1000&every=20")),
        "fetch.request-timeout=300ms", "fetch.retry.max-attempts=1", "writer.stream-above=1KiB");

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("request took longer than 300 ms", item.error());
    assertEquals(List.of(), OutputFiles.payload(out), "the partial temporary file is removed");
  }

  @Test
  void thePerHostLimitHoldsAcrossTheWholeJob(@TempDir Path out) {
    // Two hosts on one origin: 127.0.0.1 and localhost. Each may have 3 in flight; the job allows 20.
    String otherHost = ORIGIN.get().baseUrl().replace("127.0.0.1", "localhost");
    List<String> urls = new ArrayList<>();
    IntStream.range(0, 24).forEach(i -> {
      urls.add(ORIGIN.get().url("/delay/" + (60 + i)));
      urls.add(otherHost + "/fault/trickle/" + (3000 + i) + "?chunk=1000&every=40");
    });

    JobReport report = run(out, urls, "fetch.max-in-flight=20", "fetch.max-per-host=3");

    assertEquals(48, report.counts().ok());
    int first = ORIGIN.get().peakInFlight("/delay");
    int second = ORIGIN.get().peakInFlight("/fault/trickle");
    assertTrue(first <= 3, "127.0.0.1 never had more than 3 requests at once: " + first);
    assertTrue(second <= 3, "localhost never had more than 3 either: " + second);
    assertTrue(first >= 2 && second >= 2, "and both were fetched concurrently: " + first + ", " + second);
    assertTrue(ORIGIN.get().peakInFlight("/") <= 6, "peak " + ORIGIN.get().peakInFlight("/"));
  }

  @Test
  void hundredsInFlightToOneHostNeverOverflowPekkoHttpsPool(@TempDir Path out) {
    // Pekko HTTP's defaults allow 32 open requests per host; fetchpipe fits the pool to max-in-flight.
    List<String> urls = IntStream.range(0, 600).mapToObj(i -> ORIGIN.get().url("/delay/" + (20 + i % 7) + "?n=" + i)).toList();

    JobReport report = run(out, urls, "fetch.max-in-flight=300");

    assertEquals(600, report.counts().ok(), () -> report.items().stream().filter(i -> i.outcome() != Outcome.OK)
        .map(ItemResult::error).distinct().toList().toString());
    assertTrue(ORIGIN.get().peakInFlight("/delay") <= 300, "peak " + ORIGIN.get().peakInFlight("/delay"));
  }

  @Test
  void flakyUrlsAllEndOkAndEachIsRequestedOnlyAsOftenAsItFailedPlusOne(@TempDir Path out) {
    List<String> urls = IntStream.range(0, 30).mapToObj(i -> ORIGIN.get().url("/fault/flaky/job-" + i + "?fail=" + (i % 3))).toList();

    JobReport report = run(out, urls, "fetch.max-in-flight=10", "fetch.retry.max-attempts=3");

    assertEquals(30, report.counts().ok());
    for (int i = 0; i < 30; i++) {
      assertEquals(i % 3 + 1, ORIGIN.get().requestCount("/fault/flaky/job-" + i), "URL " + i);
      assertEquals(i % 3 + 1, report.items().get(i).attempts().size());
    }
  }
}
