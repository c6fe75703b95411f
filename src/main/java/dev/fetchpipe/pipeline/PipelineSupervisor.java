package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Summary;
import dev.fetchpipe.report.Timings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The guardian of one job, like the supervisor coroutine of Fluent Python's flags2_asyncio.py. It owns the work
 * queue: it keeps at most max-in-flight {@link Fetcher}s alive (one per URL; the rest wait in its queue), spawns the
 * {@link DiskWriter} on the blocking-io dispatcher and the {@link Spinner}, collects one {@link ItemResult} per URL,
 * stops the spinner with a message, prints the summary, hands the {@link JobReport} to {@code whenDone}, and stops,
 * which ends the actor system when it is the guardian.
 */
public final class PipelineSupervisor extends AbstractBehavior<PipelineSupervisor.Command> {

  public interface Command {}

  private record FetchFinished(ItemResult result) implements Command {}

  private record FetcherStopped(int index) implements Command {}

  private enum SpinnerStopped implements Command { INSTANCE }

  public static Behavior<Command> create(
      JobPlan plan, FetchpipeSettings settings, Spinner.Mode progress, PrintStream out, CompletableFuture<JobReport> whenDone) {
    return Behaviors.setup(context -> new PipelineSupervisor(context, plan, settings, progress, out, whenDone).start());
  }

  private final JobPlan plan;
  private final FetchpipeSettings settings;
  private final PrintStream out;
  private final CompletableFuture<JobReport> whenDone;
  private final JobClock clock = JobClock.startNow();
  private final ActorRef<DiskWriter.Command> writer;
  private final ActorRef<Spinner.Command> spinner;
  private final ActorRef<ItemResult> results;
  private final int concurrency;

  /** The URLs not yet started: the job's work queue, kept in this one place. */
  private final Deque<JobItem> waiting;
  private final ItemResult[] finished;
  private int done;
  private int inFlight;
  private long bytes;

  private PipelineSupervisor(ActorContext<Command> context, JobPlan plan, FetchpipeSettings settings,
      Spinner.Mode progress, PrintStream out, CompletableFuture<JobReport> whenDone) {
    super(context);
    this.plan = plan;
    this.settings = settings;
    this.out = out;
    this.whenDone = whenDone;
    this.waiting = new ArrayDeque<>(plan.items());
    this.finished = new ItemResult[plan.items().size()];
    long fetchable = plan.items().stream().filter(JobItem::fetchable).count();
    this.concurrency = (int) Math.max(1, Math.min(settings.fetch().maxInFlight(), fetchable));
    Path outputDir = settings.job().outputDir();
    this.writer = context.spawn(DiskWriter.create(outputDir, settings.writer().fsync()), "writer",
        DispatcherSelector.fromConfig(settings.writer().dispatcher()));
    this.spinner = context.spawn(Spinner.create(progress, progressInterval(progress), finished.length, clock, out), "spinner");
    context.watchWith(spinner, SpinnerStopped.INSTANCE);
    this.results = context.messageAdapter(ItemResult.class, FetchFinished::new);
  }

  private Duration progressInterval(Spinner.Mode progress) {
    return progress == Spinner.Mode.SPINNER ? settings.progress().spinnerInterval() : settings.progress().plainInterval();
  }

  private Behavior<Command> start() {
    out.print(Summary.header(plan, concurrency, settings.job().outputDir()));
    out.flush();
    startFetchers();
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FetchFinished.class, this::onFetchFinished)
        .onMessage(FetcherStopped.class, this::onFetcherStopped)
        .onMessageEquals(SpinnerStopped.INSTANCE, this::onSpinnerStopped)
        .build();
  }

  /** Start fetchers until max-in-flight are alive or the queue is empty; unusable URLs end here as ERROR. */
  private void startFetchers() {
    while (inFlight < concurrency && !waiting.isEmpty()) {
      JobItem item = waiting.poll();
      if (!item.fetchable()) {
        record(new ItemResult(item.index(), item.url(), Outcome.ERROR, null, 0, null, null, item.problem(), null,
            new Timings(0.0, null, null, null, clock.millis())));
        continue;
      }
      ActorRef<Fetcher.Command> fetcher = getContext().spawn(
          Fetcher.create(item, settings.fetch(), writer, results, clock, 0.0), "fetch-" + item.index());
      getContext().watchWith(fetcher, new FetcherStopped(item.index()));
      inFlight++;
    }
    spinner.tell(new Spinner.Progress(done, inFlight, bytes));
    if (done == finished.length) spinner.tell(Spinner.Stop.INSTANCE);
  }

  private void record(ItemResult result) {
    finished[result.index()] = result;
    done++;
    bytes += result.bytes();
  }

  private Behavior<Command> onFetchFinished(FetchFinished message) {
    record(message.result());
    return this;
  }

  /** A fetcher that stopped without a result (it failed) still ends its URL, as an ERROR. */
  private Behavior<Command> onFetcherStopped(FetcherStopped stopped) {
    inFlight--;
    if (finished[stopped.index()] == null) {
      JobItem item = plan.items().get(stopped.index());
      record(new ItemResult(item.index(), item.url(), Outcome.ERROR, null, 0, null, null,
          "fetcher stopped without a result", null, new Timings(0.0, null, null, null, clock.millis())));
    }
    startFetchers();
    return this;
  }

  private Behavior<Command> onSpinnerStopped() {
    JobReport report = JobReport.of(plan.site(), concurrency, clock.elapsedMillis(), Arrays.asList(finished));
    out.print(Summary.footer(report));
    out.flush();
    whenDone.complete(report);
    return Behaviors.stopped();
  }
}
