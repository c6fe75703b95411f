package dev.fetchpipe.pipeline;

import dev.fetchpipe.cluster.Claim;
import dev.fetchpipe.cluster.ClusterCrew;
import dev.fetchpipe.cluster.ClusterJob;
import dev.fetchpipe.cluster.JoinJob;
import dev.fetchpipe.cluster.WorkOrder;
import dev.fetchpipe.config.CancelSettings;
import dev.fetchpipe.config.Durations;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Summary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * The supervisor of one job, like the supervisor coroutine of Fluent Python's flags2_asyncio.py. It owns the work
 * queue: it hands each URL to a free {@link Fetcher}, spawning one only while fewer than max-in-flight are busy (the
 * rest of the URLs wait in its queue; a fetcher says when it is {@link Fetcher.Free} for the next), spawns the
 * {@link DiskWriter} on the writer's dispatcher and the {@link Spinner}, collects one {@link ItemResult} per URL,
 * stops the spinner with a message, prints the summary, hands the {@link JobReport} to {@code whenDone}, and stops.
 * It may be the guardian (run: its stop ends the actor system) or a child of a long-lived system (the daemon: its
 * parent watches it); it assumes neither.
 *
 * <p>While it runs it answers {@link GetStatus} and {@link GetReport}, tells a watcher {@link JobEvent}s, and takes
 * {@link Resize}: more fetchers at once, fewer (free ones retire, none is cut off), another max-per-host, another
 * number of writer threads (the writer's {@link WriterPool}). Every change is in the report's limit changes.
 *
 * <p>Cancelling takes two stages. The first {@link Cancel} stops the queue (every waiting URL is SKIPPED) and gives
 * the fetches in flight the grace period to finish; when it is over, or at a second Cancel, the rest are sent
 * {@link Fetcher.Abort} and end CANCELLED.
 *
 * <p>In a cluster ({@link ClusterJob}) the fetchers are not its children: a worker on every node pulls URLs from its
 * queue through Pekko's work pulling, claims each before fetching it, writes it on its node, and sends the result here,
 * where it is journaled. A URL whose node died is handed out again; a URL ends once, whichever node reports first.
 */
public final class PipelineSupervisor extends AbstractBehavior<PipelineSupervisor.Command> {

  public interface Command {}

  /** Stop the job: the first one gracefully, a second one at once. */
  public record Cancel(CancelSource source, String reason) implements Command {}

  /** Answered with the job's status now. */
  public record GetStatus(ActorRef<JobStatus> replyTo) implements Command {}

  /** Answered with the report as far as the job got: every result so far when allItems, else counts and first failures. */
  public record GetReport(ActorRef<JobReport> replyTo) implements Command {}

  /**
   * Change the running job's limits; null leaves one as it is. Answered with the status after it, which shows the
   * limits unchanged when the resize was refused (a value below 1, max-in-flight or max-per-host above the settings'
   * ceiling, writer threads above 1024) or came after the last URL ended.
   */
  public record Resize(Integer maxInFlight, Integer maxPerHost, Integer writerThreads, ActorRef<JobStatus> replyTo)
      implements Command {}

  private record FetchFinished(ItemResult result) implements Command {}

  private record FetcherFree(Fetcher.Free free) implements Command {}

  private record FetcherStopped(ActorRef<Fetcher.Command> fetcher) implements Command {}

  private record Demand(WorkPullingProducerController.RequestNext<WorkOrder> next) implements Command {}

  private record Claimed(Claim claim) implements Command {}

  private record NodeJoined(JoinJob.Joined joined) implements Command {}

  private record NodeLeft(String node) implements Command {}

  private enum GraceOver implements Command { INSTANCE }

  private enum ProgressDue implements Command { INSTANCE }

  private enum ProgressEventDue implements Command { INSTANCE }

  private enum SpinnerStopped implements Command { INSTANCE }

  private enum WriterFlushed implements Command { INSTANCE }

  /** A watcher hears {@link JobEvent.Progress} this often while anything changed: live, and cheap to send and show. */
  public static final Duration PROGRESS_EVENT_EVERY = Duration.ofMillis(250);

  /** Longest the end of the job waits for the writer's last operations; each is one small file operation. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param job      the prepared job: its settings, plan, what an earlier run completed (those URLs are KEPT, not
   *                 fetched) and the journal the writer appends each final outcome to
   * @param report   where the finished job's report goes; with every URL's result when {@code allItems}, else only
   *                 the first failures, so that a long job's memory stays flat
   * @param events   who hears the job's {@link JobEvent}s; null for nobody (run without --metrics-port), which sends none
   */
  public static Behavior<Command> create(PreparedJob job, Spinner.Mode progress, PrintStream out,
      CompletableFuture<JobReport> report, boolean allItems, ActorRef<JobEvent> events) {
    return create(job, progress, out, report, allItems, events, null);
  }

  /** @param cluster the job to spread over a cluster's nodes, or null to fetch with this JVM's own fetchers */
  public static Behavior<Command> create(PreparedJob job, Spinner.Mode progress, PrintStream out,
      CompletableFuture<JobReport> report, boolean allItems, ActorRef<JobEvent> events, ClusterJob cluster) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new PipelineSupervisor(
        context, timers, job, progress, out, report, allItems, events, cluster).start()));
  }

  private final TimerScheduler<Command> timers;
  private final JobPlan plan;
  private final FetchpipeSettings settings;
  private final Resume resume;
  private final CancelSettings cancelSettings;
  private final PrintStream out;
  private final CompletableFuture<JobReport> whenDone;
  private final JobClock clock = JobClock.startNow();
  private final ActorRef<DiskWriter.Command> writer;
  private final ActorRef<Spinner.Command> spinner;
  private final SpinnerFeed spinnerFeed;
  private final ActorRef<ItemResult> results;
  private final JobWatcher watcher;
  private final JobLedger ledger;
  /** Made once for the job, from its fitted config; equal settings let Pekko HTTP reuse its pools between jobs. */
  private final ConnectionPoolSettings pool;
  /** What the header calls the job's concurrency: the most it starts with (a resize is listed apart). */
  private final int concurrency;
  /** Body bytes received so far, counted by the fetchers as they arrive: what the progress line shows. */
  private final LongAdder received = new LongAdder();

  /** The URLs not yet started, read lazily from the plan: the job's work queue, kept in this one place. */
  private final Stream<JobItem> planned;
  private final WorkQueue queue;
  /**
   * Who fetches: {@code local}, this JVM's fetchers (one that already reported but still waits for Pekko HTTP to let go
   * of a request stays busy: at most max-in-flight are busy, but for those finishing after a resize down, which keeps
   * Pekko HTTP's pool from overflowing), or {@code cluster}, every node's; the other is null.
   */
  private final Crew crew;
  private final LocalCrew<Command> local;
  private final ClusterCrew<Command> cluster;
  private final Limits limits;
  /** URLs handed out whose result has not come yet: being fetched, or written. */
  private final OpenUrls<ActorRef<Fetcher.Command>> open = new OpenUrls<>();

  /** RUNNING, DRAINING or ABORTING; the status shows DONE once every URL has ended. */
  private JobStatus.State phase = JobStatus.State.RUNNING;

  private PipelineSupervisor(ActorContext<Command> context, TimerScheduler<Command> timers, PreparedJob job,
      Spinner.Mode progress, PrintStream out, CompletableFuture<JobReport> whenDone, boolean allItems,
      ActorRef<JobEvent> events, ClusterJob clusterJob) {
    super(context);
    this.timers = timers;
    this.plan = job.plan();
    this.settings = job.settings();
    this.resume = job.resume();
    this.watcher = new JobWatcher(events);
    this.cancelSettings = settings.cancel();
    this.out = out;
    this.whenDone = whenDone;
    this.planned = plan.stream();
    // In a cluster max-in-flight is each node's and max-per-host the whole cluster's (see Limits).
    this.limits = clusterJob == null
        ? new Limits(settings.fetch().maxInFlight(), settings.fetch().maxPerHost(), settings.writer().poolSize(),
            settings.maxInFlightCeiling())
        : Limits.acrossNodes(settings.fetch().maxInFlight(), settings.fetch().maxPerHostGiven(),
            settings.writer().poolSize(), settings.maxInFlightCeiling());
    this.queue = new WorkQueue(planned.filter(item -> !resume.kept().containsKey(item.index())).iterator(),
        limits.hostLimit(), limits.queueBound());
    int toFetch = plan.fetchable() - resume.kept().size();
    this.concurrency = Math.max(1, Math.min(settings.fetch().maxInFlight(), toFetch));
    this.ledger = new JobLedger(plan.site(), settings.job().outputDir().toString(), plan.size(), concurrency, allItems);
    this.writer = context.spawn(DiskWriter.create(settings.job().outputDir(), settings.writer().fsync(), job.journal()), "writer",
        DispatcherSelector.fromConfig(settings.writer().dispatcher()));
    this.spinner = context.spawn(
        Spinner.create(progress, progressInterval(progress), plan.size(), clock, out, received::sum), "spinner");
    context.watchWith(spinner, SpinnerStopped.INSTANCE);
    this.results = context.messageAdapter(ItemResult.class, FetchFinished::new);
    this.pool = settings.connectionPool();
    if (clusterJob == null) {
      ActorRef<Fetcher.Free> freed = context.messageAdapter(Fetcher.Free.class, FetcherFree::new);
      this.local = new LocalCrew<>(context, settings.fetch().maxInFlight(),
          () -> Fetcher.create(settings, pool, writer, results, freed, clock, received), FetcherStopped::new);
      this.cluster = null;
      this.crew = local;
    } else {
      this.local = null;
      this.cluster = ClusterCrew.start(context, clusterJob, clock.startEpochMillis(), results,
          new ClusterCrew.Messages<>(Demand::new, Claimed::new, NodeJoined::new, NodeLeft::new, FetcherStopped::new));
      this.crew = cluster;
    }
    this.spinnerFeed = new SpinnerFeed(spinner, clock,
        () -> new Spinner.Progress(ledger.saved(), ledger.failed(), ledger.skipped(), open.fetching()),
        after -> timers.startSingleTimer(ProgressDue.INSTANCE, after));
  }

  private Duration progressInterval(Spinner.Mode progress) {
    return progress == Spinner.Mode.SPINNER ? settings.progress().spinnerInterval() : settings.progress().plainInterval();
  }

  private Behavior<Command> start() {
    // Nothing to fetch (every file kept): the header says no connection, though the loop still needs one slot.
    boolean nothingToFetch = plan.fetchable() == resume.kept().size();
    out.print(Summary.header(plan, nothingToFetch ? 0 : concurrency, settings.job().outputDir()));
    if (!resume.kept().isEmpty() || resume.refetched() > 0) out.print(Summary.resumed(resume.kept().size(), resume.refetched()));
    out.flush();
    resume.kept().forEach((index, entry) -> record(null, kept(index, entry)));
    if (cancelSettings.hasDeadline()) {
      Duration deadline = cancelSettings.deadline();
      timers.startSingleTimer(new Cancel(CancelSource.DEADLINE, seconds(deadline) + " passed"), deadline);
    }
    if (watcher.exists()) timers.startTimerWithFixedDelay(ProgressEventDue.INSTANCE, PROGRESS_EVENT_EVERY);
    startFetchers();
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FetchFinished.class, this::onFetchFinished)
        .onMessage(FetcherFree.class, this::onFetcherFree)
        .onMessage(FetcherStopped.class, this::onFetcherStopped)
        .onMessage(Demand.class, this::onDemand)
        .onMessage(Claimed.class, this::onClaimed)
        .onMessage(NodeJoined.class, this::onNodeJoined)
        .onMessage(NodeLeft.class, left -> {
          cluster.left(left.node());
          limits.nodes(cluster.nodeCount());
          return this;
        })
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(GetStatus.class, get -> reply(get.replyTo()))
        .onMessage(GetReport.class, this::onGetReport)
        .onMessage(Resize.class, this::onResize)
        .onMessageEquals(ProgressEventDue.INSTANCE, this::onProgressEventDue)
        .onMessageEquals(GraceOver.INSTANCE, () -> abort("grace of " + seconds(cancelSettings.grace()) + " over"))
        .onMessageEquals(ProgressDue.INSTANCE, () -> {
          spinnerFeed.due();
          return this;
        })
        .onMessageEquals(SpinnerStopped.INSTANCE, this::onSpinnerStopped)
        .onMessageEquals(WriterFlushed.INSTANCE, this::onWriterFlushed)
        .build();
  }

  /**
   * Hands out URLs until max-in-flight fetchers are busy or no URL may start now (the queue is empty, or every waiting
   * URL's host is at max-per-host); unusable URLs end here as ERROR.
   */
  private void startFetchers() {
    while (phase == JobStatus.State.RUNNING && crew.hasRoom()) {
      JobItem item = queue.next();
      if (item == null) break;
      if (!item.fetchable()) {
        record(item, ended(item, Outcome.ERROR, item.problem()));
        continue;
      }
      open.started(item, crew.start(item));
      watcher.changed();
    }
    showProgress();
  }

  /**
   * Tells the spinner the counts (see {@link SpinnerFeed}); once every URL has ended, stops it, which ends the job (see
   * onSpinnerStopped). Fetchers still waiting for a late answer from Pekko HTTP do not hold the job up: their URLs have
   * ended.
   */
  private void showProgress() {
    if (allDone()) {
      spinnerFeed.finish();
    } else {
      spinnerFeed.changed();
    }
  }

  private boolean allDone() {
    return ledger.allDone();
  }

  /**
   * One URL has ended. Every final outcome but a saved or kept file (the writer journals those itself) goes to the
   * journal, under the item's file name; {@code item} is null only for a KEPT result.
   */
  private void record(JobItem item, ItemResult result) {
    ledger.add(result, phase != JobStatus.State.RUNNING);
    watcher.tell(new JobEvent.ItemEnded(result));
    if (result.outcome() == Outcome.OK && local == null) {
      // A node's writer saved it and keeps no journal: the coordinator journals every outcome of a cluster job.
      writer.tell(new DiskWriter.Record(JournalEntry.saved(result.url(), item.fileName(), result.bytes(), result.sha256())));
    } else if (result.outcome() != Outcome.OK && result.outcome() != Outcome.KEPT) {
      writer.tell(new DiskWriter.Record(new JournalEntry(result.url(), item.fileName(), result.outcome(), 0, null, result.error())));
    }
    int errors = ledger.errors();
    if (cancelSettings.hasErrorBudget() && errors == cancelSettings.maxErrors() && phase == JobStatus.State.RUNNING) {
      getContext().getSelf().tell(new Cancel(CancelSource.MAX_ERRORS, errors + " URLs ended in ERROR"));
    }
  }

  private ItemResult kept(int index, JournalEntry entry) {
    return JobLedger.kept(index, entry, settings.job().outputDir(), clock.millis());
  }

  private ItemResult ended(JobItem item, Outcome outcome, String why) {
    return JobLedger.ended(item, outcome, why, clock.millis());
  }

  private Behavior<Command> onFetchFinished(FetchFinished message) {
    // Already ended as "stopped without a result" if its stop was seen first: one outcome per URL.
    JobItem item = open.ended(message.result().index());
    if (item == null) return this;
    if (local != null) {
      record(item, message.result());
      if (allDone()) showProgress();
      return this;
    }
    // In a cluster the result is the fetcher's last word on the URL: its host has one fetch less now.
    String node = cluster.ended(message.result().index());
    record(item, node == null ? message.result() : message.result().onNode(node));
    queue.finished(item);
    afterFetchEnded();
    return this;
  }

  // --- in a cluster: demand, claims, nodes --------------------------------------------------------------------

  private Behavior<Command> onDemand(Demand demand) {
    cluster.demand(demand.next());
    startFetchers();
    return this;
  }

  /**
   * A node's fetcher asks to fetch a URL. Yes, unless it has ended (another node finished it first) or the job was
   * cancelled before it started (then it ended SKIPPED at the cancel).
   */
  private Behavior<Command> onClaimed(Claimed claimed) {
    Claim claim = claimed.claim();
    boolean go = open.claimed(claim.index(), claim.fetcher());
    if (go) {
      cluster.claimed(claim);
      watcher.changed();
    }
    claim.replyTo().tell(new Claim.Answer(claim.index(), go));
    return this;
  }

  /** A node runs a worker for the job now: it gets the job's limits as they are, which may have changed since. */
  private Behavior<Command> onNodeJoined(NodeJoined joined) {
    cluster.joined(joined.joined(), limits.current());
    limits.nodes(cluster.nodeCount());
    return this;
  }

  /**
   * A claiming fetcher stopped: its node left the cluster or died. While the job runs, the URLs it had not finished go
   * back to the front of the queue for another node; after a cancel no URL starts again, so they end CANCELLED.
   */
  private Behavior<Command> onClusterFetcherStopped(ActorRef<Fetcher.Command> fetcher) {
    for (int index : cluster.lost(fetcher)) {
      JobItem item = open.ended(index);
      if (item == null) continue;
      if (phase == JobStatus.State.RUNNING) {
        queue.putBack(item);
        continue;
      }
      record(item, ended(item, Outcome.CANCELLED, "its node left the cluster after the cancel"));
      queue.finished(item);
    }
    afterFetchEnded();
    if (allDone()) showProgress();
    return this;
  }

  /** A fetcher is done with its URL, request and all: its host has one fetch less, and it takes the next URL. */
  private Behavior<Command> onFetcherFree(FetcherFree message) {
    open.bodyReceived(message.free().item().index()); // if its result has not come yet, the writer has its body
    JobItem item = local.freed(message.free().fetcher());
    if (item == null) return this;
    queue.finished(item);
    afterFetchEnded();
    return this;
  }

  /**
   * A fetcher that stopped (it failed) frees its slot; a URL it had not reported on yet ends as an ERROR. One that
   * retired was free and is already forgotten.
   */
  private Behavior<Command> onFetcherStopped(FetcherStopped stopped) {
    if (cluster != null) return onClusterFetcherStopped(stopped.fetcher());
    JobItem item = local.stopped(stopped.fetcher());
    if (item == null) return this;
    queue.finished(item);
    if (open.ended(item.index()) != null) {
      record(item, ended(item, Outcome.ERROR, "fetcher stopped without a result"));
    }
    afterFetchEnded();
    return this;
  }

  private void afterFetchEnded() {
    if (phase != JobStatus.State.RUNNING && crew.busy() == 0) ledger.lastStopped(clock.millis());
    startFetchers();
  }

  private Behavior<Command> onCancel(Cancel cancel) {
    if (allDone()) return this; // nothing left to cancel: the job is ending anyway
    if (phase != JobStatus.State.RUNNING) return abort(cancel.source().label() + " again");

    phase = JobStatus.State.DRAINING;
    double cancelledAtMs = clock.millis();
    if (cluster != null) skipUnclaimed();
    int inFlightAtCancel = open.size();
    ledger.cancelled(cancel.source(), cancel.reason(), cancelledAtMs, inFlightAtCancel);
    queue.drainTo(item -> record(item, ended(item, Outcome.SKIPPED, "never started: the job was cancelled")));

    watcher.tell(new JobEvent.Cancelling(cancel.source(), cancel.reason(), inFlightAtCancel));
    // No retry starts after a cancel: with max-errors, retries in the grace would add errors past the budget.
    open.fetchers().forEach(fetcher -> fetcher.tell(Fetcher.NoMoreRetries.INSTANCE));
    String again = cancel.source() == CancelSource.INTERRUPT ? "Ctrl-C again" : "cancel again";
    boolean noGrace = cancelSettings.grace().isZero();
    spinner.tell(new Spinner.Announce(String.format(Locale.ROOT, "Cancelling (%s): %d in flight, %s",
        cancel.source().describe(cancel.reason()), inFlightAtCancel,
        noGrace ? "no grace (cancel.grace = 0 s)" : "waiting up to " + seconds(cancelSettings.grace()) + " -- " + again + " to abort now")));
    if (open.isEmpty()) {
      ledger.lastStopped(cancelledAtMs);
    } else if (noGrace) {
      abort("no grace");
    } else {
      timers.startSingleTimer(GraceOver.INSTANCE, cancelSettings.grace());
    }
    startFetchers();
    return this;
  }

  /** In a cluster, URLs handed to a node that no fetcher has claimed yet never started: they are SKIPPED now. */
  private void skipUnclaimed() {
    for (JobItem item : open.endUnclaimed()) {
      cluster.takenBack(item.index());
      record(item, ended(item, Outcome.SKIPPED, "never started: the job was cancelled"));
      queue.finished(item);
    }
  }

  private Behavior<Command> abort(String why) {
    if (phase == JobStatus.State.ABORTING || open.isEmpty()) return this;
    phase = JobStatus.State.ABORTING;
    ledger.aborted(clock.millis());
    timers.cancel(GraceOver.INSTANCE);
    watcher.tell(new JobEvent.Aborting(why, open.size()));
    spinner.tell(new Spinner.Announce("Aborting (" + why + "): cutting off " + open.size() + " in flight"));
    open.fetchers().forEach(fetcher -> fetcher.tell(Fetcher.Abort.INSTANCE));
    return this;
  }

  /**
   * Every URL has ended and the spinner is gone: the writer's last journal lines are awaited before the job ends, so
   * whoever closes the job's journal next (run, the daemon) loses none. A writer that does not answer in time is not
   * waited for longer: the lines it owes are not needed to resume.
   */
  private Behavior<Command> onSpinnerStopped() {
    getContext().ask(DiskWriter.Flushed.class, writer, FLUSH_TIMEOUT, DiskWriter.Flush::new,
        (flushed, failure) -> WriterFlushed.INSTANCE);
    return this;
  }

  private Behavior<Command> onWriterFlushed() {
    planned.close();
    JobReport report = report();
    out.print(Summary.footer(report));
    out.flush();
    watcher.tell(new JobEvent.Ended(status(), report));
    whenDone.complete(report);
    return Behaviors.stopped();
  }

  // --- live: status, report, events, resize -------------------------------------------------------------------

  private Behavior<Command> reply(ActorRef<JobStatus> replyTo) {
    replyTo.tell(status());
    return this;
  }

  private Behavior<Command> onGetReport(GetReport get) {
    get.replyTo().tell(report());
    return this;
  }

  /**
   * New limits, in effect at once: more fetchers start now, or idle ones beyond the limit retire (busy ones when
   * free); the queue's per-host limit changes (counting hosts from now on if it starts to bind); the writer's pool
   * resizes without touching a write. Answered with the status after it.
   */
  private Behavior<Command> onResize(Resize resize) {
    JobLimits before = limits.current();
    double atMs = clock.millis();
    if (allDone() || !limits.change(resize.maxInFlight(), resize.maxPerHost(), resize.writerThreads(), atMs)) {
      return reply(resize.replyTo());
    }
    JobLimits now = limits.current();
    crew.resize(now);
    queue.setMaxPerHost(limits.hostLimit(), limits.queueBound(), crew.busyItems());
    if (now.writerThreads() != before.writerThreads()) {
      WriterPool.resize(getContext().getSystem(), settings.writer().dispatcher(), now.writerThreads());
    }
    watcher.tell(new JobEvent.Resized(atMs, now));
    startFetchers();
    return reply(resize.replyTo());
  }

  private Behavior<Command> onProgressEventDue() {
    watcher.tick(!allDone(), this::status);
    return this;
  }

  private JobStatus status() {
    JobLimits now = limits.current();
    JobStatus status = ledger.status(phase, open.fetching(), open.writing(), clock.elapsedMillis(), now);
    return local != null ? status : status.withNodes(cluster.shares(now.maxInFlight(), open::isFetching));
  }

  /** The report as far as the job got; at the end, the job's report. */
  private JobReport report() {
    return ledger.report(clock.elapsedMillis(), limits.changes());
  }

  private static String seconds(Duration duration) {
    return Durations.words(duration);
  }
}
