package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.cluster.ClusterCrew;
import dev.fetchpipe.cluster.ClusterJob;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.job.OutputDirBusyException;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.metrics.JobMetrics;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.pipeline.Crew;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.pipeline.PreparedJob;
import dev.fetchpipe.pipeline.Watcher;
import dev.fetchpipe.pipeline.WriterPool;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.PlainWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One job in the daemon, from submission to long after its end. It prepares the job (output dir locked, journal
 * read) on the blocking-io dispatcher, keeps it in the state dir, runs its {@link PipelineSupervisor} as a child,
 * passes the supervisor's events on to every subscribed event stream, and carries the API's questions and orders
 * (status, report, cancel, resize) to it. When the job ends it releases the output dir and writes the files the
 * submitter asked for, tells its end, and then keeps its report and final status in the state dir; then it stays,
 * answering with the final status.
 *
 * <p>A job cut off because the daemon is stopping ({@link Stop}) is not recorded as ended: the next start of the
 * daemon carries it on from its journal, as after a {@code kill -9}.
 */
public final class DaemonJob extends AbstractBehavior<DaemonJob.Command> {

  public interface Command {}

  /** The job's STATUS, as the API shows it. */
  public record GetStatus(ActorRef<ObjectNode> replyTo) implements Command {}

  /** The report as far as the job got: from the running job, or the file kept once it ended. */
  public record GetReport(ActorRef<ReportAnswer> replyTo) implements Command {}

  /** A running job's report ({@code live}), or where an ended job's is kept ({@code stored}), or neither. */
  public record ReportAnswer(JobReport live, java.nio.file.Path stored) {}

  /**
   * Cancel gracefully, or abort when {@code abort} or when a cancel is already under way. {@code source} is REQUEST,
   * or the signal a client was given (its Ctrl-C), so that the job ends as run's would.
   */
  public record Cancel(CancelSource source, boolean abort, String reason, ActorRef<ApiReply> replyTo) implements Command {}

  /** New limits (null: unchanged), already checked against the daemon's. */
  public record Resize(Integer maxInFlight, Integer maxPerHost, Integer writerThreads, ActorRef<ApiReply> replyTo)
      implements Command {}

  /**
   * Send this stream the job's events from now on: at once its status, and {@code end} when it ends; an {@code item}
   * event per URL only when {@code items}.
   */
  public record Subscribe(ActorRef<JobFeed> subscriber, boolean items) implements Command {}

  /** The daemon is stopping: the first Stop cancels the job gracefully, a second aborts it. */
  public record Stop(CancelSource source) implements Command {}

  /**
   * The connection that submitted the job and follows it to its end ({@code run}'s): it hears the job's events but
   * items, the progress at {@code pace} (as run's console hears it); when it goes away before the end, the job is
   * aborted at once, and the files its client asked for are not written.
   */
  public record Owner(ActorRef<JobFeed> stream, Watcher.Pace pace) {}

  /** Why a job whose client went away ends. */
  static final String CLIENT_GONE = "its client went away";

  private enum OwnerGone implements Command { INSTANCE }

  private record Prepared(PreparedJob job) implements Command {}

  private record PrepareFailed(Throwable cause) implements Command {}

  private record FromJob(JobEvent event) implements Command {}

  private record Finished(JobReport report) implements Command {}

  private enum SupervisorStopped implements Command { INSTANCE }

  private record Closed(ObjectNode finalStatus) implements Command {}

  /** The job's output dir is released and its requested files written: its end can be told, then kept. */
  private record Released(ObjectNode finalStatus) implements Command {}

  /** The ended job's report and status are in the state dir now, or could not be put there ({@code failure}). */
  private record Kept(Throwable failure) implements Command {}

  private record SubscriberGone(ActorRef<JobFeed> subscriber) implements Command {}

  private record StatusAnswered(JobStatus status, ActorRef<ObjectNode> replyTo) implements Command {}

  /** The supervisor's status just after it started, or null when it did not answer. */
  private record FirstStatus(JobStatus status) implements Command {}

  private record Answered(JobStatus status, int httpStatus, ActorRef<ApiReply> replyTo) implements Command {}

