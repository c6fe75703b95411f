package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The crew protocol as the supervisor applies it, for either kind of crew: one that hands each URL to a fetcher of its
 * own at once (this JVM's), and one whose fetchers ask for the URLs they were sent (a cluster's).
 */
class JobUrlsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  /** A crew of plain values: room for {@code room} URLs, and fetchers that take each URL at once, or ask first. */
  private static final class FakeCrew implements Crew {
    int room;
    final boolean ask;
    final Deque<ActorRef<Fetcher.Command>> fetchers = new ArrayDeque<>();
    final List<JobItem> started = new ArrayList<>();

    FakeCrew(int room, boolean ask) {
      this.room = room;
      this.ask = ask;
    }

    @Override
    public boolean hasRoom() {
      return room > 0;
    }

    @Override
    public ActorRef<Fetcher.Command> start(JobItem item) {
      room--;
      started.add(item);
      return ask ? null : fetchers.pop();
    }

    @Override
    public void resize(JobLimits limits) {}

    @Override
    public JobItem freed(Crew.Freed freed) {
      room++;
      return freed.item();
    }

    @Override
    public Crew.UrlsLost stopped(ActorRef<Void> child) {
      return Crew.UrlsLost.NONE;
    }

    @Override
    public List<JobStatus.NodeShare> shares() {
      return null;
    }
  }

  private final TestProbe<DiskWriter.Command> journal = KIT.createTestProbe();
  private final TestProbe<JobEvent> watcher = KIT.createTestProbe();
  private final TestProbe<Crew.MayFetch.Answer> answers = KIT.createTestProbe();
  private final TestProbe<Fetcher.Command> fetcherA = KIT.createTestProbe();
  private final TestProbe<Fetcher.Command> fetcherB = KIT.createTestProbe();
  private final List<String> budgetSpent = new ArrayList<>();
  private JobLedger ledger;

  private JobUrls urls(List<JobItem> items, FakeCrew crew, int maxErrors) {
    ledger = new JobLedger("site", "out", items.size(), 2, true);
    WorkQueue queue = new WorkQueue(items.iterator(), 10, 10);
    return new JobUrls(queue, crew, ledger, new Watchers(List.of(Watcher.ofStatus(watcher.getRef()))), journal.getRef(),
        JobClock.startNow(), maxErrors, () -> budgetSpent.add("spent at " + ledger.errors()));
  }

  private static ItemResult result(JobItem item, Outcome outcome, String node) {
    return AnItem.of(item.index(), item.url(), outcome).status(outcome == Outcome.OK ? 200 : 503)
        .bytes(outcome == Outcome.OK ? 3 : 0).sha256(outcome == Outcome.OK ? "ab" : null)
        .error(outcome == Outcome.OK ? null : "HTTP 503").writer("writer-1")
        .timings(new Timings(0.0, 1.0, 2.0, 3.0, 4.0)).node(node).build();
  }

  @Test
  void urlsGoOutWhileTheCrewHasRoomAndAnUnusableOneEndsAtOnceAsAnErrorInTheJournal() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "ftp://a/2", "http://a/3", "http://a/4");
    FakeCrew crew = new FakeCrew(2, false);
    crew.fetchers.addAll(List.of(fetcherA.getRef(), fetcherB.getRef()));
    JobUrls urls = urls(job, crew, 0);

    urls.handOut();

    assertEquals(List.of(job.get(0), job.get(2)), crew.started);
    assertEquals(2, urls.open());
    assertEquals(2, urls.fetchesUnderWay());
    DiskWriter.Record line = (DiskWriter.Record) journal.receiveMessage();
    assertEquals(Outcome.ERROR, line.entry().outcome());
    assertEquals(Outcome.ERROR, ((JobEvent.ItemEnded) watcher.receiveMessage()).result().outcome());
  }

  @Test
  void aResultEndsItsUrlOnceAndTheFetchEndsWhenTheFetcherIsFreeSoTheNextUrlGoesOut() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "http://a/2");
    FakeCrew crew = new FakeCrew(1, false);
    crew.fetchers.addAll(List.of(fetcherA.getRef(), fetcherA.getRef()));
    JobUrls urls = urls(job, crew, 0);
    urls.handOut();

    urls.resultCame(result(job.get(0), Outcome.OK, null), true);
    urls.resultCame(result(job.get(0), Outcome.OK, null), true);
    assertEquals(1, ledger.done(), "one outcome per URL");
    journal.expectNoMessage(Duration.ofMillis(50)); // this JVM's writer journals the files it saved
    assertEquals(1, urls.fetchesUnderWay(), "its fetcher is not free yet");

    assertTrue(urls.freed(new Crew.Freed(fetcherA.getRef(), job.get(0))));
    assertEquals(0, urls.fetchesUnderWay());
    urls.handOut();
    assertEquals(List.of(job.get(0), job.get(1)), crew.started);
  }

  @Test
  void aFetcherThatAsksGetsYesWhileItsUrlIsOpenAndNoOnceItEndedOrWasSkipped() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "http://a/2", "http://a/3");
    FakeCrew crew = new FakeCrew(2, true);
    JobUrls urls = urls(job, crew, 0);
    urls.handOut();

    urls.mayFetch(new Crew.MayFetch(0, fetcherA.getRef(), answers.getRef()));
    assertEquals(new Crew.MayFetch.Answer(0, fetcherA.getRef(), true), answers.receiveMessage());
    assertEquals(List.of(fetcherA.getRef()), urls.fetchers(), "a cancel reaches the fetcher that asked");

    urls.resultCame(result(job.get(0), Outcome.OK, "127.0.0.2:25520"), true);
    DiskWriter.Record line = (DiskWriter.Record) journal.receiveMessage();
    assertEquals(Outcome.OK, line.entry().outcome(), "a node's writer keeps no journal: the supervisor's journals it");
    assertTrue(urls.freed(new Crew.Freed(fetcherA.getRef(), job.get(0))), "the coordinator says so after the result");
    urls.mayFetch(new Crew.MayFetch(0, fetcherB.getRef(), answers.getRef()));
    assertFalse(answers.receiveMessage().go(), "it ended");

    urls.skipNotStarted();
    assertEquals(3, ledger.done(), "URL 1 handed out and not asked for, URL 2 queued: both skipped");
    urls.mayFetch(new Crew.MayFetch(1, fetcherB.getRef(), answers.getRef()));
    assertFalse(answers.receiveMessage().go(), "skipped by the cancel");
    assertEquals(0, urls.fetchesUnderWay());
  }

  @Test
  void aNodesSavedFileIsJournaledWithItsValidatorAndAnUnusableOneIsDroppedAsAResponsesIs() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "http://a/2", "http://a/3", "http://a/4");
    FakeCrew crew = new FakeCrew(4, true);
    JobUrls urls = urls(job, crew, 0);
    urls.handOut();
    List<String> sent = List.of("\"bytes-3\"", "\"a\"\n{\"url\":\"http://evil/\"}", "\"" + "x".repeat(5000) + "\"",
        "Tue, 01 Dec 2026 10:00:00 GMT");
    List<String> journaled = new ArrayList<>();
    for (int i = 0; i < job.size(); i++) {
      urls.resultCame(result(job.get(i), Outcome.OK, "127.0.0.2:25520").withValidator(sent.get(i)), true);
      JournalEntry line = ((DiskWriter.Record) journal.receiveMessage()).entry();
      assertEquals(job.get(i).fileName(), line.file());
      assertTrue(line.isSaved(), line.toString());
      journaled.add(line.validator());
    }
    assertEquals(Arrays.asList("\"bytes-3\"", null, null, "Tue, 01 Dec 2026 10:00:00 GMT"), journaled);
  }

  @Test
  void urlsLostByANodeGoBackToTheFrontWhileTheJobRunsAndEndCancelledAfterACancel() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "http://a/2", "http://a/3");
    FakeCrew crew = new FakeCrew(1, true);
    JobUrls urls = urls(job, crew, 0);
    urls.handOut();
    urls.mayFetch(new Crew.MayFetch(0, fetcherA.getRef(), answers.getRef()));

    urls.lost(new Crew.UrlsLost(List.of(job.get(0)), true, "its node left"), true);
    assertEquals(0, ledger.done());
    crew.room = 1;
    urls.handOut();
    assertEquals(List.of(job.get(0), job.get(0)), crew.started, "handed out again, before the URLs not started yet");

    urls.mayFetch(new Crew.MayFetch(0, fetcherB.getRef(), answers.getRef()));
    urls.lost(new Crew.UrlsLost(List.of(job.get(0)), true, "its node left the cluster after the cancel"), false);
    ItemResult ended = ((JobEvent.ItemEnded) watcher.receiveMessage()).result();
    assertEquals(Outcome.CANCELLED, ended.outcome());
    assertEquals("its node left the cluster after the cancel", ended.error());
  }

  @Test
  void aUrlLostByAFetcherThatFailedEndsAsAnErrorAndOneThatReportedIsOnlyFreed() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "http://a/2");
    FakeCrew crew = new FakeCrew(2, false);
    crew.fetchers.addAll(List.of(fetcherA.getRef(), fetcherB.getRef()));
    JobUrls urls = urls(job, crew, 0);
    urls.handOut();
    urls.resultCame(result(job.get(1), Outcome.OK, null), true);

    urls.lost(new Crew.UrlsLost(List.of(job.get(0), job.get(1)), false, "fetcher stopped without a result"), true);

    assertEquals(2, ledger.done());
    assertEquals(1, ledger.errors(), "the one without a result");
    assertEquals(0, urls.fetchesUnderWay(), "both hosts have room again");
  }

  @Test
  void theErrorBudgetIsSpentOnceWhenTheErrorsReachItWhileTheJobRuns() {
    List<JobItem> job = WorkQueueTest.items("http://a/1", "http://a/2", "http://a/3");
    FakeCrew crew = new FakeCrew(3, false);
    crew.fetchers.addAll(List.of(fetcherA.getRef(), fetcherA.getRef(), fetcherA.getRef()));
    JobUrls urls = urls(job, crew, 2);
    urls.handOut();

    urls.resultCame(result(job.get(0), Outcome.ERROR, null), true);
    assertEquals(List.of(), budgetSpent);
    urls.resultCame(result(job.get(1), Outcome.ERROR, null), true);
    urls.resultCame(result(job.get(2), Outcome.ERROR, null), true);
    assertEquals(List.of("spent at 2"), budgetSpent);
  }
}
