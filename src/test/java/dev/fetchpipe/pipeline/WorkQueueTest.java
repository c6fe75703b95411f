package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job's queue hands out URLs so that no host ever has more than max-per-host in flight. */
class WorkQueueTest {

  static List<JobItem> items(String... urls) {
    List<JobItem> items = new ArrayList<>();
    for (String url : urls) {
      boolean usable = url.startsWith("http");
      items.add(new JobItem(items.size(), url, usable ? "f" + items.size() : null, usable ? null : "not a usable http(s) URL"));
    }
    return items;
  }

  @Test
  void withoutAPerHostLimitBelowMaxInFlightUrlsComeOutInOrderAndNoHostIsCounted() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://a/3", "not a url", "http://a/4");
    WorkQueue queue = new WorkQueue(job.iterator(), 3, 3);

    for (JobItem item : job) assertEquals(item, queue.next(), "max-in-flight alone bounds what is in flight");
    assertNull(queue.next());
    assertEquals(0, queue.inFlight("http://a:80"));
    queue.finished(job.get(0));
    assertTrue(queue.isEmpty());
  }

  @Test
  void aFullHostWaitsWhileOtherHostsGoAhead() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://b/1", "http://a/3", "http://b/2");
    WorkQueue queue = new WorkQueue(job.iterator(), 1);

    assertEquals(job.get(0), queue.next());
    assertEquals(job.get(2), queue.next(), "a is full, so b's first URL goes ahead of a's second");
    assertNull(queue.next(), "both hosts are full");
    assertEquals(1, queue.inFlight("http://a:80"));

    queue.finished(job.get(0));
    assertEquals(job.get(1), queue.next(), "a's parked URLs keep their order");
    queue.finished(job.get(2));
    assertEquals(job.get(4), queue.next());
    queue.finished(job.get(1));
    assertEquals(job.get(3), queue.next());
    assertTrue(queue.isEmpty());
  }

  @Test
  void hostsAreSchemeHostAndPortIgnoringCase() {
    List<JobItem> job = items("http://A:80/1", "http://a/2", "https://a/3", "http://a:8080/4");
    WorkQueue queue = new WorkQueue(job.iterator(), 1);

    assertEquals(job.get(0), queue.next());
    assertEquals(job.get(2), queue.next(), "http://a and http://A:80 are one host; https://a is another");
    assertEquals(job.get(3), queue.next());
    assertNull(queue.next());
  }

  @Test
  void unusableUrlsComeOutAtOnceWithoutTakingASlot() {
    List<JobItem> job = items("http://a/1", "ftp://a/2", "http://a/3");
    WorkQueue queue = new WorkQueue(job.iterator(), 1);

    assertEquals(job.get(0), queue.next());
    assertEquals(job.get(1), queue.next());
    assertNull(queue.next());
    assertEquals(1, queue.inFlight("http://a:80"));
  }

  @Test
  void drainingHandsOverParkedAndUnreadUrlsOnce() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://a/3", "http://b/1");
    WorkQueue queue = new WorkQueue(job.iterator(), 1);
    queue.next();
    queue.next(); // parks a/2 on its way to b/1
    List<JobItem> notStarted = new ArrayList<>();

    queue.drainTo(notStarted::add);

    assertEquals(List.of(job.get(1), job.get(2)), notStarted);
    assertTrue(queue.isEmpty());
    assertNull(queue.next());
  }

  @Test
  void aHostWithRoomAgainIsServedFromItsParkedUrlsFirst() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://a/3");
    WorkQueue queue = new WorkQueue(job.iterator(), 2);

    assertEquals(job.get(0), queue.next());
    assertEquals(job.get(1), queue.next());
    assertNull(queue.next());
    assertFalse(queue.isEmpty());
    queue.finished(job.get(1));
    assertEquals(job.get(2), queue.next());
    assertEquals(2, queue.inFlight("http://a:80"));
  }
  @Test
  void aPerHostLimitThatBecomesBindingMidJobCountsTheUrlsAlreadyInFlight() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://a/3", "http://a/4", "http://b/1", "http://a/5");
    WorkQueue queue = new WorkQueue(job.iterator(), 10, 10);
    List<JobItem> inFlight = new ArrayList<>(List.of(queue.next(), queue.next(), queue.next()));
    assertEquals(0, queue.inFlight("http://a:80"), "not limited: not counted");

    queue.setMaxPerHost(2, 10);

    assertEquals(3, queue.inFlight("http://a:80"), "the three already in flight are counted");
    assertEquals(job.get(4), queue.next(), "a is over its new limit: b goes ahead");
    assertNull(queue.next());
    queue.finished(inFlight.get(0));
    assertNull(queue.next(), "a still has 2 in flight, its limit");
    queue.finished(inFlight.get(1));
    assertEquals(job.get(3), queue.next(), "a is below its limit again, and its parked URLs keep their order");
    assertEquals(2, queue.inFlight("http://a:80"));
  }

  @Test
  void raisingThePerHostLimitLetsParkedUrlsStartAndLoweringItHoldsNewOnesBack() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://a/3", "http://a/4", "http://a/5");
    WorkQueue queue = new WorkQueue(job.iterator(), 1, 10);
    assertEquals(job.get(0), queue.next());
    assertNull(queue.next());

    queue.setMaxPerHost(3, 10);
    assertEquals(job.get(1), queue.next());
    assertEquals(job.get(2), queue.next());
    assertNull(queue.next(), "3 of a in flight");

    queue.setMaxPerHost(1, 10);
    queue.finished(job.get(0));
    queue.finished(job.get(1));
    assertNull(queue.next(), "still 1 in flight: the lower limit holds");
    queue.finished(job.get(2));
    assertEquals(job.get(3), queue.next());
  }

  @Test
  void aPerHostLimitRaisedToNonBindingKeepsCountingCorrectly() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://a/3");
    WorkQueue queue = new WorkQueue(job.iterator(), 1, 10);
    assertEquals(job.get(0), queue.next());
    queue.setMaxPerHost(10, 10);
    assertEquals(job.get(1), queue.next());
    assertEquals(job.get(2), queue.next());
    assertEquals(3, queue.inFlight("http://a:80"), "still counted, so a later binding limit starts from true counts");
    queue.finished(job.get(0));
    assertEquals(2, queue.inFlight("http://a:80"));
  }

  @Test
  void aUrlPutBackComesOutAgainBeforeTheRestAndFreesItsHost() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://b/1");
    WorkQueue queue = new WorkQueue(job.iterator(), 1);

    assertEquals(job.get(0), queue.next());
    assertEquals(job.get(2), queue.next());
    queue.putBack(job.get(2));
    assertEquals(job.get(2), queue.next(), "its fetch was lost: it goes again first, and b has room for it");
    queue.putBack(job.get(0));
    assertEquals(job.get(0), queue.next(), "a/1 again, before a/2, which was never handed out");
    assertNull(queue.next(), "a is full again");
    queue.finished(job.get(0));
    assertEquals(job.get(1), queue.next());
    assertTrue(queue.isEmpty());
  }

  @Test
  void aUrlPutBackIsDrainedWithTheRestAtACancel() {
    List<JobItem> job = items("http://a/1", "http://a/2");
    WorkQueue queue = new WorkQueue(job.iterator(), 5, 5);
    assertEquals(job.get(0), queue.next());
    queue.putBack(job.get(0));
    List<JobItem> drained = new ArrayList<>();
    queue.drainTo(drained::add);
    assertEquals(job, drained);
    assertTrue(queue.isEmpty());
  }

  @Test
  void aPausedHostsUrlsWaitParkedWhileOtherHostsGoOnAndComeOutInOrderWhenThePauseEnds() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://b/1", "http://a/3", "http://b/2");
    HostGate gate = new HostGate();
    double[] now = {0};
    WorkQueue queue = new WorkQueue(job.iterator(), Integer.MAX_VALUE, 10, gate, () -> now[0]);

    assertEquals(job.get(0), queue.next(), "no host counted yet");
    gate.pause("http://a:80", 0, 3_000, "HTTP 429 Too Many Requests");
    queue.gateEngaged();

    assertEquals(job.get(2), queue.next(), "a is paused: b goes on");
    assertEquals(job.get(4), queue.next());
    assertNull(queue.next(), "only a's URLs are left, and a is paused");
    assertEquals(3_000, queue.nextOpeningMs());
    assertEquals(1, queue.inFlight("http://a:80"), "a's URL already in flight was counted when the gate engaged");

    now[0] = 3_000;
    assertEquals(0, queue.nextOpeningMs());
    assertEquals(job.get(1), queue.next());
    assertEquals(job.get(3), queue.next());
    assertTrue(queue.isEmpty());
    assertEquals(Double.POSITIVE_INFINITY, queue.nextOpeningMs(), "nothing parked");
  }

  @Test
  void aPacedHostHasOneUrlHandedOutAtATimeUntilItsFetcherClaimsItsStart() {
    List<JobItem> job = items("http://a/1", "http://a/2", "http://b/1", "http://a/3");
    HostGate gate = new HostGate(500, 0);
    double[] now = {0};
    WorkQueue queue = new WorkQueue(job.iterator(), Integer.MAX_VALUE, 10, gate, () -> now[0]);

    assertEquals(job.get(0), queue.next());
    assertEquals(job.get(2), queue.next(), "a's next waits for a/1 to start; b's first goes");
    assertNull(queue.next());
    assertEquals(500, queue.nextOpeningMs(), "looked at again one pace later");

    assertEquals(0, gate.claim("http://a:80", 0, 10), "a/1's fetcher starts its request at 10 ms");
    now[0] = 200;
    assertEquals(310, queue.nextOpeningMs(), 1e-9);
    assertNull(queue.next());
    now[0] = 510;
    assertEquals(job.get(1), queue.next());
    queue.finished(job.get(1));
    assertEquals(job.get(3), queue.next(), "a/2 ended without a request (skipped): it holds nothing back");
  }
}
