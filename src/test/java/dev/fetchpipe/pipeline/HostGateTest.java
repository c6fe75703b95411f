package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.HostPause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a host's next request may start: its pause, its least delay between starts, its rate. */
class HostGateTest {
  private static final String A = "http://a:80";
  private static final String B = "http://b:80";

  @Test
  void aGateWithNoPaceAndNoPauseLetsEveryRequestGoAndKeepsNothing() {
    HostGate gate = new HostGate();

    for (int i = 0; i < 5; i++) assertEquals(0, gate.claim(A, 0, 0));
    assertFalse(gate.engaged());
    assertEquals(List.of(), gate.pausedAt(0));
  }

  @Test
  void aPausedHostWaitsUntilItsPauseEndsWhileOtherHostsGoOn() {
    HostGate gate = new HostGate();
    List<HostPause> heard = new ArrayList<>();
    gate.onPause(heard::add);

    assertTrue(gate.pause(A, 100, 3_100, "HTTP 429 Too Many Requests"));

    assertEquals(3_000, gate.claim(A, 0, 100));
    assertEquals(1_000, gate.waitMs(A, 2_100));
    assertEquals(0, gate.claim(B, 0, 100), "another host goes on");
    assertEquals(List.of(new HostPause(A, 100, 3_100, "HTTP 429 Too Many Requests")), gate.pausedAt(2_000));
    assertEquals(0, gate.claim(A, 0, 3_100), "the pause is over");
    assertEquals(List.of(), gate.pausedAt(3_100));
    assertEquals(heard, gate.history());
  }

  @Test
  void aShorterOrSlightlyLongerPauseOfAPausedHostIsNoNewsButALaterOneIs() {
    HostGate gate = new HostGate();
    List<HostPause> heard = new ArrayList<>();
    gate.onPause(heard::add);

    assertTrue(gate.pause(A, 0, 5_000, "first"));
    assertFalse(gate.pause(A, 10, 4_000, "shorter: the longer pause stays"));
    assertEquals(4_990, gate.waitMs(A, 10));
    assertFalse(gate.pause(A, 20, 5_500, "half a second more: the many 429s of one burst"));
    assertEquals(5_480, gate.waitMs(A, 20), "it still holds the host longer");
    assertTrue(gate.pause(A, 30, 9_000, "much later"));
    assertEquals(0, gate.pausedAt(30).get(0).atMs(), "one pause, from when it began");
    assertTrue(gate.pause(A, 10_000, 11_000, "a new pause after the last ended"));

    assertEquals(List.of("first", "much later", "a new pause after the last ended"),
        heard.stream().map(HostPause::reason).toList());
    assertEquals(3, gate.pausesSeen());
  }

  @Test
  void theReportKeepsTheFirstPausesAndCountsTheRest() {
    HostGate gate = new HostGate();
    for (int i = 0; i < HostGate.PAUSES_KEPT + 5; i++) gate.pause("http://h" + i + ":80", 0, 1_000, "429");

    assertEquals(HostGate.PAUSES_KEPT, gate.history().size());
    assertEquals(HostGate.PAUSES_KEPT + 5, gate.pausesSeen());
  }

  @Test
  void aDelaySpacesTheStartsOfOneHostAndOnlyAClaimCounts() {
    HostGate gate = new HostGate(250, 0);

    assertEquals(0, gate.claim(A, 0, 1_000));
    assertEquals(250, gate.waitMs(A, 1_000));
    assertEquals(150, gate.claim(A, 0, 1_100), "a claim too early counts nothing");
    assertEquals(0, gate.claim(B, 0, 1_100), "each host has its own spacing");
    assertEquals(0, gate.claim(A, 0, 1_250));
    assertEquals(250, gate.claim(A, 0, 1_250));
  }

  @Test
  void aRateLetsOneSecondsBurstThenOneRequestEveryOneOverRate() {
    HostGate gate = new HostGate(0, 4);

    for (int i = 0; i < 4; i++) assertEquals(0, gate.claim(A, 0, 0), "a burst of one second's requests");
    assertEquals(250, gate.claim(A, 0, 0), 1e-9);
    assertEquals(0, gate.claim(A, 0, 250));
    assertEquals(250, gate.claim(A, 0, 250), 1e-9);
    assertEquals(0, gate.claim(A, 0, 10_000));
    for (int i = 0; i < 3; i++) assertEquals(0, gate.claim(A, 0, 10_000), "tokens refill up to one second's worth only");
    assertTrue(gate.claim(A, 0, 10_000) > 0);
  }