  private record ReportAnswered(JobReport report, ActorRef<ReportAnswer> replyTo) implements Command {}

  /** How long the supervisor may take to answer a question; it answers at once unless the machine is stalled. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** What a daemon job needs from the daemon around it. */
  public record Context(StateDir stateDir, Executor blockingIo, ActorRef<JobRegistry.Command> registry,
      FetchpipeMetrics metrics, boolean cluster) {}

  /**
   * A job to start: new (then {@code starter} hears 201 or why not, and the job is kept in the state dir first) or
   * carried on after a restart ({@code starter} null).
   */
  static Behavior<Command> create(Context daemon, StoredJob stored, FetchpipeSettings settings, boolean isNew,
      ActorRef<ApiReply> starter, Owner owner) {
    return Behaviors.setup(context -> new DaemonJob(context, daemon, stored, settings, owner).prepare(isNew, starter));
  }

  /** A job that ended in an earlier life of the daemon: it only answers with its final status and report. */
  static Behavior<Command> ended(Context daemon, StoredJob stored, ObjectNode finalStatus) {
    return Behaviors.setup(context -> {
      DaemonJob job = new DaemonJob(context, daemon, stored, null, null);
      job.finalStatus = finalStatus;
      return job;
    });
  }

  private final Context daemon;
  private final StoredJob stored;
  private final FetchpipeSettings settings;
  /** The connection the job belongs to, or null. */
  private final Owner owner;
  private final Subscribers subscribers = new Subscribers();
  /** The job's numbers since it started, for a page that subscribes late (its chart starts at the job's start). */
  private final JobSeries series = new JobSeries(Watcher.Pace.STATUS.every().toMillis());
  /** Answers that wait for the job's end to be recorded (see endNotRecorded). */
  private final List<Consumer<ObjectNode>> awaitingEnd = new ArrayList<>();

  private ActorRef<ApiReply> starter;
  private PreparedJob prepared;
  private ActorRef<PipelineSupervisor.Command> supervisor;
  private JobStatus lastStatus;
  /** The job's series in GET /metrics, from its start; null before it starts and for a job that ended earlier. */
  private JobMetrics metrics;
  /** The job's actors are done (or failed); what is left is recording its end. */
  private boolean ending;
  /** The ended job's report, answered from here until it is in the state dir (its end is told before that). */
  private JobReport endReport;
  /** The job was cut off by the daemon's stop: it is kept as unfinished, to be carried on at the next start. */
  private boolean carryOn;
  private CancelSource stoppedBy;
  /** Its owner went away before its end: it is aborted, and writes none of the files its client asked for. */
  private boolean orphaned;
  /** What the job's header shows, as the {@code start} event carries it; null until it started. */
  private ObjectNode start;
  /** Set once the job has ended and its end is recorded: from then on the job only answers. */
  private ObjectNode finalStatus;

  private DaemonJob(ActorContext<Command> context, Context daemon, StoredJob stored, FetchpipeSettings settings,
      Owner owner) {
    super(context);
    this.daemon = daemon;
    this.stored = stored;
    this.settings = settings;
    this.owner = owner;
    if (owner != null) {
      // Its progress comes at its own pace (onPrepared), not with the other streams'.
      subscribers.add(owner.stream(), false, false);
      // Watched from the start: a client gone while the job is being prepared is noticed too.
      context.watchWith(owner.stream(), OwnerGone.INSTANCE);
    }
  }

  private String id() {
    return stored.id();
  }

