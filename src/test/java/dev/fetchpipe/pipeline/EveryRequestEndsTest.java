package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a server does, each URL ends in bounded time with one clear outcome, and nothing of it is left behind:
 * a head that never ends, a body that never ends, a response that breaks HTTP. Against the origin's fault routes.
 */
class EveryRequestEndsTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  /** Far longer than any of these jobs takes; a job that hangs (as one waiting for a dribbling head did) fails here. */
  private static final Duration HANG = Duration.ofSeconds(60);

  @BeforeEach
  void freshCounts() {
    ORIGIN.get().resetCounters();
  }

  private static JobReport run(Path out, List<String> urls, String... sets) {
    // The origin learns that a connection was reset on its own threads, a moment after the client reset it: under a
    // loaded machine that moment can pass 100 ms. The wait before a retry leaves it that time, so that "the old
    // connection was gone before the retry came" is about fetchpipe, not about the origin's scheduling.
    List<String> all = new ArrayList<>(List.of("fetch.retry.min-backoff=1s", "fetch.retry.max-backoff=1s"));
    all.addAll(List.of(sets));
    return assertTimeoutPreemptively(HANG,
        () -> TestJobs.run(TestJobs.settings(out, urls, all.toArray(String[]::new)), ProgressStyle.OFF).report());
  }

  private static void assertPlainWords(String error) {
    assertFalse(error.matches(".*\\b[A-Z][A-Za-z]+(Exception|Error)\\b.*"), "no exception's name: " + error);
  }

  @Test
  void aHeadThatNeverEndsIsTornDownAtTheResponseTimeoutAndEachRetryHasAFreshConnection(@TempDir Path out) {
    // A byte every 100 ms: the connection is never idle, so no idle timeout of the pool would ever close it.
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/slow-headers?every=100")),
        "fetch.response-timeout=1s", "fetch.request-timeout=30s", "fetch.retry.max-attempts=3");

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("no response after 1 s (after 3 attempts)", item.error());
    assertEquals(List.of("no response after 1 s", "no response after 1 s", item.error()),
        item.attempts().stream().map(Attempt::error).toList());
    // Through the origin's 307 each time: the response timeout holds for a redirect's request too.
    assertEquals(3, ORIGIN.get().requestCount("/fault/slow-headers"));
    assertEquals(3, ORIGIN.get().requestCount("/raw/slow-headers"));
    assertEquals(1, ORIGIN.get().peakInFlight("/raw/slow-headers"),
        "each attempt's connection was gone before the next attempt's arrived");
    assertEquals(List.of(), OutputFiles.payload(out));
  }

  @Test
  void anEndlessBodyIsCutAtMaxBodySizeOnceAndNothingIsLeftOnDisk(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/endless")),
        "fetch.max-body-size=1MiB", "fetch.retry.max-attempts=4");

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("body larger than fetch.max-body-size (1048576 bytes): more arrived", item.error());
    assertEquals(1, item.attempts().size(), "too large is not transient: asking again gets the same body");
    assertEquals(List.of(), OutputFiles.payload(out), "no file, final or temporary");
    assertEquals(0, ORIGIN.get().inFlight("/fault/endless"), "its connection is closed: the origin stopped sending");
  }

  @Test
  void anEndlessBodyIsCutAtTheRequestTimeoutOfEachAttempt(@TempDir Path out) {
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/endless?chunk=1000&every=20")),
        "fetch.request-timeout=1s", "fetch.retry.max-attempts=2", "writer.stream-above=1KiB");

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("request took longer than 1 s (after 2 attempts)", item.error());
    assertEquals(1, ORIGIN.get().peakInFlight("/fault/endless"), "the first body's connection went before the retry");
    assertEquals(List.of(), OutputFiles.payload(out), "the partial temporary files are removed");
  }

  @Test
  void aResponseThatBreaksHttpIsOneErrorInPlainWordsAndNotTriedAgain(@TempDir Path out) {
    List<String> urls = List.of(ORIGIN.get().url("/fault/malformed/status"), ORIGIN.get().url("/fault/malformed/length"),
        ORIGIN.get().url("/fault/malformed/chunk"));
    JobReport report = run(out, urls, "fetch.retry.max-attempts=4");

    assertEquals(List.of("the server broke HTTP: Illegal response status code",
        "the server broke HTTP: Illegal `Content-Length` header value",
        "the server broke HTTP: Illegal character 'z' in chunk start"),
        report.items().stream().map(ItemResult::error).toList());
    for (ItemResult item : report.items()) {
      assertEquals(Outcome.ERROR, item.outcome());
      assertEquals(1, item.attempts().size(), item.url());
      assertPlainWords(item.error());
    }
    for (String kind : List.of("status", "length", "chunk")) {
      assertEquals(1, ORIGIN.get().requestCount("/raw/malformed/" + kind), kind);
    }
    assertEquals(List.of(), OutputFiles.payload(out));
  }

  @Test
  void aBodyCutOffByItsConnectionIsStillTriedAgain(@TempDir Path out) {
    // Not a broken response: the network's failure, which another attempt may not meet.
    JobReport report = run(out, List.of(ORIGIN.get().url("/fault/truncate/5000?sent=2000")), "fetch.retry.max-attempts=2");

    ItemResult item = report.items().get(0);
    assertEquals(2, item.attempts().size());
    assertEquals("body failed: the connection closed before the whole body arrived (after 2 attempts)", item.error());
  }
}
