package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Transient failures are retried with backoff until they succeed; permanent ones are tried once. */
class RetryTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  /** Quick retries, so the tests take moments. */
  private static final String[] FAST_RETRIES = {
      "fetch.retry.min-backoff=5ms", "fetch.retry.max-backoff=40ms", "fetch.retry.random-factor=0.5"};

  private static JobReport run(Path out, List<String> urls, String... sets) {
    List<String> all = new java.util.ArrayList<>(List.of(FAST_RETRIES));
    all.addAll(List.of(sets));
    return TestJobs.run(TestJobs.settings(out, urls, all.toArray(String[]::new)), ProgressStyle.OFF).report();
  }

  @Test
  void aJobWithThirtyPercentTransientErrorsEndsAllOkThroughRetries(@TempDir Path out) throws Exception {
    try (RunningOrigin flaky = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 0.3))) {
      List<String> urls = IntStream.range(0, 60).mapToObj(i -> flaky.baseUrl() + "/bytes/" + (1000 + i)).toList();

      // 0.3^12: the chance that one URL fails twelve times in a row is about one in two million.
      JobReport report = run(out, urls, "fetch.max-in-flight=10", "fetch.retry.max-attempts=12");

      assertEquals(60, report.counts().ok(), () -> failures(report));
      assertEquals(0, report.exitCode());
      long retried = report.items().stream().filter(item -> item.attempts().size() > 1).count();
      assertTrue(retried > 0, "with 30% errors some of 60 URLs needed more than one attempt");
      for (ItemResult item : report.items()) {
        List<Attempt> attempts = item.attempts();
        Attempt last = attempts.get(attempts.size() - 1);
        assertEquals(200, last.status());
        assertEquals(null, last.waitMs(), "the last attempt waits for nothing");
        for (Attempt failed : attempts.subList(0, attempts.size() - 1)) {
          assertEquals(500, failed.status(), item.url());
          assertTrue(failed.waitMs() >= 5, "a retry waits at least min-backoff: " + failed);
        }
        assertEquals(item.bytes(), Files.size(Path.of(item.path())));
      }
      assertEquals(List.of(), OutputFiles.temporary(out));
    }
  }

  @Test
  void notFoundAndOtherClientErrorsAreTriedOnce(@TempDir Path out) {
    {
      JobReport report = run(out, List.of(ORIGIN.get().baseUrl() + "/status/404", ORIGIN.get().baseUrl() + "/status/403",
          ORIGIN.get().baseUrl() + "/status/400"), "fetch.retry.max-attempts=5");

      assertEquals(List.of(Outcome.NOT_FOUND, Outcome.ERROR, Outcome.ERROR), outcomes(report));
      for (ItemResult item : report.items()) assertEquals(1, item.attempts().size(), item.url());
      assertEquals("HTTP 403 Forbidden", report.items().get(1).error());
    }
  }

  @Test
  void aServerErrorThatNeverGoesAwayEndsAsAnErrorAfterEveryAttempt(@TempDir Path out) {
    {
      JobReport report = run(out, List.of(ORIGIN.get().baseUrl() + "/status/503", ORIGIN.get().baseUrl() + "/status/502"),
          "fetch.retry.max-attempts=3");

      for (ItemResult item : report.items()) {
        assertEquals(Outcome.ERROR, item.outcome());
        assertEquals(3, item.attempts().size(), item.url());
        assertTrue(item.error().endsWith("(after 3 attempts)"), item.error());
      }
    }
  }

  @Test
  void retriesCanBeTurnedOff(@TempDir Path out) {
    {
      JobReport report = run(out, List.of(ORIGIN.get().baseUrl() + "/status/500"), "fetch.retry.max-attempts=1");

      assertEquals(1, report.items().get(0).attempts().size());
      assertEquals("HTTP 500 Internal Server Error", report.items().get(0).error());
    }
  }

  @Test
  void aResponseThatNeverComesTimesOutAndIsRetried(@TempDir Path out) throws Exception {
    {
      JobReport report = run(out, List.of(ORIGIN.get().baseUrl() + "/delay/3000", ORIGIN.get().baseUrl() + "/bytes/10"),
          "fetch.response-timeout=200ms", "fetch.idle-timeout=200ms", "fetch.retry.max-attempts=2");

      ItemResult slow = report.items().get(0);
      assertEquals(Outcome.ERROR, slow.outcome());
      assertEquals("no response after 200 ms (after 2 attempts)", slow.error());
      assertEquals(2, slow.attempts().size());
      assertEquals(Outcome.OK, report.items().get(1).outcome());
      // The retry waits for the first request to be dropped by Pekko HTTP (1 s after the slower timeout), so the
      // host never sees more requests than fetchers; still well before the 3 s the server would take.
      assertTrue(report.elapsedMs() < 2_800, "two 200 ms timeouts, not the 3 s delay: " + report.elapsedMs() + " ms");
      assertArrayEquals(TestJobs.independentGet(ORIGIN.get().baseUrl() + "/bytes/10"), Files.readAllBytes(out.resolve("10")));
    }
  }

  private static List<Outcome> outcomes(JobReport report) {
    return report.items().stream().map(ItemResult::outcome).toList();
  }

  private static String failures(JobReport report) {
    return report.items().stream().filter(i -> i.outcome() != Outcome.OK).map(i -> i.url() + " " + i.error()).toList().toString();
  }
}