  private DaemonJob prepare(boolean isNew, ActorRef<ApiReply> replyTo) {
    this.starter = replyTo;
    CompletableFuture<PreparedJob> opening = CompletableFuture.supplyAsync(() -> {
      PreparedJob job = PreparedJob.open(settings, OriginServer.forJob(settings));
      if (isNew) {
        try {
          daemon.stateDir().saveJob(stored);
        } catch (java.io.IOException | RuntimeException e) {
          job.close();
          throw new IllegalStateException("cannot keep the job in the state dir: " + PlainWords.of(e), e);
        }
      }
      return job;
    }, daemon.blockingIo());
    getContext().pipeToSelf(opening, (job, failure) -> failure == null ? new Prepared(job) : new PrepareFailed(unwrap(failure)));
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(PrepareFailed.class, this::onPrepareFailed)
        .onMessage(FromJob.class, this::onFromJob)
        .onMessage(Finished.class, this::onFinished)
        .onMessageEquals(SupervisorStopped.INSTANCE, this::onSupervisorStopped)
        .onMessage(Closed.class, this::onClosed)
        .onMessage(Released.class, this::onReleased)
        .onMessage(Kept.class, this::onKept)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(StatusAnswered.class, this::onStatusAnswered)
        .onMessage(FirstStatus.class, this::onFirstStatus)
        .onMessage(GetReport.class, this::onGetReport)
        .onMessage(ReportAnswered.class, answered -> {
          answered.replyTo().tell(new ReportAnswer(answered.report(), null));
          return this;
        })
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(Resize.class, this::onResize)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(SubscriberGone.class, gone -> {
          subscribers.remove(gone.subscriber());
          return this;
        })
        .onMessage(Stop.class, this::onStop)
        .onMessageEquals(OwnerGone.INSTANCE, this::onOwnerGone)
        .build();
  }

  // --- starting ----------------------------------------------------------------------------------------------------

  private Behavior<Command> onPrepared(Prepared message) {
    prepared = message.job();
    if (stoppedBy != null || orphaned) {
      // The daemon began stopping (or the client went away) while the job was being prepared: nothing was fetched;
      // the next start of the daemon runs a job it keeps.
      daemon.blockingIo().execute(prepared::close);
      answerStarter(ApiReply.error(503, orphaned ? "the client went away"
          : "the daemon is stopping; the job is kept and starts with the daemon's next start"));
      daemon.registry().tell(new JobRegistry.JobGone(id()));
      return Behaviors.stopped();
    }
    var system = getContext().getSystem();
    String writers = settings.writer().dispatcher();
    metrics = daemon.metrics().job(id(), () -> WriterPool.of(system, writers));
    CompletableFuture<JobReport> whenDone = new CompletableFuture<>();
    ActorRef<JobEvent> events = getContext().messageAdapter(JobEvent.class, FromJob::new);
    List<Watcher> watchers = new ArrayList<>(List.of(Watcher.ofStatus(events)));
    if (owner != null && owner.pace().every() != null) {
      ActorRef<JobEvent> ownersProgress = getContext().spawn(OwnerProgress.create(owner.stream(),
          status -> statusJson(status, null)), "owner-progress");
      watchers.add(new Watcher(ownersProgress, owner.pace(), false));
    }
    supervisor = getContext().spawn(
        PipelineSupervisor.create(prepared, whenDone, true, watchers,
            daemon.cluster() ? ClusterCrew.of(new ClusterJob(id(), stored.config())) : Crew.local()), "supervisor");
    getContext().watchWith(supervisor, SupervisorStopped.INSTANCE);
    getContext().pipeToSelf(whenDone, (done, failure) -> failure == null ? new Finished(done) : SupervisorStopped.INSTANCE);
    // The 201 waits for the supervisor's first status: its first progress event comes a progress interval later, and
    // until then the list (and a stream's first event) would show the job STARTING after its 201 said RUNNING, to a
    // client as quick as `fetchpipe jobs` now is. The job runs meanwhile.
    getContext().ask(JobStatus.class, supervisor, ASK_TIMEOUT, PipelineSupervisor.GetStatus::new,
        (status, failure) -> new FirstStatus(status));
    return this;
  }

  private Behavior<Command> onFirstStatus(FirstStatus first) {
    if (first.status() != null && lastStatus == null && !ending && finalStatus == null) {
      lastStatus = first.status();
      if (lastStatus.state() != JobStatus.State.DONE) {
        daemon.registry().tell(new JobRegistry.StatusChanged(id(), statusJson(lastStatus, null)));
      }
    }
    answerCreated();
    return this;
  }

  /** The 201, once; a job that ends before its first status (or whose supervisor failed) has it then. */
  private void answerCreated() {
    answerStarter(new ApiReply(201, StatusJson.created(id(), settings.progress())));
  }

