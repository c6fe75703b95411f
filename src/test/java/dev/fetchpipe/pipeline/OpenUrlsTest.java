package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** URLs handed out and not ended: in flight while fetched, apart once their body is with the writer. */
class OpenUrlsTest {

  private static JobItem item(int index) {
    return new JobItem(index, "http://a/" + index, "f" + index, null);
  }

  private static List<Integer> counts(OpenUrls<String> open) {
    return List.of(open.fetching(), open.writing(), open.size());
  }

  @Test
  void aUrlWhoseBodyIsWithTheWriterIsNoLongerInFlightButStillOpenUntilItsResult() {
    OpenUrls<String> open = new OpenUrls<>();
    open.started(item(0), "f1");
    open.started(item(1), "f2");
    assertEquals(List.of(2, 0, 2), counts(open));

    open.bodyReceived(0);
    assertEquals(List.of(1, 1, 2), counts(open));
    assertFalse(open.isFetching(0));
    assertTrue(open.isFetching(1));

    open.started(item(2), "f1");
    assertEquals(List.of(2, 1, 3), counts(open), "its fetcher fetches the next while the writer has the last");
    assertEquals(item(0), open.ended(0));
    assertEquals(List.of(2, 0, 2), counts(open));
    assertNull(open.ended(0), "one result per URL");
  }

  @Test
  void aFetcherTakingAnotherUrlMeansItsLastOneIsBeingWritten() {
    OpenUrls<String> open = new OpenUrls<>();
    open.started(item(0), null);
    open.started(item(1), null);
    assertEquals(List.of(0, 0, 2), counts(open), "handed out in a cluster, no fetcher has claimed them yet");

    assertTrue(open.claimed(0, "node-a/f1"));
    assertTrue(open.claimed(1, "node-a/f1"));
    assertEquals(List.of(1, 1, 2), counts(open));
    assertFalse(open.isFetching(0));
    assertTrue(open.isFetching(1));
    assertFalse(open.claimed(5, "node-a/f1"), "not open: ended elsewhere, or skipped by a cancel");
  }

  @Test
  void aFetchersNextUrlClaimedWhileItFetchesLeavesItsUrlInFlightAndTheFetcherCountsOnce() {
    OpenUrls<String> open = new OpenUrls<>();
    open.started(item(0), null);
    open.started(item(1), null);
    assertTrue(open.claimed(0, "node-a/f1"));
    assertTrue(open.claimed(1, "node-a/f1", true));
    assertEquals(List.of(1, 0, 2), counts(open), "one fetcher busy, nothing with the writer");
    assertTrue(open.isFetching(0));
    assertEquals(List.of("node-a/f1"), open.fetchers(), "a cancel reaches it once");
    open.ended(0);
    assertEquals(List.of(1, 0, 1), counts(open), "on its next URL now");
  }

  @Test
  void aSecondClaimOfAUrlReplacesTheFirstFetcher() {
    OpenUrls<String> open = new OpenUrls<>();
    open.started(item(7), null);
    open.claimed(7, "node-a/f1");
    open.claimed(7, "node-b/f1");
    assertEquals(List.of(1, 0, 1), counts(open));
    assertEquals(List.of("node-b/f1"), open.fetchers());
    open.ended(7);
    assertEquals(List.of(0, 0, 0), counts(open));
  }

  @Test
  void aCancelEndsTheUnclaimedAndReachesEachFetcherOnce() {
    OpenUrls<String> open = new OpenUrls<>();
    open.started(item(0), null);
    open.started(item(1), null);
    open.started(item(2), null);
    open.claimed(1, "f1");
    open.claimed(2, "f1");

    assertEquals(List.of(item(0)), open.endUnclaimed());
    assertEquals(List.of("f1"), open.fetchers());
    assertEquals(2, open.size());
  }
}
