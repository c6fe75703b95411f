package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.CancelSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Summary;
import dev.fetchpipe.report.Tally;
import dev.fetchpipe.report.Timings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The guardian of one job, like the supervisor coroutine of Fluent Python's flags2_asyncio.py. It owns the work
 * queue: it hands each URL to a free {@link Fetcher}, spawning one only while fewer than max-in-flight are alive (the
 * rest of the URLs wait in its queue; a fetcher says when it is {@link Fetcher.Free} for the next), spawns the
 * {@link DiskWriter} on the blocking-io dispatcher and the {@link Spinner}, collects one {@link ItemResult} per URL,
 * stops the spinner with a message, prints the summary, hands the {@link JobReport} to {@code whenDone}, and stops,
 * which ends the actor system when it is the guardian.
 *
 * <p>Cancelling takes two stages. The first {@link Cancel} stops the queue (every waiting URL is SKIPPED) and gives
 * the fetches in flight the grace period to finish; when it is over, or at a second Cancel, the rest are sent
 * {@link Fetcher.Abort} and end CANCELLED.
 */
public final class PipelineSupervisor extends AbstractBehavior<PipelineSupervisor.Command> {

  public interface Command {}

  /** Stop the job: the first one gracefully, a second one at once. */
  public record Cancel(CancelSource source, String reason) implements Command {}

  private record FetchFinished(ItemResult result) implements Command {}

  private record FetcherFree(Fetcher.Free free) implements Command {}

  private record FetcherStopped(ActorRef<Fetcher.Command> fetcher) implements Command {}

  private enum GraceOver implements Command { INSTANCE }

  private enum ProgressDue implements Command { INSTANCE }

  private enum SpinnerStopped implements Command { INSTANCE }

  private enum Phase { RUNNING, DRAINING, ABORTING }

  /**
   * The spinner hears of progress at most this often. It redraws on its own timer from the latest counts, and a message
   * per URL woke it (and a thread) thousands of times a second for nothing.
   */
  private static final double PROGRESS_EVERY_MS = 20;