  private Behavior<Command> onPrepareFailed(PrepareFailed failed) {
    Throwable cause = failed.cause();
    // A SettingsException's message is already the line run prints; anything else is put in plain words.
    String message = cause instanceof SettingsException ? cause.getMessage() : PlainWords.of(cause);
    if (starter != null) {
      int status = cause instanceof OutputDirBusyException ? 409 : cause instanceof SettingsException ? 400 : 500;
      answerStarter(ApiReply.error(status, message));
      daemon.registry().tell(new JobRegistry.JobGone(id()));
      return Behaviors.stopped();
    }
    // Carried on after a restart, and it cannot start now (its output dir is gone, say): it ends here, for good.
    getContext().getLog().warn("job {} cannot be carried on: {}", id(), message);
    ObjectNode status = StatusJson.failedToStart(id(), stored.submittedAt(), message);
    recordEnd(status, false);
    return this;
  }

  private void answerStarter(ApiReply reply) {
    if (starter != null) starter.tell(reply);
    starter = null;
  }

  // --- running -----------------------------------------------------------------------------------------------------

  private Behavior<Command> onFromJob(FromJob message) {
    JobEvent event = message.event();
    if (event instanceof JobEvent.Started started) {
      start = EventJson.start(started.job());
      subscribers.send("start", start);
      return this;
    }
    metrics.observe(event);
    if (event instanceof JobEvent.Ended ended) {
      // Its "end" goes out once the end is recorded (see onClosed): a client that then asks for the report gets it.
      lastStatus = ended.status();
      series.add(lastStatus, 0);
      return this;
    }
    if (event instanceof JobEvent.Progress progress) {
      lastStatus = progress.status();
      series.add(lastStatus, writerThreadsBusy());
      // A DONE job is listed once its end is recorded, with its exit code (see recordEnd).
      if (lastStatus.state() != JobStatus.State.DONE) {
        daemon.registry().tell(new JobRegistry.StatusChanged(id(), statusJson(lastStatus, null)));
      }
    }
    if (event instanceof JobEvent.ItemEnded && !subscribers.wantItems()) return this;
    subscribers.send(EventJson.of(event, status -> statusJson(status, null), settings == null ? null : settings.cancel().grace()));
    return this;
  }

  private ObjectNode statusJson(JobStatus status, Integer exitCode) {
    return status == null ? StatusJson.starting(id(), stored.submittedAt())
        // Once DONE every write has ended (the job waits for its writer's last lines): the pool's count of active
        // threads is approximate and may still show one finishing its bookkeeping.
        : StatusJson.of(id(), stored.submittedAt(), status,
            status.state() == JobStatus.State.DONE ? 0 : writerThreadsBusy(), exitCode,
            settings == null ? null : settings.cancel().grace());
  }

  /** Read from the job's own writer pool (JobRegistry.start registers one per job); 0 before its first write. */
  private int writerThreadsBusy() {
    if (settings == null) return 0;
    return WriterPool.of(getContext().getSystem(), settings.writer().dispatcher()).map(WriterPool::busyThreads).orElse(0);
  }

  // --- ending ------------------------------------------------------------------------------------------------------

  private Behavior<Command> onFinished(Finished finished) {
    if (ending) return this;
    ending = true;
    answerCreated();
    JobReport report = finished.report();
    endReport = report;
    ObjectNode status = StatusJson.withSummary(statusJson(lastStatus, report.exitCode()), report);
    // Cut off by the daemon's stop: kept as unfinished, so the next start carries it on; not so run's job, whose client
    // has seen it end.
    carryOn = stoppedBy != null && report.cancelled() + report.skipped() > 0 && stored.run() == null;
    PreparedJob job = prepared;
    // A job whose client went away writes nothing for it: as run killed would not have.
    boolean files = !orphaned;
    // Only what the end's listener relies on comes before the end: the state dir's copy of the report (every URL,
    // some 60 ms for 10,000 URLs) is written after it (see onReleased).
    CompletableFuture<ObjectNode> releasing = CompletableFuture.supplyAsync(
        () -> EndFiles.release(job, stored, status, report, files), daemon.blockingIo());
    getContext().pipeToSelf(releasing, (released, failure) -> {
      if (failure == null) return new Released(released);
      ObjectNode withProblem = status.deepCopy();
      withProblem.put("error", "the job ended, but its end could not be recorded: " + PlainWords.of(unwrap(failure)));
      return new Closed(withProblem);
    });
    return this;
  }

