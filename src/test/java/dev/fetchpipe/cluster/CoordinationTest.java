package dev.fetchpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CoordinationTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Command> fetcherA = KIT.createTestProbe();
  private final TestProbe<Fetcher.Command> fetcherB = KIT.createTestProbe();
  private final TestProbe<Claim.Answer> answers = KIT.createTestProbe();

  private Claim claim(int index, String node, TestProbe<Fetcher.Command> fetcher) {
    return new Claim(new JobItem(index, "http://a/" + index, "f" + index, null), node, fetcher.getRef(), answers.getRef());
  }

  @Test
  void aFetcherIsWatchedOnceWhateverItClaims() {
    Coordination coordination = new Coordination();
    assertTrue(coordination.claim(claim(1, "a", fetcherA)));
    assertFalse(coordination.claim(claim(2, "a", fetcherA)));
    assertEquals(2, coordination.claimed());
  }

  @Test
  void aSecondClaimOfAUrlReplacesTheFirst() {
    Coordination coordination = new Coordination();
    coordination.claim(claim(7, "a", fetcherA));
    coordination.claim(claim(7, "b", fetcherB));
    assertEquals("b", coordination.claimOf(7).node());
    assertEquals(List.of(), coordination.lost(fetcherA.getRef()), "the first claimer no longer holds it");
    assertEquals("b", coordination.ended(7).node());
  }

  @Test
  void aDeadFetchersUnfinishedUrlsAreLostAndItsFinishedOnesCounted() {
    Coordination coordination = new Coordination();
    coordination.claim(claim(1, "a", fetcherA));
    coordination.claim(claim(2, "a", fetcherA));
    coordination.claim(claim(3, "b", fetcherB));
    assertEquals("a", coordination.ended(1).node());
    assertEquals(List.of(2), coordination.lost(fetcherA.getRef()));
    assertNull(coordination.claimOf(2));
    assertNull(coordination.ended(2), "an unclaimed URL is counted for no node");
    assertEquals(List.of(new JobStatus.NodeShare("a", 0, 0, 1), new JobStatus.NodeShare("b", 0, 1, 0)),
        coordination.shares(4).stream().sorted((x, y) -> x.node().compareTo(y.node())).toList());
  }

  @Test
  void joinedNodesShowTheirSlotsUntilTheyLeave() {
    Coordination coordination = new Coordination();
    TestProbe<JobWorker.Command> worker = KIT.createTestProbe();
    coordination.joined(new JoinJob.Joined("a", 4, worker.getRef()));
    coordination.joined(new JoinJob.Joined("b", 4, worker.getRef()));
    assertEquals(List.of(new JobStatus.NodeShare("a", 6, 0, 0), new JobStatus.NodeShare("b", 6, 0, 0)), coordination.shares(6));
    coordination.left("a");
    assertEquals(1, coordination.nodes().size());
    assertEquals(List.of(new JobStatus.NodeShare("b", 6, 0, 0)), coordination.shares(6));
  }

  @Test
  void aNodesInFlightCountsOnlyTheClaimsStillBeingFetched() {
    Coordination coordination = new Coordination();
    coordination.claim(claim(1, "a", fetcherA));
    coordination.claim(claim(2, "a", fetcherA));
    coordination.claim(claim(3, "a", fetcherB));
    assertEquals(List.of(new JobStatus.NodeShare("a", 0, 2, 0)), coordination.shares(4),
        "URL 1's body is with the node's writer");
  }
}
