package dev.fetchpipe.pipeline;

import static dev.fetchpipe.pekko.Stages.same;

import dev.fetchpipe.config.CancelSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.TimeLeft;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The supervisor of one job, like the supervisor coroutine of Fluent Python's flags2_asyncio.py. It owns the work
 * queue, and hands each URL to its {@link Crew} (this JVM's {@link Fetcher}s, or every node's in a cluster) while the
 * crew has room; spawns the {@link DiskWriter} on the writer's dispatcher; collects one {@link ItemResult} per URL;
 * and tells its {@link Watcher}s {@link JobEvent}s, from {@link JobEvent.Started} to {@link JobEvent.Ended}. Once every
 * URL has ended it is {@link #finishing}: it waits for the writer's last journal lines, tells the end, hands the
 * {@link JobReport} to {@code whenDone}, and stops. It prints nothing (a watcher shows the job), and assumes no parent.
 *
 * <p>While it runs it answers {@link GetStatus} and {@link GetReport}, and takes {@link Resize}: more fetchers at
 * once, fewer (free ones retire, none is cut off), another max-per-host, another number of writer threads (the
 * writer's {@link WriterPool}). Every change is in the report's limit changes.
 *
 * <p>Cancelling takes two stages. The first {@link Cancel} stops the queue (every waiting URL is SKIPPED) and gives
 * the fetches in flight the grace period to finish; when it is over, or at a second Cancel, the rest are sent
 * {@link Fetcher.Abort} and end CANCELLED.
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
   * Change the running job's limits as {@code order} says. Answered with the status after it, which shows the limits
   * unchanged when the resize was refused (a value below 1, max-in-flight or max-per-host above the settings'
   * ceiling, writer threads above 1024, a rate or pace out of its bounds) or came after the last URL ended.
   */
  public record Resize(LimitOrder order, ActorRef<JobStatus> replyTo) implements Command {}

  private record FetchFinished(ItemResult result) implements Command {}

  /** The writer found the output dir removed or moved away: the job fails (see {@link OutputDirWatch}). */
  private record OutputDirGone(String reason) implements Command {}

  /** The {@code watcher}-th watcher's time to hear the progress. */
  private record ProgressDue(int watcher) implements Command {}

  /** A fetcher paused a host ({@link HostGate}): news for the watchers, and its URLs wait. */
  private record HostPaused(HostPause pause) implements Command {}

  /** A host held back by its pause or pace, or waiting for its robots.txt, may have its turn now. */
  private enum HostOpens implements Command { INSTANCE }

  private enum GraceOver implements Command { INSTANCE }

  private enum WriterFlushed implements Command { INSTANCE }

  /** Longest the end of the job waits for the writer's last operations; each is one small file operation. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param job      the prepared job: its settings, plan, what an earlier run completed (those URLs are KEPT, not
   *                 fetched) and the journal the writer appends each final outcome to
   * @param report   where the finished job's report goes; with every URL's result when {@code allItems}, else only
   *                 the first failures, so that a long job's memory stays flat
   * @param watchers who hears the job's events; none sends none
   * @param crew     who fetches: {@link Crew#local()}, or a cluster's crew
   */
  public static Behavior<Command> create(PreparedJob job, CompletableFuture<JobReport> report, boolean allItems,
      List<Watcher> watchers, Crew.Factory crew) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new PipelineSupervisor(
        context, timers, job, report, allItems, watchers, crew).start(job)));
  }

  private final TimerScheduler<Command> timers;
  private final FetchpipeSettings settings;
  private final CancelSettings cancelSettings;
  private final CompletableFuture<JobReport> whenDone;
  /** Started as the job was opened: the check of an earlier run's files counts in the job's time. */
  private final JobClock clock;
  private final ActorRef<DiskWriter.Command> writer;
  /** A cluster's job: max-in-flight is each node's, and the header says so. */
  private final boolean spreadOverNodes;
  private final Watchers watchers;
  private final JobLedger ledger;
  /** What the fetchers count as they go: bytes received and still to come, URLs waiting to retry. */
  private final FetchGauges gauges;
  private final CookieJar cookies; // the job's cookies in this JVM, written to fetch.cookies.save at the end
  /** The estimate of the time left that every status carries: the terminal and the live page show this one. */
  private final TimeLeft timeLeft = new TimeLeft();
  /** URLs waiting to retry at the last progress tick: a change is news for the watchers. */
  private int waitingToRetry;
  /** The URLs not yet started, read lazily from the plan: the job's work queue, kept in this one place. */
  private final Stream<JobItem> planned;
  private final Limits limits;
  private final JobUrls urls;

  /** When the HostOpens timer fires, on the job's clock; infinite when none is set. */
  private double wakeAtMs = Double.POSITIVE_INFINITY;

  /** RUNNING, DRAINING or ABORTING; the status shows DONE once every URL has ended. */
  private JobStatus.State phase = JobStatus.State.RUNNING;

  private PipelineSupervisor(ActorContext<Command> context, TimerScheduler<Command> timers, PreparedJob job,
      CompletableFuture<JobReport> whenDone, boolean allItems, List<Watcher> watchers, Crew.Factory crew) {
    super(context);
    this.timers = timers;
    this.settings = job.settings();
    this.watchers = new Watchers(watchers);
    this.cancelSettings = settings.cancel();
    this.whenDone = whenDone;
    this.clock = job.clock();
    JobPlan plan = job.plan();
    Map<Integer, JournalEntry> kept = job.resume().kept();
    this.planned = plan.stream();
    // Spread over a cluster, max-in-flight is each node's and max-per-host the whole cluster's (see Limits).
    this.spreadOverNodes = crew.spreadOverNodes();
    this.limits = spreadOverNodes
        ? Limits.acrossNodes(settings.fetch().maxInFlight(), settings.fetch().maxPerHostGiven(),
            settings.writer().poolSize(), settings.maxInFlightCeiling())
        : new Limits(settings.fetch().maxInFlight(), settings.fetch().maxPerHost(), settings.writer().poolSize(),
            settings.maxInFlightCeiling());
    limits.rates(settings.fetch().maxBytesPerSecond(), settings.fetch().maxBytesPerSecondPerUrl())
        .pace(settings.fetch().perHostDelay().toMillis(), settings.fetch().perHostRate());
    // A cluster's nodes each hold their own share of the rate: their coordinator tells them (see JobCoordinator).
    this.gauges = new FetchGauges(
        new BodyBytes(settings.fetch().maxBytesPerSecond(), settings.fetch().maxBytesPerSecondPerUrl()),
        // A cluster's nodes pace hosts with their own gates: this one only gates what this JVM's fetchers claim.
        spreadOverNodes ? new HostGate() : HostGate.of(settings.fetch()));
    gauges.hosts().onPause(pause -> context.getSelf().tell(new HostPaused(pause)));
    WorkQueue queue = new WorkQueue(planned.filter(item -> !kept.containsKey(item.index())).iterator(),
        limits.hostLimit(), limits.queueBound(), gauges.hosts(), clock::millis,
        HostRobots.forJob(context, settings, gauges.hosts(), clock::millis, HostOpens.INSTANCE, this.watchers::tell));
    this.ledger = new JobLedger(plan.site(), settings.job().outputDir().toString(), plan.size(), job.concurrency(), allItems,
        settings.fetch().net().insecure());
    this.writer = context.spawn(DiskWriter.create(settings.job().outputDir(), settings.writer().fsync(), job.journal(),
        job.takenNames(), reason -> context.getSelf().tell(new OutputDirGone(reason))), "writer",
        DispatcherSelector.fromConfig(settings.writer().dispatcher()));
    ActorRef<ItemResult> results = context.messageAdapter(ItemResult.class, FetchFinished::new);
    // Made once for the job, from its fitted config: equal settings let Pekko HTTP reuse its pools between jobs.
    this.cookies = CookieJar.of(settings.fetch().request().cookies().seed());
    Crew hired = crew.hire(new Crew.Job(context, settings, settings.connectionPool(), writer, results, clock, gauges,
        limits.current(), job.resume().partials(), job.resume().revalidate(), cookies));
    this.urls = new JobUrls(queue, hired, ledger, this.watchers, writer, clock, cancelSettings.maxErrors(),
        () -> context.getSelf().tell(new Cancel(CancelSource.MAX_ERRORS, ledger.errors() + " URLs ended in ERROR")));
  }

  private Behavior<Command> start(PreparedJob job) {
    watchers.tell(new JobEvent.Started(job.start(spreadOverNodes)));
    job.resume().kept().forEach((index, entry) ->
        urls.record(null, JobLedger.kept(index, entry, settings.job().outputDir(), clock.millis()), true));
    if (cancelSettings.hasDeadline()) {
      Duration deadline = cancelSettings.deadline();
      timers.startSingleTimer(new Cancel(CancelSource.DEADLINE, Cancellation.duration(deadline) + " passed"), deadline);
    }
    watchers.startTimers(timers, ProgressDue::new);
    handOut();
    return next();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FetchFinished.class, finished -> next(() -> urls.resultCame(finished.result(), running())))
        .onMessageEquals(Crew.RoomForMore.INSTANCE, () -> next(this::handOut))
        .onMessage(Crew.Freed.class, freed -> next(() -> onFreed(freed)))
        .onMessage(Crew.UrlsLost.class, lost -> next(() -> onUrlsLost(lost)))
        .onSignal(Terminated.class, stopped -> next(() -> onUrlsLost(urls.stopped(stopped.getRef()))))
        .onMessage(Crew.MayFetch.class, ask -> next(() -> urls.mayFetch(ask)))
        .onMessage(Cancel.class, cancel -> next(() -> onCancel(cancel)))
        .onMessage(OutputDirGone.class, gone -> next(() -> onOutputDirGone(gone)))
        .onMessageEquals(GraceOver.INSTANCE,
            () -> next(() -> abort("grace of " + Cancellation.duration(cancelSettings.grace()) + " over")))
        .onMessage(Resize.class, resize -> next(() -> onResize(resize)))
        .onMessage(HostPaused.class, paused -> next(() -> onHostPaused(paused.pause())))
        .onMessageEquals(HostOpens.INSTANCE, () -> next(() -> {
          wakeAtMs = Double.POSITIVE_INFINITY;
          handOut();
        }))
        .onMessage(GetStatus.class, get -> next(() -> get.replyTo().tell(status())))
        .onMessage(GetReport.class, get -> next(() -> get.replyTo().tell(report())))
        .onMessage(ProgressDue.class, due -> next(() -> {
          retriesChanged();
          watchers.due(due.watcher(), true, this::progress);
        }))
        .build();
  }

  /** Handles a message, then runs on, or is {@link #finishing} once every URL has ended. */
  private Behavior<Command> next(Runnable handler) {
    handler.run();
    return next();
  }

  private Behavior<Command> next() {
    return ledger.allDone() ? finishing() : this;
  }

  private boolean running() {
    return phase == JobStatus.State.RUNNING;
  }

  /** After a cancel no URL starts. URLs held back by their host's pause or pace are looked at again in time. */
  private void handOut() {
    if (!running()) return;
    urls.handOut();
    double waitMs = urls.nextOpeningMs();
    // 0: a host is open but the crew is full; its next free fetcher hands out more (no timer, or it would spin).
    if (waitMs <= 0 || waitMs == Double.POSITIVE_INFINITY) return;
    double at = clock.millis() + waitMs;
    if (at >= wakeAtMs) return; // an earlier wake-up is already set
    wakeAtMs = at;
    timers.startSingleTimer(HostOpens.INSTANCE, Duration.ofNanos((long) Math.ceil(waitMs * 1e6)).plusMillis(1));
  }

  /** Every URL of the host waits (the queue counts hosts from now on); the watchers hear it. */
  private void onHostPaused(HostPause pause) {
    urls.gateEngaged();
    watchers.tell(new JobEvent.HostPaused(pause));
    watchers.changed();
    handOut();
  }

  private void onFreed(Crew.Freed freed) {
    if (urls.freed(freed)) afterFetchEnded();
  }

  private void onUrlsLost(Crew.UrlsLost lost) {
    urls.lost(lost, running());
    afterFetchEnded();
  }

  /** A fetch has ended: the next URL may start; after a cancel, the report notes when the last busy fetcher let go. */
  private void afterFetchEnded() {
    if (!running() && urls.fetchesUnderWay() == 0) ledger.lastStopped(clock.millis());
    handOut();
  }

  private void onCancel(Cancel cancel) {
    if (!running()) {
      abort(cancel.source().label() + " again");
      return;
    }
    phase = JobStatus.State.DRAINING;
    double cancelledAtMs = clock.millis();
    urls.skipNotStarted();
    int inFlightAtCancel = urls.open();
    ledger.cancelled(cancel.source(), cancel.reason(), cancelledAtMs, inFlightAtCancel);
    // A dir gone is no cancel with a grace: the Aborting that follows at once says why.
    if (cancel.source() != CancelSource.OUTPUT_DIR_GONE) {
      watchers.tell(new JobEvent.Cancelling(cancel.source(), cancel.reason(), inFlightAtCancel, cancelSettings.grace()));
    }
    // No retry starts after a cancel: with max-errors, retries in the grace would add errors past the budget.
    urls.fetchers().forEach(fetcher -> fetcher.tell(Fetcher.NoMoreRetries.INSTANCE));
    if (inFlightAtCancel == 0) {
      ledger.lastStopped(cancelledAtMs);
    } else if (cancelSettings.grace().isZero()) {
      abort("no grace");
    } else {
      timers.startSingleTimer(GraceOver.INSTANCE, cancelSettings.grace());
    }
  }

  /** Nothing more can be saved: no URL starts, and those in flight are cut off now rather than fetched in vain. */
  private void onOutputDirGone(OutputDirGone gone) {
    if (running()) onCancel(new Cancel(CancelSource.OUTPUT_DIR_GONE, gone.reason()));
    abort(gone.reason());
  }

  private void abort(String why) {
    if (phase == JobStatus.State.ABORTING || urls.open() == 0) return;
    phase = JobStatus.State.ABORTING;
    ledger.aborted(clock.millis());
    timers.cancel(GraceOver.INSTANCE);
    watchers.tell(new JobEvent.Aborting(why, urls.open()));
    urls.fetchers().forEach(fetcher -> fetcher.tell(Fetcher.Abort.INSTANCE));
  }

  /**
   * New limits, in effect at once: more fetchers start now, or idle ones beyond the limit retire (busy ones when
   * free); the queue's per-host limit changes (counting hosts from now on if it starts to bind); the writer's pool
   * resizes without touching a write. Answered with the status after it.
   */
  private void onResize(Resize resize) {
    limits.nodes(urls.nodes());
    JobLimits before = limits.current();
    double atMs = clock.millis();
    if (limits.change(resize.order(), atMs)) {
      JobLimits now = limits.current();
      gauges.bytes().rates(now.maxBytesPerSecond(), now.maxBytesPerSecondPerUrl());
      // A cluster's nodes pace hosts with their own gates: the crew's resize tells them.
      if (now.paceDiffers(before) && !spreadOverNodes) {
        gauges.hosts().pace(now.perHostDelayMs(), now.perHostRate());
        urls.gateEngaged(); // a pace set now: the queue counts hosts, so a paced host's URLs wait there
      }
      urls.resize(now, limits.hostLimit(), limits.queueBound());
      if (now.writerThreads() != before.writerThreads()) {
        WriterPool.resize(getContext().getSystem(), settings.writer().dispatcher(), now.writerThreads());
      }
      watchers.tell(new JobEvent.Resized(atMs, now));
      handOut();
    }
    resize.replyTo().tell(status());
  }

  // --- the end ------------------------------------------------------------------------------------------------------

  /**
   * Every URL has ended: the writer's last journal lines are awaited before the job ends, so that whoever closes the
   * job's journal next (run, the daemon) loses none. A writer that does not answer in time is not waited for longer:
   * the lines it owes are not needed to resume. Meanwhile the job still answers; it takes no cancel or resize (nothing
   * is left to change), says no to a fetcher that asks for a URL, and notes when the last busy fetcher lets go.
   */
  private Behavior<Command> finishing() {
    var save = settings.fetch().request().cookies().save(); // the jar is written before the flush is answered
    if (save != null) writer.tell(new DiskWriter.SaveCookies(save, cookies.all()));
    getContext().ask(DiskWriter.Flushed.class, writer, FLUSH_TIMEOUT, DiskWriter.Flush::new,
        (flushed, failure) -> WriterFlushed.INSTANCE);
    return Behaviors.receive(Command.class)
        .onMessageEquals(WriterFlushed.INSTANCE, this::end)
        .onMessage(GetStatus.class, get -> same(() -> get.replyTo().tell(status())))
        .onMessage(GetReport.class, get -> same(() -> get.replyTo().tell(report())))
        .onMessage(Resize.class, resize -> same(() -> resize.replyTo().tell(status())))
        .onMessage(Crew.MayFetch.class, ask -> same(() ->
            ask.replyTo().tell(new Crew.MayFetch.Answer(ask.index(), ask.fetcher(), false))))
        .onMessage(Crew.Freed.class, freed -> same(() -> onFreed(freed)))
        .onMessage(Crew.UrlsLost.class, lost -> same(() -> onUrlsLost(lost)))
        .onSignal(Terminated.class, stopped -> same(() -> onUrlsLost(urls.stopped(stopped.getRef()))))
        // Results of URLs already ended, cancels, the grace's end, progress ticks, room for more: nothing left to do.
        .onAnyMessage(ignored -> Behaviors.same())
        .build();
  }

  private Behavior<Command> end() {
    planned.close();
    JobReport report = report();
    watchers.tell(new JobEvent.Ended(status(), report));
    whenDone.complete(report);
    return Behaviors.stopped();
  }

  // --- status and report --------------------------------------------------------------------------------------------

  /** A fetcher starts or ends a wait for its retry without a word to the supervisor: the tick sees the count move. */
  private void retriesChanged() {
    int now = gauges.waitingToRetry();
    if (now != waitingToRetry) watchers.changed();
    waitingToRetry = now;
  }

  private JobEvent.Progress progress() {
    return new JobEvent.Progress(status(), gauges.received());
  }

  private JobStatus status() {
    // With max-per-host off, a cluster's limit on a host is every node's slots: as many as fetch for the job now.
    limits.nodes(urls.nodes());
    JobStatus status = urls.status(phase, clock.elapsedMillis(), limits.current());
    Long left = status.state() != JobStatus.State.RUNNING ? null : timeLeft.estimate(status.elapsedMs(), status.done(),
        status.total(), gauges.received(), gauges.bytesLeft());
    return status.withWaitingAndTimeLeft(gauges.waitingToRetry(), left)
        .withHostPauses(gauges.hosts().pausedAt(clock.millis()));
  }

  /** The report as far as the job got; at the end, the job's report. */
  private JobReport report() {
    HostGate hosts = gauges.hosts();
    return ledger.report(clock.elapsedMillis(), limits.changes()).withHostPauses(hosts.history(), hosts.pausesSeen());
  }
}
