package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A job's URLs on their way from its queue to their one outcome, as its supervisor hands them to its {@link Crew}:
 * which hosts have room ({@link WorkQueue}), which URLs are out, being fetched or written ({@link OpenUrls}), and what
 * the crew's news means for them. Each URL's end is recorded once: counted in the ledger, told to the watchers, and
 * journaled. Plain code, no actor: the supervisor calls it on its own turn, and says whether the job still runs (after
 * a cancel no URL starts, and a lost one ends here).
 */
final class JobUrls {
  private final WorkQueue queue;
  private final Crew crew;
  private final JobLedger ledger;
  private final Watchers watchers;
  /** The job's writer, which appends each final outcome to the journal in its turn. */
  private final ActorRef<DiskWriter.Command> writer;
  private final JobClock clock;
  /** cancel.max-errors, or 0 for no budget. */
  private final int maxErrors;
  /** Told once the errors reach the budget while the job runs. */
  private final Runnable budgetSpent;
  private final OpenUrls<ActorRef<Fetcher.Command>> open = new OpenUrls<>();
  /** With fetch.robots = obey, what each host's robots.txt allows; null when robots.txt is ignored. */
  private final HostRobots robots;

  JobUrls(WorkQueue queue, Crew crew, JobLedger ledger, Watchers watchers, ActorRef<DiskWriter.Command> writer,
      JobClock clock, int maxErrors, Runnable budgetSpent) {
    this.queue = queue;
    this.robots = queue.robots();
    this.crew = crew;
    this.ledger = ledger;
    this.watchers = watchers;
    this.writer = writer;
    this.clock = clock;
    this.maxErrors = maxErrors;
    this.budgetSpent = budgetSpent;
  }

  /**
   * Hands out URLs until the crew has no room or no URL may start now (the queue is empty, or every waiting URL's host
   * is at max-per-host); unusable URLs end here as ERROR, and those the host's robots.txt disallows as SKIPPED.
   */
  void handOut() {
    if (robots != null) robots.settle();
    while (crew.hasRoom()) {
      JobItem item = queue.next();
      if (item == null) return;
      if (!item.fetchable()) {
        record(item, JobLedger.ended(item, Outcome.ERROR, item.problem(), clock.millis()), true);
        continue;
      }
      if (robots != null && !robots.allows(item)) {
        queue.finished(item); // never requested: its host's turn and slot are free again
        record(item, JobLedger.ended(item, Outcome.SKIPPED, HostRobots.DISALLOWED, clock.millis()), true);
        continue;
      }
      open.started(item, crew.start(item));
      watchers.changed();
    }
  }

  /**
   * One URL has ended. Every final outcome but one this JVM's writer saved (it journals those itself) goes to the
   * journal, under the item's file name: a node's writer keeps no journal. KEPT and UNCHANGED files' lines were carried
   * over from the earlier run's journal, and stand. {@code item} is null only for a KEPT result.
   */
  void record(JobItem item, ItemResult result, boolean running) {
    ledger.add(result, !running);
    watchers.tell(new JobEvent.ItemEnded(result));
    if (result.outcome() == Outcome.OK && result.node() != null) {
      // The node's validator, dropped here if unusable (a hostile node's line break or megabyte) as a response's is.
      writer.tell(new DiskWriter.Record(JournalEntry.saved(result.url(), item.fileName(), result.bytes(), result.sha256(),
          result.validator())));
    } else if (!result.outcome().leavesFile()) {
      writer.tell(new DiskWriter.Record(new JournalEntry(result.url(), item.fileName(), result.outcome(), 0, null, result.error())));
    }
    if (running && maxErrors > 0 && ledger.errors() == maxErrors) budgetSpent.run();
  }

  /** A URL's result: its one outcome, unless it already ended as lost (its fetcher's stop was seen first). */
  void resultCame(ItemResult result, boolean running) {
    JobItem item = open.ended(result.index());
    if (item != null) record(item, result, running);
  }