  /** The supervisor stopped without a report: it failed. The job ends as a failure of fetchpipe itself. */
  private Behavior<Command> onSupervisorStopped() {
    if (ending || finalStatus != null) return this;
    ending = true;
    answerCreated();
    getContext().getLog().error("job {}: its supervisor stopped without finishing the job", id());
    PreparedJob job = prepared;
    ObjectNode status = statusJson(lastStatus, 1);
    status.put("state", "DONE");
    status.put("error", "the job's supervisor failed; see the daemon's log");
    CompletableFuture<Void> closing = CompletableFuture.runAsync(job::close, daemon.blockingIo());
    getContext().pipeToSelf(closing, (ignored, failure) -> new Closed(status));
    return this;
  }

  private Behavior<Command> onClosed(Closed closed) {
    recordEnd(closed.finalStatus(), false);
    return this;
  }

  /** The end is told, then kept in the state dir; a status or report asked for meanwhile is answered from memory. */
  private Behavior<Command> onReleased(Released released) {
    ObjectNode status = released.finalStatus();
    recordEnd(status, true);
    JobReport report = endReport;
    boolean unfinished = carryOn;
    CompletableFuture<Void> keeping = CompletableFuture.runAsync(
        () -> EndFiles.keep(daemon.stateDir(), id(), status, report, unfinished), daemon.blockingIo());
    getContext().pipeToSelf(keeping, (ignored, failure) -> new Kept(failure == null ? null : unwrap(failure)));
    return this;
  }

  private Behavior<Command> onKept(Kept kept) {
    if (kept.failure() == null) {
      endReport = null; // on disk now, read from there when asked
    } else {
      // The report stays in memory, so this daemon still answers with it; its next start carries the job on.
      getContext().getLog().error("job {} ended, but its end could not be kept in the state dir ({}); the next start"
          + " of the daemon carries it on from its journal", id(), PlainWords.of(kept.failure()));
    }
    daemon.registry().tell(new JobRegistry.EndKept(id()));
    return this;
  }

  /**
   * From now on the job only answers, with this status. {@code keeping}: its end is still to be written to the state
   * dir, and the registry hears {@link JobRegistry.EndKept} once it is (a daemon that stops waits for that).
   */
  private void recordEnd(ObjectNode status, boolean keeping) {
    finalStatus = status;
    // A job whose supervisor failed sent no Ended: its series end here all the same.
    if (metrics != null) metrics.end();
    prepared = null;
    supervisor = null;
    daemon.registry().tell(new JobRegistry.JobEnded(id(), status, keeping));
    awaitingEnd.forEach(answer -> answer.accept(status));
    awaitingEnd.clear();
    subscribers.end(status);
  }

  // --- questions and orders ----------------------------------------------------------------------------------------