  /**
   * @param resume  what an earlier run into the same output dir completed: those URLs are KEPT, not fetched
   * @param journal the output dir's journal, which the writer appends each final outcome to
   * @param report  where the finished job's report goes; with every URL's result when {@code allItems}, else only
   *                the first failures, so that a long job's memory stays flat
   */
  public static Behavior<Command> create(JobPlan plan, FetchpipeSettings settings, Resume resume, Journal journal,
      Spinner.Mode progress, PrintStream out, CompletableFuture<JobReport> report, boolean allItems) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new PipelineSupervisor(
        context, timers, plan, settings, resume, journal, progress, out, report, allItems).start()));
  }

  /** A URL being fetched, and its fetcher. */
  private record Running(JobItem item, ActorRef<Fetcher.Command> fetcher) {}

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
  private final ActorRef<ItemResult> results;
  private final ActorRef<Fetcher.Free> freed;
  private final int concurrency;
  /** Body bytes received so far, counted by the fetchers as they arrive: what the progress line shows. */
  private final LongAdder received = new LongAdder();

  /** The URLs not yet started, read lazily from the plan: the job's work queue, kept in this one place. */
  private final Stream<JobItem> planned;
  private final WorkQueue queue;
  /**
   * Busy fetchers and their URL; one that already reported but still waits for Pekko HTTP to let go of a request
   * stays busy. At most max-in-flight (concurrency): what keeps Pekko HTTP's pool from overflowing.
   */
  private final Map<ActorRef<Fetcher.Command>, JobItem> busy = new HashMap<>();
  /** Live fetchers with nothing to do: the next URL goes to one of these before a new one is spawned. */
  private final Deque<ActorRef<Fetcher.Command>> idle = new ArrayDeque<>();
  /** URLs whose fetcher has not reported yet, by index. */
  private final Map<Integer, Running> awaitingResult = new HashMap<>();
  private int fetchersSpawned;
  private final Tally tally = new Tally();
  private final boolean allItems;
  /** Every result when allItems, else the first failures only (the summary shows ten). */
  private final List<ItemResult> listed = new ArrayList<>();

  private Phase phase = Phase.RUNNING;
  private boolean spinnerStopSent;
  private double progressSentMs = -PROGRESS_EVERY_MS;
  /** A ProgressDue timer is running: counts changed since the spinner last heard. */
  private boolean progressDue;
  private CancelSource cancelSource;
  private String cancelReason;
  private double cancelledAtMs;
  private int inFlightAtCancel;
  private int finishedAfterCancel;
  private Double abortedAtMs;
  private Double lastStoppedMs;

  private PipelineSupervisor(ActorContext<Command> context, TimerScheduler<Command> timers, JobPlan plan,
      FetchpipeSettings settings, Resume resume, Journal journal, Spinner.Mode progress, PrintStream out,
      CompletableFuture<JobReport> whenDone, boolean allItems) {
    super(context);
    this.timers = timers;
    this.plan = plan;
    this.settings = settings;
    this.resume = resume;
    this.cancelSettings = settings.cancel();
    this.out = out;
    this.whenDone = whenDone;
    this.allItems = allItems;
    this.planned = plan.stream();
    this.queue = new WorkQueue(planned.filter(item -> !resume.kept().containsKey(item.index())).iterator(),
        settings.fetch().maxPerHost(), settings.fetch().maxInFlight());
    int toFetch = plan.fetchable() - resume.kept().size();
    this.concurrency = Math.max(1, Math.min(settings.fetch().maxInFlight(), toFetch));
    this.writer = context.spawn(DiskWriter.create(settings.job().outputDir(), settings.writer().fsync(), journal), "writer",
        DispatcherSelector.fromConfig(settings.writer().dispatcher()));
    this.spinner = context.spawn(
        Spinner.create(progress, progressInterval(progress), plan.size(), clock, out, received::sum), "spinner");
    context.watchWith(spinner, SpinnerStopped.INSTANCE);
    this.results = context.messageAdapter(ItemResult.class, FetchFinished::new);
    this.freed = context.messageAdapter(Fetcher.Free.class, FetcherFree::new);
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
    startFetchers();
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FetchFinished.class, this::onFetchFinished)
        .onMessage(FetcherFree.class, this::onFetcherFree)
        .onMessage(FetcherStopped.class, this::onFetcherStopped)
        .onMessage(Cancel.class, this::onCancel)
        .onMessageEquals(GraceOver.INSTANCE, () -> abort("grace of " + seconds(cancelSettings.grace()) + " over"))
        .onMessageEquals(ProgressDue.INSTANCE, this::onProgressDue)
        .onMessageEquals(SpinnerStopped.INSTANCE, this::onSpinnerStopped)
        .build();
  }

  /**
   * Hands out URLs until max-in-flight fetchers are busy or no URL may start now (the queue is empty, or every waiting
   * URL's host is at max-per-host); unusable URLs end here as ERROR.
   */
  private void startFetchers() {
    while (phase == Phase.RUNNING && busy.size() < concurrency) {
      JobItem item = queue.next();
      if (item == null) break;
      if (!item.fetchable()) {
        record(item, ended(item, Outcome.ERROR, item.problem()));
        continue;
      }
      ActorRef<Fetcher.Command> fetcher = idle.isEmpty() ? spawnFetcher() : idle.pop();
      busy.put(fetcher, item);
      awaitingResult.put(item.index(), new Running(item, fetcher));
      fetcher.tell(new Fetcher.Fetch(item));
    }
    showProgress();
  }

  private ActorRef<Fetcher.Command> spawnFetcher() {
    ActorRef<Fetcher.Command> fetcher = getContext().spawn(
        Fetcher.create(settings, writer, results, freed, clock, received), "fetcher-" + (++fetchersSpawned));
    getContext().watchWith(fetcher, new FetcherStopped(fetcher));
    return fetcher;
  }

  /**
   * Updates the spinner, now or (when it heard less than PROGRESS_EVERY_MS ago) on a timer; once every URL has ended,
   * stops it, which ends the job (see onSpinnerStopped).
   */
  private void showProgress() {
    // Fetchers still waiting for a late answer from Pekko HTTP do not hold the job up: their URLs have ended.
    if (allDone()) {
      if (spinnerStopSent) return;
      sendProgress();
      spinnerStopSent = true;
      spinner.tell(Spinner.Stop.INSTANCE);
      return;
    }
    double sinceSent = clock.millis() - progressSentMs;
    if (sinceSent >= PROGRESS_EVERY_MS) {
      sendProgress();
    } else if (!progressDue) {
      progressDue = true;
      timers.startSingleTimer(ProgressDue.INSTANCE, Duration.ofMillis((long) Math.ceil(PROGRESS_EVERY_MS - sinceSent)));
    }
  }

  private Behavior<Command> onProgressDue() {
    progressDue = false;
    if (!spinnerStopSent) sendProgress();
    return this;
  }

  private void sendProgress() {
    progressSentMs = clock.millis();
    spinner.tell(new Spinner.Progress(tally.ok() + tally.kept(), tally.notFound() + tally.errors() + tally.cancelled(),
        tally.skipped(), busy.size()));
  }

  private boolean allDone() {
    return tally.done() == plan.size();
  }

  /**
   * One URL has ended. Every final outcome but a saved or kept file (the writer journals those itself) goes to the
   * journal, under the item's file name; {@code item} is null only for a KEPT result.
   */
  private void record(JobItem item, ItemResult result) {
    tally.add(result);
    if (allItems || (Tally.isFailure(result) && listed.size() < Summary.ERRORS_SHOWN)) listed.add(result);
    if (result.outcome() != Outcome.OK && result.outcome() != Outcome.KEPT) {
      writer.tell(new DiskWriter.Record(new JournalEntry(result.url(), item.fileName(), result.outcome(), 0, null, result.error())));
    }
    if (phase != Phase.RUNNING && result.outcome() != Outcome.CANCELLED && result.outcome() != Outcome.SKIPPED) {
      finishedAfterCancel++;
    }
    int errors = tally.errors();
    if (cancelSettings.hasErrorBudget() && errors == cancelSettings.maxErrors() && phase == Phase.RUNNING) {
      getContext().getSelf().tell(new Cancel(CancelSource.MAX_ERRORS, errors + " URLs ended in ERROR"));
    }
  }

  private ItemResult kept(int index, JournalEntry entry) {
    return new ItemResult(index, entry.url(), Outcome.KEPT, null, entry.bytes(), entry.sha256(),
        settings.job().outputDir().resolve(entry.file()).toString(), null, null,
        new Timings(JobClock.QUEUED_MS, null, null, null, clock.millis()), List.of(), "already complete from an earlier run");
  }

  private ItemResult ended(JobItem item, Outcome outcome, String why) {
    return new ItemResult(item.index(), item.url(), outcome, null, 0, null, null, why, null,
        new Timings(JobClock.QUEUED_MS, null, null, null, clock.millis()), List.of(), item.nameNote());
  }

  private Behavior<Command> onFetchFinished(FetchFinished message) {
    // Already ended as "stopped without a result" if its stop was seen first: one outcome per URL.
    Running running = awaitingResult.remove(message.result().index());
    if (running == null) return this;
    record(running.item(), message.result());
    if (allDone()) showProgress();
    return this;
  }

  /** A fetcher is done with its URL, request and all: its host has one fetch less, and it takes the next URL. */
  private Behavior<Command> onFetcherFree(FetcherFree message) {
    ActorRef<Fetcher.Command> fetcher = message.free().fetcher();
    if (busy.remove(fetcher) == null) return this;
    queue.finished(message.free().item());
    idle.push(fetcher);
    afterFetchEnded();
    return this;
  }

  /** A fetcher that stopped (it failed) frees its slot; a URL it had not reported on yet ends as an ERROR. */
  private Behavior<Command> onFetcherStopped(FetcherStopped stopped) {
    idle.remove(stopped.fetcher());
    JobItem item = busy.remove(stopped.fetcher());
    if (item == null) return this;
    queue.finished(item);
    if (awaitingResult.remove(item.index()) != null) {
      record(item, ended(item, Outcome.ERROR, "fetcher stopped without a result"));
    }
    afterFetchEnded();
    return this;
  }

  private void afterFetchEnded() {
    if (phase != Phase.RUNNING && busy.isEmpty()) lastStoppedMs = clock.millis();
    startFetchers();
  }

  private Behavior<Command> onCancel(Cancel cancel) {
    if (allDone()) return this; // nothing left to cancel: the job is ending anyway
    if (phase != Phase.RUNNING) return abort(cancel.source().label() + " again");

    phase = Phase.DRAINING;
    cancelSource = cancel.source();
    cancelReason = cancel.reason();
    cancelledAtMs = clock.millis();
    inFlightAtCancel = awaitingResult.size();
    queue.drainTo(item -> record(item, ended(item, Outcome.SKIPPED, "never started: the job was cancelled")));

    // No retry starts after a cancel: with max-errors, retries in the grace would add errors past the budget.
    awaitingResult.values().forEach(running -> running.fetcher().tell(Fetcher.NoMoreRetries.INSTANCE));
    String again = cancel.source() == CancelSource.INTERRUPT ? "Ctrl-C again" : "cancel again";
    boolean noGrace = cancelSettings.grace().isZero();
    spinner.tell(new Spinner.Announce(String.format(Locale.ROOT, "Cancelling (%s): %d in flight, %s",
        cancel.source().describe(cancel.reason()), inFlightAtCancel,
        noGrace ? "no grace (cancel.grace = 0s)" : "waiting up to " + seconds(cancelSettings.grace()) + " -- " + again + " to abort now")));
    if (awaitingResult.isEmpty()) {
      lastStoppedMs = cancelledAtMs;
    } else if (noGrace) {
      abort("no grace");
    } else {
      timers.startSingleTimer(GraceOver.INSTANCE, cancelSettings.grace());
    }
    startFetchers();
    return this;
  }

  private Behavior<Command> abort(String why) {
    if (phase == Phase.ABORTING || awaitingResult.isEmpty()) return this;
    phase = Phase.ABORTING;
    abortedAtMs = clock.millis();
    timers.cancel(GraceOver.INSTANCE);
    spinner.tell(new Spinner.Announce("Aborting (" + why + "): cutting off " + awaitingResult.size() + " in flight"));
    awaitingResult.values().forEach(running -> running.fetcher().tell(Fetcher.Abort.INSTANCE));
    return this;
  }

  private Behavior<Command> onSpinnerStopped() {
    Cancellation cancellation = cancelSource == null ? null : new Cancellation(cancelSource, cancelReason,
        cancelledAtMs, inFlightAtCancel, finishedAfterCancel, abortedAtMs, lastStoppedMs);
    planned.close();
    if (allItems) listed.sort(Comparator.comparingInt(ItemResult::index));
    JobReport report = JobReport.of(plan.site(), plan.size(), concurrency, clock.elapsedMillis(), cancellation, tally,
        listed, allItems);
    out.print(Summary.footer(report));
    out.flush();
    whenDone.complete(report);
    return Behaviors.stopped();
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }
}
