package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An attempt is a fresh record each time: what it learns, what the next one keeps, and what its URL's result says. */
class FetchAttemptTest {
  private static final JobItem ITEM = new JobItem(3, " http://h/a.gif ", "a.gif", null);
  private static final JobClock CLOCK = JobClock.startNow();

  @Test
  void aFirstAttemptGoesToTheItemsUrlAndKnowsNothingYet() {
    FetchAttempt first = FetchAttempt.first(ITEM, 7, 10.0, null, null);
    assertEquals(7, first.id());
    assertEquals(1, first.number());
    assertEquals("http://h/a.gif", first.target());
    assertEquals(10.0, first.urlStartedMs());
    assertNull(first.status());
    assertEquals(List.of(), first.failed());
  }

  @Test
  void aRetryKeepsTheUrlsFactsAndForgetsTheAttemptsOwn() {
    FetchAttempt first = FetchAttempt.first(ITEM, 1, 10.0, null, null).redirectedTo("http://h/b.gif").responded(503, 12.0)
        .streamingToDisk();
    FetchAttempt failed = first.failed("HTTP 503 Service Unavailable", Duration.ofMillis(200), 13.0);
    assertEquals(List.of(new Attempt(1, 10.0, 12.0, 13.0, 503, "HTTP 503 Service Unavailable", 200L)), failed.failed());
    assertEquals("HTTP 503 Service Unavailable", failed.lastError());

    FetchAttempt second = failed.next(2, 214.0);
    assertEquals(2, second.id());
    assertEquals(2, second.number());
    assertEquals(214.0, second.startedMs());
    assertEquals("http://h/a.gif", second.target(), "a retry starts at the item's URL, not where a redirect led");
    assertEquals(0, second.redirects());
    assertNull(second.status());
    assertNull(second.firstByteMs());
    assertEquals(10.0, second.urlStartedMs());
    assertEquals(failed.failed(), second.failed());
    assertEquals(true, second.streamToDisk(), "once a body outgrew memory, the URL's bodies go to disk");
  }

  @Test
  void aUrlEndingWithItsAttemptUnderWayCountsThatAttemptLast() {
    FetchAttempt second = FetchAttempt.first(ITEM, 1, 10.0, null, null).responded(500, 11.0)
        .failed("HTTP 500 Internal Server Error", Duration.ofMillis(50), 12.0).next(2, 62.0).responded(404, 63.0);
    ItemResult result = second.ending(true, null, CLOCK).ended(Outcome.NOT_FOUND, null);
    assertEquals(Outcome.NOT_FOUND, result.outcome());
    assertEquals(404, result.status());
    assertEquals(List.of(1, 2), result.attempts().stream().map(Attempt::number).toList());
    assertEquals(404, result.attempts().get(1).status());
    assertNull(result.attempts().get(1).waitMs());
  }

  @Test
  void aUrlEndingWhileWaitingToRetryEndsWithItsLastFailedAttempt() {
    FetchAttempt waiting = FetchAttempt.first(ITEM, 1, 10.0, null, null).responded(503, 11.0)
        .failed("HTTP 503 Service Unavailable", Duration.ofSeconds(1), 12.0);
    ItemResult result = waiting.ending(false, null, CLOCK).ended(Outcome.CANCELLED, "cut off while waiting to retry");
    assertEquals(1, result.attempts().size());
    assertEquals("HTTP 503 Service Unavailable", result.attempts().get(0).error());
    assertEquals(503, result.status());
  }

  @Test
  void aSavedBodysResultCarriesTheFileAndWhenTheBodyWasDone() {
    FetchAttempt attempt = FetchAttempt.first(ITEM, 1, 10.0, null, null).responded(200, 11.0);
    ItemResult result = attempt.ending(true, 15.0, CLOCK)
        .written(new DiskWriter.Written(Path.of("out/a.gif"), 42, "ab", "writer-1"));
    assertEquals(Outcome.OK, result.outcome());
    assertEquals(42, result.bytes());
    assertEquals(15.0, result.timings().bodyDoneMs());
    assertEquals(3, result.index());
  }
}
