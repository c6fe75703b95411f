package dev.fetchpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fetchpipe.job.JobItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's fetchers and the URLs claimed for them, with fetchers played by names. */
class LineupTest {
  private final List<String> spawned = new ArrayList<>();
  private final List<String> retired = new ArrayList<>();

  private static JobItem item(int index) {
    return new JobItem(index, "http://a/" + index, "f" + index, null);
  }

  private String spawn() {
    String fetcher = "f" + (spawned.size() + 1);
    spawned.add(fetcher);
    return fetcher;
  }

  @Test
  void idleFetchersAreClaimedForFirstThenEachBusyOneGetsOneNextUrlThatStartsTheMomentItIsFree() {
    Lineup<String> lineup = new Lineup<>(2);
    assertEquals("f1", lineup.claimFor(item(1), this::spawn));
    assertEquals("f2", lineup.claimFor(item(2), this::spawn));
    assertNull(lineup.claimFor(item(3), this::spawn), "both are waiting for their answers: no next URL yet");
    assertEquals(new Lineup.Start<>("f1", item(1)), lineup.answered(1, true, retired::add));
    assertEquals(new Lineup.Start<>("f2", item(2)), lineup.answered(2, true, retired::add));

    assertEquals("f1", lineup.claimFor(item(3), this::spawn), "claimed while f1 still fetches");
    assertEquals("f2", lineup.claimFor(item(4), this::spawn));
    assertNull(lineup.claimFor(item(5), this::spawn), "one URL claimed ahead a fetcher, no more");
    assertNull(lineup.answered(3, true, retired::add), "f1 is still on its URL: 3 is its next");
    assertNull(lineup.answered(4, false, retired::add), "4 ended elsewhere: f2 keeps only its own URL");

    assertEquals(item(3), lineup.freed("f1", retired::add), "f1 goes on to its next at once");
    assertNull(lineup.freed("f2", retired::add), "f2 has nothing next: it is idle");
    assertEquals(2, spawned.size());
    assertEquals(1, lineup.busyCount());
    assertEquals("f2", lineup.claimFor(item(5), this::spawn), "an idle fetcher before a next URL for a busy one");
    assertEquals(List.of(), retired);
  }

  @Test
  void aFetcherFreeBeforeTheAnswerToItsNextClaimWaitsForItAndANoLeavesItIdle() {
    Lineup<String> lineup = new Lineup<>(1);
    lineup.claimFor(item(1), this::spawn);
    lineup.answered(1, true, retired::add);
    assertEquals("f1", lineup.claimFor(item(2), this::spawn));
    assertNull(lineup.freed("f1", retired::add));
    assertEquals(1, lineup.busyCount(), "it waits for the answer, busy: no other URL is claimed for it");
    assertNull(lineup.claimFor(item(3), this::spawn));
    assertEquals(new Lineup.Start<>("f1", item(2)), lineup.answered(2, true, retired::add));
    assertEquals("f1", lineup.claimFor(item(3), this::spawn));
    assertNull(lineup.freed("f1", retired::add));
    assertNull(lineup.answered(3, false, retired::add));
    assertEquals(0, lineup.busyCount());
  }

  @Test
  void aStoppedFetchersClaimsAreForgottenAndALeavingNodeClaimsNothingAndRetiresEachFetcherOnceItsWorkIsDone() {
    Lineup<String> lineup = new Lineup<>(2);
    lineup.claimFor(item(1), this::spawn);
    lineup.answered(1, true, retired::add);
    lineup.claimFor(item(2), this::spawn);
    lineup.answered(2, true, retired::add);
    lineup.claimFor(item(3), this::spawn);
    lineup.stopped("f1");
    assertNull(lineup.answered(3, true, retired::add), "its fetcher is gone: the coordinator hands 3 out again");
    assertEquals(1, lineup.busyCount());

    assertEquals("f3", lineup.claimFor(item(4), this::spawn), "a new fetcher in the stopped one's place");
    assertEquals(new Lineup.Start<>("f3", item(4)), lineup.answered(4, true, retired::add));
    assertEquals("f2", lineup.claimFor(item(5), this::spawn));
    assertNull(lineup.answered(5, true, retired::add));

    lineup.retireAll(retired::add);
    assertNull(lineup.claimFor(item(6), this::spawn), "a leaving node claims nothing more");
    assertEquals(item(5), lineup.freed("f2", retired::add), "what it claimed is still fetched");
    assertNull(lineup.freed("f3", retired::add));
    assertEquals(List.of("f3"), retired);
    assertNull(lineup.freed("f2", retired::add));
    assertEquals(List.of("f3", "f2"), retired);
    assertEquals(0, lineup.busyCount());
  }

  @Test
  void afterAResizeDownTheFetchersBeyondTheLimitTakeNoNextUrl() {
    Lineup<String> lineup = new Lineup<>(3);
    for (int i = 1; i <= 3; i++) {
      lineup.claimFor(item(i), this::spawn);
      lineup.answered(i, true, retired::add);
    }
    lineup.setLimit(1, retired::add);
    assertNull(lineup.claimFor(item(4), this::spawn), "3 busy, 1 allowed: none takes a next URL");
    assertNull(lineup.freed("f1", retired::add));
    assertNull(lineup.freed("f2", retired::add));
    assertEquals("f3", lineup.claimFor(item(4), this::spawn), "down to the limit: the one left takes its next");
    assertEquals(List.of(), retired, "free fetchers beyond the limit wait idle: a stop would read as a death");
  }
}
