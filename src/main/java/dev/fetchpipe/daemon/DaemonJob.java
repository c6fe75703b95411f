package dev.fetchpipe.daemon;

import static dev.fetchpipe.pekko.Stages.tell;
import static dev.fetchpipe.pekko.Stages.same;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.cluster.ClusterCrew;
import dev.fetchpipe.cluster.ClusterJob;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.pekko.Failures;
import dev.fetchpipe.pipeline.Crew;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.LimitOrder;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.pipeline.PreparedJob;
import dev.fetchpipe.pipeline.Watcher;
import dev.fetchpipe.pipeline.WriterPool;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.PlainWords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One job in the daemon, from submission to long after its end. It prepares the job (output dir locked, journal
 * read) on the blocking-io dispatcher, keeps it in the state dir, runs its {@link PipelineSupervisor} as a child,
 * passes the supervisor's events on to every subscribed event stream, and carries the API's questions and orders
 * (status, report, cancel, resize) to it. When the job ends it releases the output dir and writes the files the
 * submitter asked for, tells its end, and then keeps its report and final status in the state dir; then it stays,
 * answering with the final status.
 *
 * <p>Each stage is a behaviour of its own: {@link #preparing}, {@link #running}, {@link #recordingEnd} (the actors are
 * done, the end is being recorded), {@link #keepingEnd} (the end is told, and being written to the state dir) and
 * {@link #ended}. A job cut off because the daemon is stopping ({@link Stop}) is not recorded as ended: the next start
 * of the daemon carries it on from its journal, as after a {@code kill -9}.
 */
public final class DaemonJob {

  public interface Command {}

  /** The job's STATUS, as the API shows it. */
  public record GetStatus(ActorRef<ObjectNode> replyTo) implements Command {}

  /** The report as far as the job got: from the running job, or the file kept once it ended. */
  public record GetReport(ActorRef<ReportAnswer> replyTo) implements Command {}

  /** A running job's report ({@code live}), or where an ended job's is kept ({@code stored}), or neither. */
  public record ReportAnswer(JobReport live, Path stored) {}

  /**
   * Cancel gracefully, or abort when {@code abort} or when a cancel is already under way. {@code source} is REQUEST,
   * or the signal a client was given (its Ctrl-C), so that the job ends as run's would.
   */
  public record Cancel(CancelSource source, boolean abort, String reason, ActorRef<ApiReply> replyTo)
      implements Command {}

  /** New limits (null: unchanged), already checked against the daemon's. */
  public record Resize(LimitOrder order, ActorRef<ApiReply> replyTo) implements Command {}

  /**
   * Send this stream the job's events from now on: at once its status, and {@code end} when it ends; an {@code item}
   * event per URL only when {@code items}.
   */
  public record Subscribe(ActorRef<JobFeed> subscriber, boolean items) implements Command {}

  /** The daemon is stopping: the first Stop cancels the job gracefully, a second aborts it. */
  public record Stop(CancelSource source) implements Command {}

  /** The job's owner ({@link JobOwner}) went away, its stream ended. */
  private enum OwnerGone implements Command { INSTANCE }

  private record Prepared(PreparedJob job) implements Command {}

  private record PrepareFailed(Throwable cause) implements Command {}

  private record Checking(ObjectNode data) implements Command {}

  private record FromJob(JobEvent event) implements Command {}

  private record Finished(JobReport report) implements Command {}

  private enum SupervisorStopped implements Command { INSTANCE }

  private record Closed(ObjectNode finalStatus) implements Command {}

  /** The job's output dir is released and its requested files written: its end can be told, then kept. */
  private record Released(ObjectNode finalStatus) implements Command {}

  /** The ended job's report and status are in the state dir now, or could not be put there ({@code failure}). */
  private record Kept(Throwable failure) implements Command {}

  private record SubscriberGone(ActorRef<JobFeed> subscriber) implements Command {}

  /** The supervisor's status just after it started, or null when it did not answer. */
  private record FirstStatus(JobStatus status) implements Command {}

  /** The supervisor's answer to a question, or the last status known when none came, for {@code reply}. */
  private record Answered(JobStatus status, Consumer<ObjectNode> reply) implements Command {}

  private record ReportAnswered(JobReport report, ActorRef<ReportAnswer> replyTo) implements Command {}

  /** How long the supervisor may take to answer a question; it answers at once unless the machine is stalled. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A job to start: new (then {@code starter} hears 201 or why not, and the job is kept in the state dir first) or
   * carried on after a restart ({@code starter} null).
   */
  static Behavior<Command> create(DaemonJobContext daemon, StoredJob stored, FetchpipeSettings settings, boolean isNew,
      ActorRef<ApiReply> starter, JobOwner owner) {
    return Behaviors.setup(context -> new DaemonJob(context, daemon, stored, settings, starter, owner).prepare(isNew));
  }

  /** A job that ended in an earlier life of the daemon: it only answers with its final status and report. */
  static Behavior<Command> ended(DaemonJobContext daemon, StoredJob stored, ObjectNode finalStatus) {
    return Behaviors.setup(context -> new DaemonJob(context, daemon, stored, null, null, null).ended(finalStatus, null));
  }

  private final ActorContext<Command> context;
  private final DaemonJobContext daemon;
  private final StoredJob stored;
  private final FetchpipeSettings settings;
  private final JobAudience audience;
  private final StatusAnswers answers = new StatusAnswers();
  /** The connection the job belongs to, or null. */
  private final JobOwner owner;

  /** Who waits for the 201 of a new job, until it has it. */
  private final Starter starter;

  private DaemonJob(ActorContext<Command> context, DaemonJobContext daemon, StoredJob stored, FetchpipeSettings settings,
      ActorRef<ApiReply> starter, JobOwner owner) {
    this.context = context;
    this.daemon = daemon;
    this.stored = stored;
    this.settings = settings;
    this.starter = new Starter(starter);
    this.owner = owner;
    this.audience = JobAudience.of(stored, settings, context.getSystem(), daemon.registry());
    if (owner != null) {
      audience.owner(owner.stream());
      // Watched from the start: a client gone while the job is being prepared is noticed too.
      context.watchWith(owner.stream(), OwnerGone.INSTANCE);
    }
  }

  private String id() {
    return stored.id();
  }

  // --- the stages --------------------------------------------------------------------------------------------------

  private Behavior<Command> prepare(boolean isNew) {
    if (settings.fetch().net().insecure()) context.getLog().warn("job {} runs with fetch.tls.insecure on", id());
    ActorRef<Command> self = context.getSelf();
    context.pipeToSelf(JobOpening.async(settings, stored, daemon, isNew, owner, data -> self.tell(new Checking(data))),
        (job, failure) -> failure == null ? new Prepared(job) : new PrepareFailed(Failures.cause(failure)));
    return preparing(null, false);
  }

  /** The output dir is locked and the journal read; no start if the daemon stops or its client goes meanwhile. */
  private Behavior<Command> preparing(CancelSource stoppedBy, boolean orphaned) {
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Prepared.class, prepared -> stoppedBy == null && !orphaned ? start(prepared.job())
            : notStarted(prepared.job(), orphaned))
        .onMessage(PrepareFailed.class, this::onPrepareFailed)
        .onMessage(Checking.class, checking -> same(() -> audience.checking(checking.data(), this::answerCreated)))
        .onMessage(GetStatus.class, get -> tell(get.replyTo(), audience.json(null)))
        .onMessage(GetReport.class, get -> tell(get.replyTo(), new ReportAnswer(null, null)))
        .onMessageEquals(OwnerGone.INSTANCE, () -> preparing(stoppedBy, true))
        .onMessage(Stop.class, stop -> stoppedBy == null ? preparing(stop.source(), orphaned) : Behaviors.same()),
        "is still starting");
  }

  /** The supervisor runs the job; the daemon may be stopping ({@code stoppedBy}), or its client gone ({@code orphaned}). */
  private Behavior<Command> running(PreparedJob prepared, ActorRef<PipelineSupervisor.Command> supervisor,
      CancelSource stoppedBy, boolean orphaned) {
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Finished.class, finished -> onFinished(prepared, finished.report(), stoppedBy, orphaned))
        .onMessageEquals(SupervisorStopped.INSTANCE, () -> onSupervisorFailed(prepared))
        .onMessage(FirstStatus.class, first -> same(() -> {
          audience.firstStatus(first.status());
          answerCreated();
        }))
        .onMessage(GetStatus.class, get -> askStatus(supervisor, get.replyTo()::tell))
        .onMessage(GetReport.class, get -> same(() -> context.ask(JobReport.class, supervisor, ASK_TIMEOUT,
            PipelineSupervisor.GetReport::new, (live, failure) -> new ReportAnswered(live, get.replyTo()))))
        .onMessage(Cancel.class, cancel -> {
          String reason = cancel.reason() == null || cancel.reason().isBlank() ? "" : cancel.reason().strip();
          supervisor.tell(new PipelineSupervisor.Cancel(cancel.source(), reason));
          // A cancel while one is under way aborts: so a second one, sent now, turns this one into an abort.
          if (cancel.abort()) supervisor.tell(new PipelineSupervisor.Cancel(cancel.source(), reason));
          return askStatus(supervisor, status -> cancel.replyTo().tell(new ApiReply(202, status)));
        })
        .onMessageEquals(OwnerGone.INSTANCE, () -> {
          if (orphaned) return Behaviors.same();
          // A run into the same output dir meanwhile waits for the abort: the registry hears the job is orphaned.
          daemon.registry().tell(new JobRegistry.Orphaned(id()));
          JobOwner.abort(supervisor);
          return running(prepared, supervisor, stoppedBy, true);
        })
        .onMessage(Resize.class, resize -> same(() -> context.ask(JobStatus.class, supervisor, ASK_TIMEOUT,
            replyTo -> new PipelineSupervisor.Resize(resize.order(), replyTo),
            (status, failure) -> new Answered(status != null ? status : audience.last(),
                answer -> resize.replyTo().tell(new ApiReply(200, answer))))))
        .onMessage(Stop.class, stop -> {
          supervisor.tell(new PipelineSupervisor.Cancel(stop.source(), "the daemon is stopping"));
          return stoppedBy == null ? running(prepared, supervisor, stop.source(), orphaned) : Behaviors.same();
        }), "is running");
  }

  /**
   * The job's actors are done (or failed): its output dir is being released and the files asked for written, before
   * its end is told. {@code report}: the ended job's report, or null when its supervisor failed.
   */
  private Behavior<Command> recordingEnd(JobReport report, boolean carryOn) {
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Released.class, released -> keepingEnd(released.finalStatus(), report, carryOn))
        .onMessage(Closed.class, closed -> {
          recordEnd(closed.finalStatus(), false);
          return ended(closed.finalStatus(), null);
        })
        .onMessage(GetStatus.class, get -> same(() -> answers.answerAtEnd(get.replyTo()::tell)))
        .onMessage(GetReport.class, get -> tell(get.replyTo(), endReport(report))), "has ended");
  }

  /**
   * The end is told, and is being kept in the state dir (the report of every URL is written after the end is told);
   * a report asked for meanwhile is answered from memory.
   */
  private Behavior<Command> keepingEnd(ObjectNode finalStatus, JobReport report, boolean carryOn) {
    recordEnd(finalStatus, true);
    CompletableFuture<Void> keeping = CompletableFuture.runAsync(
        () -> EndFiles.keep(daemon.stateDir(), id(), finalStatus, report, carryOn), daemon.blockingIo());
    context.pipeToSelf(keeping, (ignored, failure) -> new Kept(failure == null ? null : Failures.cause(failure)));
    return onceEnded(finalStatus, report, Behaviors.receive(Command.class)
        .onMessage(Kept.class, kept -> {
          daemon.registry().tell(new JobRegistry.EndKept(id()));
          if (kept.failure() == null) return ended(finalStatus, null); // the report is read from the state dir now
          // The report stays in memory, so this daemon still answers with it; its next start carries the job on.
          context.getLog().error("job {} ended, but its end could not be kept in the state dir ({}); the next start"
              + " of the daemon carries it on from its journal", id(), PlainWords.of(kept.failure()));
          return ended(finalStatus, report);
        }));
  }

  /** The job has ended and its end is recorded: it only answers. {@code report}: kept in memory, or null (on disk). */
  private Behavior<Command> ended(ObjectNode finalStatus, JobReport report) {
    return onceEnded(finalStatus, report, Behaviors.receive(Command.class));
  }

  /** What a job whose end is recorded answers, after the stage's own cases. */
  private Behavior<Command> onceEnded(ObjectNode finalStatus, JobReport report, BehaviorBuilder<Command> stage) {
    return withCommon(stage
        .onMessage(GetStatus.class, get -> tell(get.replyTo(), finalStatus))
        .onMessage(GetReport.class, get -> tell(get.replyTo(), endReport(report)))
        .onMessage(Subscribe.class, ended -> same(() -> {
          audience.catchUp(ended.subscriber());
          Subscribers.endedAlready(ended.subscriber(), finalStatus);
        })),
        "has ended");
  }

  /**
   * What every stage does alike, after its own cases (the first case that matches a message wins); a stage that does
   * not run the job refuses a cancel or resize with 409, saying {@code whyNot}.
   */
  private Behavior<Command> withCommon(BehaviorBuilder<Command> stage, String whyNot) {
    return stage
        .onMessage(Cancel.class, cancel -> tell(cancel.replyTo(), ApiReply.error(409, "job " + id() + " " + whyNot)))
        .onMessage(Resize.class, resize -> tell(resize.replyTo(), ApiReply.error(409, "job " + id() + " " + whyNot)))
        .onMessage(FromJob.class, event -> same(() -> audience.observe(event.event())))
        .onMessage(Answered.class, answered -> same(() -> answers.answer(answered.status(), audience::json, answered.reply())))
        .onMessage(ReportAnswered.class, answered -> tell(answered.replyTo(), new ReportAnswer(answered.report(), null)))
        .onMessage(FirstStatus.class, first -> same(this::answerCreated))
        .onMessage(Subscribe.class, subscribe -> {
          context.watchWith(subscribe.subscriber(), new SubscriberGone(subscribe.subscriber()));
          audience.subscribe(subscribe.subscriber(), subscribe.items());
          return Behaviors.same();
        })
        .onMessage(SubscriberGone.class, gone -> same(() -> audience.unsubscribe(gone.subscriber())))
        // The supervisor stops once it has finished: only in running does its stop mean a failure.
        .onMessageEquals(SupervisorStopped.INSTANCE, Behaviors::same)
        .onMessage(Stop.class, stop -> Behaviors.same())
        // A client gone once the job's end is told or being recorded changes nothing.
        .onMessageEquals(OwnerGone.INSTANCE, Behaviors::same)
        .build();
  }

  // --- starting ----------------------------------------------------------------------------------------------------

  private Behavior<Command> start(PreparedJob prepared) {
    var system = context.getSystem();
    String writers = settings.writer().dispatcher();
    audience.started(daemon.metrics().job(id(), () -> WriterPool.of(system, writers)));
    CompletableFuture<JobReport> whenDone = new CompletableFuture<>();
    ActorRef<JobEvent> events = context.messageAdapter(JobEvent.class, FromJob::new);
    List<Watcher> watchers = new ArrayList<>(List.of(Watcher.ofStatus(events)));
    if (owner != null) owner.progress(context, audience::json).ifPresent(watchers::add);
    ActorRef<PipelineSupervisor.Command> supervisor = context.spawn(
        PipelineSupervisor.create(prepared, whenDone, true, watchers,
            daemon.cluster() ? ClusterCrew.of(new ClusterJob(id(), stored.config())) : Crew.local()), "supervisor");
    context.watchWith(supervisor, SupervisorStopped.INSTANCE);
    context.pipeToSelf(whenDone, (done, failure) -> failure == null ? new Finished(done) : SupervisorStopped.INSTANCE);
    // The 201 waits for the supervisor's first status: its first progress event comes a progress interval later, and
    // until then the list (and a stream's first event) would show the job STARTING after its 201 said RUNNING, to a
    // client as quick as `fetchpipe jobs` now is. The job runs meanwhile.
    context.ask(JobStatus.class, supervisor, ASK_TIMEOUT, PipelineSupervisor.GetStatus::new,
        (status, failure) -> new FirstStatus(status));
    return running(prepared, supervisor, null, false);
  }

  /** The daemon began stopping while the job was prepared (its next start runs it), or its client went away. */
  private Behavior<Command> notStarted(PreparedJob prepared, boolean orphaned) {
    daemon.blockingIo().execute(prepared::close);
    starter.answer(ApiReply.error(503, orphaned ? JobOwner.GONE
        : "the daemon is stopping; the job is kept and starts with the daemon's next start"));
    daemon.registry().tell(new JobRegistry.JobGone(id()));
    return Behaviors.stopped();
  }

  /** The 201, once; a job that ends before its first status (or whose supervisor failed) has it then. */
  private void answerCreated() {
    starter.answer(new ApiReply(201, StatusJson.created(id(), settings.progress(), audience.checked())));
  }

  private Behavior<Command> onPrepareFailed(PrepareFailed failed) {
    String message = JobOpening.message(failed.cause());
    if (starter.waiting()) {
      starter.answer(JobOpening.refusal(failed.cause()));
      daemon.registry().tell(new JobRegistry.JobGone(id()));
      return Behaviors.stopped();
    }
    // Carried on after a restart, and it cannot start now (its output dir is gone, say): it ends here, for good.
    context.getLog().warn("job {} cannot be carried on: {}", id(), message);
    ObjectNode status = StatusJson.failedToStart(id(), stored.submittedAt(), message);
    recordEnd(status, false);
    return ended(status, null);
  }

  /** Asks the supervisor for its status, to {@code reply} with (see {@link StatusAnswers}). */
  private Behavior<Command> askStatus(ActorRef<PipelineSupervisor.Command> supervisor, Consumer<ObjectNode> reply) {
    return same(() -> context.ask(JobStatus.class, supervisor, ASK_TIMEOUT, PipelineSupervisor.GetStatus::new,
        (status, failure) -> new Answered(status != null ? status : audience.last(), reply)));
  }

  // --- ending ------------------------------------------------------------------------------------------------------

  private Behavior<Command> onFinished(PreparedJob prepared, JobReport report, CancelSource stoppedBy,
      boolean orphaned) {
    answerCreated();
    ObjectNode status = StatusJson.withSummary(audience.json(audience.last(), report.exitCode()), report);
    // Only what the end's listener relies on comes before the end: the state dir's copy of the report (every URL)
    // is written after it (see keepingEnd). A job whose client went away writes nothing for it, as run killed would not.
    CompletableFuture<ObjectNode> releasing = CompletableFuture.supplyAsync(
        () -> EndFiles.release(prepared, stored, status, report, !orphaned), daemon.blockingIo());
    context.pipeToSelf(releasing, (released, failure) -> failure == null ? new Released(released)
        : new Closed(StatusJson.unrecorded(status, PlainWords.of(Failures.cause(failure)))));
    // Cut off by the daemon's stop: kept as unfinished, so the next start carries it on (not run's: its client saw it end).
    return recordingEnd(report, stoppedBy != null && report.counts().stopped() > 0 && stored.run() == null);
  }

  /** The supervisor stopped without a report: it failed. The job ends as a failure of fetchpipe itself. */
  private Behavior<Command> onSupervisorFailed(PreparedJob prepared) {
    answerCreated();
    context.getLog().error("job {}: its supervisor stopped without finishing the job", id());
    ObjectNode status = StatusJson.supervisorFailed(audience.json(audience.last(), 1));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(prepared::close, daemon.blockingIo());
    context.pipeToSelf(closing, (ignored, failure) -> new Closed(status));
    return recordingEnd(null, false);
  }

  /**
   * From now on the job only answers, with this status. {@code keeping}: its end is still to be written to the state
   * dir, and the registry hears {@link JobRegistry.EndKept} once it is (a daemon that stops waits for that).
   */
  private void recordEnd(ObjectNode status, boolean keeping) {
    audience.end(status, keeping);
    answers.recorded(status);
  }

  // --- answers -----------------------------------------------------------------------------------------------------

  /** An ended job's report: {@code report} when it is in memory, else where it is kept. */
  private ReportAnswer endReport(JobReport report) {
    return report != null ? new ReportAnswer(report, null) : new ReportAnswer(null, daemon.stateDir().reportFile(id()));
  }
}