  /** A fetcher is free: true when that ends a URL's fetch, whose host then has one fetch less. */
  boolean freed(Crew.Freed freed) {
    open.bodyReceived(freed.item().index()); // if its result has not come yet, the writer has its body
    JobItem item = crew.freed(freed);
    if (item == null) return false;
    queue.finished(item);
    return true;
  }

  /**
   * Fetches that ended without their fetcher being free. While the job runs, a URL another fetcher may take goes back
   * to the front of the queue; any other that had no result yet ends here (CANCELLED after a cancel, when no URL
   * starts again; else an ERROR).
   */
  void lost(Crew.UrlsLost lost, boolean running) {
    for (JobItem item : lost.items()) {
      boolean open = this.open.ended(item.index()) != null;
      if (open && lost.again() && running) {
        queue.putBack(item);
        continue;
      }
      queue.finished(item);
      if (open) {
        record(item, JobLedger.ended(item, lost.again() ? Outcome.CANCELLED : Outcome.ERROR, lost.why(), clock.millis()),
            running);
      }
    }
  }

  /** A child of the supervisor stopped: what the crew lost with it, if it was one of its fetchers. */
  Crew.UrlsLost stopped(ActorRef<Void> child) {
    return crew.stopped(child);
  }

  /** A fetcher asks for the URL it was handed: yes while the URL waits for its result (not ended, nor skipped). */
  void mayFetch(Crew.MayFetch ask) {
    boolean go = open.claimed(ask.index(), ask.fetcher(), ask.next());
    if (go) watchers.changed();
    ask.replyTo().tell(new Crew.MayFetch.Answer(ask.index(), ask.fetcher(), go));
  }

  /**
   * After a cancel: every URL that has not started ends SKIPPED, those still queued and those handed out that no
   * fetcher has asked for yet (whose hosts have room again).
   */
  void skipNotStarted() {
    for (JobItem item : open.endUnclaimed()) {
      skip(item);
      queue.finished(item);
    }
    queue.drainTo(this::skip);
  }

  private void skip(JobItem item) {
    record(item, JobLedger.skipped(item, clock.millis()), false);
  }

  /**
   * New limits: the crew's, and the queue's per-host limit ({@code hostLimit} against {@code queueBound}, as
   * {@link Limits} says: a cluster's holds across every node, so no single node's max-in-flight bounds it).
   */
  void resize(JobLimits limits, int hostLimit, int queueBound) {
    crew.resize(limits);
    queue.setMaxPerHost(hostLimit, queueBound);
  }

  /** The host gate began to hold hosts back: the queue counts hosts from now on. */
  void gateEngaged() {
    queue.gateEngaged();
  }

  /** How long until a URL held back by its host's pause or pace may be handed out; infinite when none waits so. */
  double nextOpeningMs() {
    return queue.nextOpeningMs();
  }

  /** How many nodes fetch for the job now; 0 for a crew not spread over nodes. */
  int nodes() {
    List<JobStatus.NodeShare> shares = crew.shares();
    return shares == null ? 0 : shares.size();
  }

  /** URLs out whose result has not come, fetched or written. */
  int open() {
    return open.size();
  }

  /** URLs handed out whose fetch has not ended: their fetchers are busy. */
  int fetchesUnderWay() {
    return queue.handedOut();
  }

  /** The fetchers of the URLs out, each once: those a cancel or an abort reaches. */
  List<ActorRef<Fetcher.Command>> fetchers() {
    return open.fetchers();
  }

  /** The job's status now, each node's part included when the crew is spread over nodes. */
  JobStatus status(JobStatus.State phase, long elapsedMs, JobLimits limits) {
    JobStatus status = ledger.status(phase, open.fetching(), open.writing(), elapsedMs, limits);
    List<JobStatus.NodeShare> shares = crew.shares();
    return shares == null ? status : status.withNodes(shares);
  }
}