  private Behavior<Command> onGetStatus(GetStatus get) {
    if (finalStatus != null) {
      get.replyTo().tell(finalStatus);
    } else if (ending) {
      awaitingEnd.add(get.replyTo()::tell);
    } else if (supervisor == null) {
      get.replyTo().tell(statusJson(lastStatus, null));
    } else {
      getContext().ask(JobStatus.class, supervisor, ASK_TIMEOUT, PipelineSupervisor.GetStatus::new,
          (status, failure) -> new StatusAnswered(status != null ? status : lastStatus, get.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onStatusAnswered(StatusAnswered answered) {
    if (endNotRecorded(answered.status())) {
      awaitingEnd.add(answered.replyTo()::tell);
    } else {
      answered.replyTo().tell(finalStatus != null ? finalStatus : statusJson(answered.status(), null));
    }
    return this;
  }

  /**
   * The supervisor says DONE, but the job's end (report, exit code) is not recorded yet: an answer waits for it a
   * moment, so that DONE is never shown without its exit code, nor before its report can be read.
   */
  private boolean endNotRecorded(JobStatus status) {
    return status != null && status.state() == JobStatus.State.DONE && finalStatus == null;
  }

  private Behavior<Command> onGetReport(GetReport get) {
    if (endReport != null) {
      get.replyTo().tell(new ReportAnswer(endReport, null));
    } else if (finalStatus != null || ending) {
      get.replyTo().tell(new ReportAnswer(null, daemon.stateDir().reportFile(id())));
    } else if (supervisor == null) {
      get.replyTo().tell(new ReportAnswer(null, null));
    } else {
      getContext().ask(JobReport.class, supervisor, ASK_TIMEOUT, PipelineSupervisor.GetReport::new,
          (live, failure) -> new ReportAnswered(live, get.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onCancel(Cancel cancel) {
    if (!running()) {
      cancel.replyTo().tell(ApiReply.error(409, notRunning()));
      return this;
    }
    String reason = cancel.reason() == null || cancel.reason().isBlank() ? "" : cancel.reason().strip();
    supervisor.tell(new PipelineSupervisor.Cancel(cancel.source(), reason));
    // A cancel while one is under way aborts: so a second one, sent now, turns this one into an abort.
    if (cancel.abort()) supervisor.tell(new PipelineSupervisor.Cancel(cancel.source(), reason));
    getContext().ask(JobStatus.class, supervisor, ASK_TIMEOUT, PipelineSupervisor.GetStatus::new,
        (status, failure) -> new Answered(status != null ? status : lastStatus, 202, cancel.replyTo()));
    return this;
  }

  private Behavior<Command> onResize(Resize resize) {
    if (!running()) {
      resize.replyTo().tell(ApiReply.error(409, notRunning()));
      return this;
    }
    getContext().ask(JobStatus.class, supervisor, ASK_TIMEOUT,
        replyTo -> new PipelineSupervisor.Resize(resize.maxInFlight(), resize.maxPerHost(), resize.writerThreads(), replyTo),
        (status, failure) -> new Answered(status != null ? status : lastStatus, 200, resize.replyTo()));
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    if (endNotRecorded(answered.status())) {
      awaitingEnd.add(status -> answered.replyTo().tell(new ApiReply(answered.httpStatus(), status)));
    } else {
      answered.replyTo().tell(new ApiReply(answered.httpStatus(),
          finalStatus != null ? finalStatus : statusJson(answered.status(), null)));
    }
    return this;
  }

  private boolean running() {
    return supervisor != null && !ending && finalStatus == null;
  }

  private String notRunning() {
    return finalStatus != null || ending ? "job " + id() + " has ended" : "job " + id() + " is still starting";
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    ActorRef<JobFeed> subscriber = subscribe.subscriber();
    if (series.size() > 0) subscriber.tell(series.event());
    if (finalStatus != null) {
      Subscribers.endedAlready(subscriber, finalStatus);
      return this;
    }
    subscribers.add(subscriber, subscribe.items(), true);
    getContext().watchWith(subscriber, new SubscriberGone(subscriber));
    if (start != null) subscriber.tell(new JobFeed.Event("start", start));
    subscriber.tell(new JobFeed.Event("progress", statusJson(lastStatus, null)));
    return this;
  }

  /**
   * The job's client (run) went away before its end, without a word (killed, its terminal closed): the job is aborted
   * at once, as the client's own end would have ended it, and journaled, so that the next run resumes it; a run into
   * the same output dir meanwhile waits for the abort (the registry hears the job is orphaned).
   */
  private Behavior<Command> onOwnerGone() {
    if (finalStatus != null || ending || orphaned) return this;
    orphaned = true;
    getContext().getLog().info("job {}: {}; aborting it", id(), CLIENT_GONE);
    daemon.registry().tell(new JobRegistry.Orphaned(id()));
    if (running()) {
      supervisor.tell(new PipelineSupervisor.Cancel(CancelSource.REQUEST, CLIENT_GONE));
      supervisor.tell(new PipelineSupervisor.Cancel(CancelSource.REQUEST, CLIENT_GONE));
    }
    return this;
  }

  private Behavior<Command> onStop(Stop stop) {
    if (stoppedBy == null) stoppedBy = stop.source();
    if (running()) supervisor.tell(new PipelineSupervisor.Cancel(stop.source(), "the daemon is stopping"));
    return this;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) cause = cause.getCause();
    return cause;
  }
}