  @Test
  void aRateBelowOneASecondHoldsOneRequestAtATime() {
    HostGate gate = new HostGate(0, 0.5);

    assertEquals(0, gate.claim(A, 0, 0));
    assertEquals(2_000, gate.claim(A, 0, 0), 1e-9);
    assertEquals(0, gate.claim(A, 0, 2_000));
  }

  @Test
  void aPaceChangedLiveHoldsFromNowOnAndZeroTurnsItOff() {
    HostGate gate = new HostGate(0, 0);
    assertEquals(0, gate.claim(A, 0, 0));
    assertEquals(0, gate.claim(A, 0, 0));

    gate.pace(1_000, 0);
    assertEquals(0, gate.claim(A, 0, 10));
    assertEquals(900, gate.claim(A, 0, 110));
    gate.pace(0, 0);
    assertEquals(0, gate.claim(A, 0, 110));
    assertThrows(IllegalArgumentException.class, () -> gate.pace(-1, 0));
  }

  @Test
  void aPacedHostsUrlHandedOutHoldsTheNextUntilItsStartIsClaimedOrItIsReleased() {
    HostGate gate = new HostGate(100, 0);
    gate.handedOut(A, 7, 0);
    assertEquals(100, gate.waitMs(A, 0), "the queue looks again one pace later");
    assertEquals(0, gate.waitMs(B, 0));
    assertEquals(0, gate.claim(A, 3, 0), "a retry of another URL starts, and URL 7 is still pending");
    assertTrue(gate.waitMs(A, 50) > 0);
    assertEquals(0, gate.claim(A, 7, 100));
    assertEquals(60, gate.waitMs(A, 140), 1e-9, "only the pace now");

    gate.handedOut(A, 8, 200);
    gate.released(A, 8);
    assertEquals(0, gate.waitMs(A, 200), "URL 8 ended without a request");

    HostGate unpaced = new HostGate();
    unpaced.handedOut(A, 1, 0);
    assertEquals(0, unpaced.waitMs(A, 0), "without a pace nothing is pending");
  }

  @Test
  void aPausedAndPacedHostWaitsForTheLaterOfTheTwo() {
    HostGate gate = new HostGate(500, 0);
    assertEquals(0, gate.claim(A, 0, 0));
    gate.pause(A, 0, 200, "503");

    assertEquals(500, gate.waitMs(A, 0));
    gate.pause(A, 0, 2_000, "429");
    assertEquals(2_000, gate.waitMs(A, 0));
  }

  @Test
  void aHostsOwnDelayPacesOnlyThatHostAndTheLargerDelayWins() {
    HostGate gate = new HostGate();
    gate.hostDelay(A, 0, 2_000);

    assertTrue(gate.engaged(), "a host's own delay engages the gate");
    assertEquals(0, gate.claim(A, 0, 0));
    assertEquals(1_500, gate.claim(A, 1, 500));
    assertEquals(0, gate.claim(B, 2, 500), "another host is not paced");
    assertEquals(0, gate.claim(B, 3, 600));
    gate.pace(3_000, 0);
    assertEquals(2_500, gate.claim(A, 1, 500), "the job's longer delay wins");
    gate.pace(0, 0);
    gate.hostDelay(A, 500, 0);
    assertEquals(0, gate.claim(A, 1, 500), "removed: the host goes at once");
  }

  @Test
  void aHostWithItsOwnDelayHandsOutOneUrlAtATime() {
    HostGate gate = new HostGate();
    gate.hostDelay(A, 0, 1_000);

    gate.handedOut(A, 7, 0);
    assertEquals(1_000, gate.waitMs(A, 0), "its next URL waits in the queue until URL 7 claims its start");
    assertEquals(0, gate.claim(A, 7, 0));
    assertEquals(1_000, gate.waitMs(A, 0));
    gate.handedOut(B, 8, 0);
    assertEquals(0, gate.waitMs(B, 0), "a host without a pace is not held");
  }

  @Test
  void aNegativeHostDelayIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HostGate().hostDelay(A, 0, -1));
  }
}
