package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.cluster.NodeAgent;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.logging.RemotingNoiseFilter;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.pipeline.WriterPool;
import dev.fetchpipe.report.CancelSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The daemon's guardian: it knows every job (one {@link DaemonJob} child each), admits new ones (at most
 * daemon.max-jobs at once, never two into one output dir), carries on the jobs an earlier life of the daemon left
 * unfinished, lists them, and stops the daemon when asked: every running job is cancelled, and once none runs, the
 * registry stops, which ends the actor system.
 */
public final class JobRegistry extends AbstractBehavior<JobRegistry.Command> {

  public interface Command {}

  /**
   * A validated job; {@code report} and {@code timeline} are files to write at its end, or null. A job {@code run}
   * hands over has its {@code run} and its {@code owner}, the connection it belongs to; any other has neither.
   */
  public record Submit(JobRequests.Parsed job, String report, String timeline, StoredJob.ClientRun run,
      JobOwner owner, ActorRef<ApiReply> replyTo) implements Command {

    public Submit(JobRequests.Parsed job, String report, String timeline, ActorRef<ApiReply> replyTo) {
      this(job, report, timeline, null, null, replyTo);
    }
  }

  /** The job with this id, if there is one. */
  public record Find(String id, ActorRef<Optional<ActorRef<DaemonJob.Command>>> replyTo) implements Command {}

  /** The latest status of every job, newest first. */
  public record ListJobs(ActorRef<List<ObjectNode>> replyTo) implements Command {}

  /**
   * The jobs kept in the state dir, oldest first: those that ended are listed, the others are carried on from their
   * journal. Sent once the API is bound, so a daemon that cannot start (its port taken) starts no job either.
   */
  public record CarryOn(List<Carried> jobs) implements Command {}

  /**
   * A job kept in the state dir, read before the actors started (so no job's text is read on their threads): one that
   * ended ({@code finalStatus}, {@code endedAt}), or one to carry on ({@code parsed}, or the {@code problem} that keeps
   * it from starting).
   */
  public record Carried(StoredJob job, ObjectNode finalStatus, Instant endedAt, JobRequests.Parsed parsed,
      String problem) {}

  /** Now and then: ended jobs past daemon.keep-ended's age are pruned. */
  private enum Prune implements Command { INSTANCE }

  /** Stop the daemon: running jobs are cancelled by {@code source}; a second Shutdown aborts them. */
  public record Shutdown(CancelSource source) implements Command {}

  /** From a job: its status now (sent with each progress event, for the list). */
  record StatusChanged(String id, ObjectNode status) implements Command {}

  /**
   * From a job: it has ended, with this final status, its output dir released. {@code keeping}: its end is still being
   * written to the state dir, and {@link EndKept} follows.
   */
  record JobEnded(String id, ObjectNode status, boolean keeping) implements Command {}

  /** From a job: its end is in the state dir (or could not be put there): a stopping daemon need not wait for it. */
  record EndKept(String id) implements Command {}

  /** From a job that never started: forget it. */
  record JobGone(String id) implements Command {}

  /** From a job whose client went away: it is being aborted, and a job into its output dir waits for it to end. */
  record Orphaned(String id) implements Command {}

  /** A run waited for another run's output dir: unless that run's client has gone meanwhile, the dir is busy. */
  private record StillHeld(Submit submit, Path outputDir, String holder) implements Command {}

  /** How long a run into another run's output dir waits to learn whether that run's client has just gone. */
  private static final Duration CLIENT_GONE_NEWS = Duration.ofSeconds(1);

  /** What the API saw: a daemon run started stops after daemon.idle-timeout without a job, a request or a stream. */
  record Seen(IdleWatch.Activity activity) implements Command {}

  /** In a cluster: this node has left the jobs of the cluster (or its agent stopped): nothing more to wait for. */
  private enum NodeLeft implements Command { INSTANCE }

  /** How the daemon turns a job's text into settings; the same for submitted jobs and those carried on. */
  public interface JobParser {
    /**
     * @param carryOn a job carried on after a restart: its finished files are kept, whatever it said of resuming
     * @param run     a job run hands over: it may ask for more than daemon.max-in-flight-limit, as run may
     */
    JobRequests.Parsed parse(String job, boolean carryOn, boolean run);
  }

  /**
   * @param metrics         where each job started from now on shows its series
   * @param cluster         whether the daemon is a node of a cluster: then every job is spread over the nodes, and this
   *                        node fetches for the jobs of the others
   * @param idleTimeout     how long a daemon run started waits with no job and no client before it stops, or null
   * @param shutdownTimeout daemon.shutdown-timeout: a stop is graceful for half of it, then aborts
   */
  public static Behavior<Command> create(StateDir stateDir, int maxJobs, DaemonSettings.KeepEnded keepEnded,
      JobParser parser, FetchpipeMetrics metrics, boolean cluster, Duration idleTimeout, Duration shutdownTimeout) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Prune.INSTANCE, pruneEvery(keepEnded.age()));
      return new JobRegistry(context, stateDir, maxJobs, keepEnded, parser, metrics, cluster, idleTimeout,
          shutdownTimeout.dividedBy(2));
    }));
  }

  /** Often enough that a job is pruned soon after its age is reached, never more than once a second. */
  static Duration pruneEvery(Duration age) {
    Duration quarter = age.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
  }


  private final DaemonJobContext daemon;
  /** How long a stop is graceful (jobs cancelled, a node's leave awaited) before it aborts: half the shutdown's bound. */
  private final Duration graceful;
  private final int maxJobs;
  /** When each ended job ended: what daemon.keep-ended prunes by. */
  private final EndedJobs ended;
  private final JobParser parser;
  private final Map<String, ActorRef<DaemonJob.Command>> jobs = new HashMap<>();
  /** The latest status of each job, in the order they were submitted. */
  private final LinkedHashMap<String, ObjectNode> statuses = new LinkedHashMap<>();
  /** The jobs that have not ended, their output dirs, and the runs waiting for one. */
  private final RunningJobs<Submit> running = new RunningJobs<>();
  /** Jobs that have ended and whose end is being written to the state dir: the daemon stops only after. */
  private final Set<String> keeping = new HashSet<>();
  private CancelSource stopping;
  /** The daemon's CoordinatedShutdown has been started. */
  private boolean terminating;
  private boolean carriedOn;
  /** Stops a daemon run started once it is idle; null for a daemon that runs until it is stopped. */
  private final ActorRef<IdleWatch.Command> idle;
  /** In a cluster: this node's part in every job of the cluster; null outside a cluster, or once it has left. */
  private ActorRef<NodeAgent.Command> node;

  private JobRegistry(ActorContext<Command> context, StateDir stateDir, int maxJobs, DaemonSettings.KeepEnded keepEnded,
      JobParser parser, FetchpipeMetrics metrics, boolean cluster, Duration idleTimeout, Duration graceful) {
    super(context);
    this.graceful = graceful;
    this.idle = idleTimeout == null ? null : context.spawn(IdleWatch.create(idleTimeout, context.getSelf()), "idle");
    Executor blockingIo = context.getSystem().dispatchers()
        .lookup(DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
    this.daemon = new DaemonJobContext(stateDir, blockingIo, context.getSelf(), metrics, cluster);
    this.maxJobs = maxJobs;
    this.ended = new EndedJobs(keepEnded);
    this.parser = parser;
    if (cluster) {
      node = context.spawn(NodeAgent.create(NodeAgent.selfNode(context.getSystem()),
          config -> parser.parse(config, true, false).settings()), "node");
      // An agent that failed has nothing to finish: a stop then waits for no leave.
      context.watchWith(node, NodeLeft.INSTANCE);
    }
  }

  /** Jobs kept in the state dir: those that ended are listed; the others start again from their journal. */
  private Behavior<Command> onCarryOn(CarryOn carryOn) {
    if (carriedOn) return this; // in a cluster it may come twice: once this node is up, and after a time regardless
    carriedOn = true;
    for (Carried kept : carryOn.jobs()) {
      StoredJob stored = kept.job();
      try {
        if (kept.finalStatus() != null) {
          listEnded(stored, kept.finalStatus(), kept.endedAt());
        } else if (stored.run() != null) {
          // run's job, cut off with the daemon: its client is gone, and its next run resumes it from the journal.
          listEnded(stored, StatusJson.failedToStart(stored.id(), stored.submittedAt(),
              "run's job, not carried on: the daemon stopped under it, and its client with it"), Instant.now());
        } else if (kept.parsed() == null) {
          listEnded(stored, StatusJson.failedToStart(stored.id(), stored.submittedAt(), kept.problem()), Instant.now());
        } else {
          start(stored, kept.parsed().settings(), false, null);
          getContext().getLog().info("carrying on job {} from its journal", stored.id());
        }
      } catch (RuntimeException e) {
        // Checked when read, so never expected: one job the daemon cannot take on must not keep it from the others.
        getContext().getLog().error("job {} kept in the state dir cannot be taken on: {}", stored.id(), e.toString());
      }
    }
    return prune();
  }

  private void listEnded(StoredJob stored, ObjectNode status, Instant ended) {
    jobs.put(stored.id(), getContext().spawn(DaemonJob.ended(daemon, stored, status), "job-" + stored.id()));
    statuses.put(stored.id(), status);
    this.ended.ended(stored.id(), ended == null ? Instant.now() : ended);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CarryOn.class, this::onCarryOn)
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Find.class, find -> {
          find.replyTo().tell(Optional.ofNullable(jobs.get(find.id())));
          return this;
        })
        .onMessage(ListJobs.class, this::onList)
        .onMessage(StatusChanged.class, changed -> {
          if (running.contains(changed.id())) statuses.put(changed.id(), changed.status());
          return this;
        })
        .onMessage(JobEnded.class, this::onJobEnded)
        .onMessage(EndKept.class, kept -> {
          keeping.remove(kept.id());
          return stopWhenIdle();
        })
        .onMessage(JobGone.class, this::onJobGone)
        .onMessage(Seen.class, seen -> {
          if (idle != null) idle.tell(seen.activity());
          return this;
        })
        .onMessage(StillHeld.class, held -> {
          if (running.stopWaiting(held.submit(), held.outputDir(), held.holder())) {
            held.submit().replyTo().tell(busy(held.holder(), held.outputDir()));
          }
          return this;
        })
        .onMessage(Orphaned.class, gone -> {
          running.orphaned(gone.id());
          return this;
        })
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessageEquals(Prune.INSTANCE, this::prune)
        .onMessageEquals(NodeLeft.INSTANCE, () -> {
          node = null;
          return stopWhenIdle();
        })
        .build();
  }

  private Behavior<Command> onSubmit(Submit submit) {
    if (stopping != null) {
      submit.replyTo().tell(ApiReply.error(503, "the daemon is stopping"));
      return this;
    }
    FetchpipeSettings settings = submit.job().settings();
    Path outputDir = settings.job().outputDir().toAbsolutePath().normalize();
    RunningJobs.Admission admission = running.admit(submit, outputDir, submit.run() != null, maxJobs);
    if (admission instanceof RunningJobs.TooMany tooMany) {
      submit.replyTo().tell(ApiReply.error(503, tooMany.running() + " jobs are running, the most daemon.max-jobs allows;"
          + " submit again when one has ended"));
      return this;
    }
    if (admission instanceof RunningJobs.Busy busy) {
      submit.replyTo().tell(busy(busy.holder(), outputDir));
      return this;
    }
    // A run waiting for a killed run's job to be aborted comes back here when it has ended.
    if (admission instanceof RunningJobs.Waits) return this;
    if (admission instanceof RunningJobs.Holds holds) {
      // The holder's client may have been killed a moment ago: the daemon hears of it in milliseconds.
      getContext().scheduleOnce(CLIENT_GONE_NEWS, getContext().getSelf(),
          new StillHeld(submit, outputDir, holds.holder()));
      return this;
    }
    StoredJob stored = new StoredJob(JobIds.next(), Instant.now().toString(), submit.job().layer(), submit.report(),
        submit.timeline(), submit.run());
    start(stored, settings, true, submit.replyTo(), submit.owner());
    return this;
  }

  private void start(StoredJob stored, FetchpipeSettings settings, boolean isNew, ActorRef<ApiReply> starter) {
    start(stored, settings, isNew, starter, null);
  }

  private void start(StoredJob stored, FetchpipeSettings settings, boolean isNew, ActorRef<ApiReply> starter,
      JobOwner owner) {
    // Each job writes on a pool of its own, so resizing one job's writers leaves the others alone.
    String writers = WriterPool.register(getContext().getSystem(), "writer-" + stored.id(),
        settings.writer().poolSize());
    FetchpipeSettings ownWriters = settings.withWriterDispatcher(writers);
    ActorRef<DaemonJob.Command> job = getContext().spawn(
        DaemonJob.create(daemon, stored, ownWriters, isNew, starter, owner), "job-" + stored.id());
    jobs.put(stored.id(), job);
    running.started(stored.id(), settings.job().outputDir().toAbsolutePath().normalize(), stored.run() != null);
    runningChanged();
    statuses.put(stored.id(), StatusJson.starting(stored.id(), stored.submittedAt()));
  }

  private Behavior<Command> onList(ListJobs list) {
    List<ObjectNode> newestFirst = new ArrayList<>(statuses.values());
    Collections.reverse(newestFirst);
    list.replyTo().tell(newestFirst);
    return this;
  }

  private Behavior<Command> onJobEnded(JobEnded ended) {
    if (ended.keeping()) keeping.add(ended.id());
    statuses.put(ended.id(), ended.status());
    this.ended.ended(ended.id(), Instant.now());
    released(ended.id());
    prune();
    return stopWhenIdle();
  }

  /**
   * Ended jobs past daemon.keep-ended go: the oldest past its count, and any past its age; each one's actor, its
   * place in the list and its folder in the state dir. A job whose end is still being written waits its turn.
   */
  private Behavior<Command> prune() {
    List<String> pruned = ended.prune(Instant.now(), keeping);
    for (String id : pruned) {
      statuses.remove(id);
      ActorRef<DaemonJob.Command> job = jobs.remove(id);
      if (job != null) getContext().stop(job);
    }
    if (!pruned.isEmpty()) daemon.stateDir().deleteLater(pruned, daemon.blockingIo(), getContext().getLog());
    return this;
  }

  private Behavior<Command> onJobGone(JobGone gone) {
    statuses.remove(gone.id());
    jobs.remove(gone.id());
    released(gone.id());
    return stopWhenIdle();
  }

  private static ApiReply busy(String holder, Path outputDir) {
    return ApiReply.error(409, "fetchpipe.job.output-dir: job " + holder + " is writing into " + outputDir
        + " already; give this job another output dir");
  }

  private void runningChanged() {
    if (idle != null) idle.tell(new IdleWatch.Jobs(running.size()));
  }

  /** A job no longer holds its output dir: the runs waiting for it are submitted again, in the order they came. */
  private void released(String id) {
    List<Submit> next = running.ended(id);
    runningChanged();
    next.forEach(this::onSubmit);
  }

  private Behavior<Command> onShutdown(Shutdown shutdown) {
    if (node != null && stopping == null) {
      // Leaving the cluster: what this node fetches for other nodes' jobs is finished first, the rest handed back.
      getContext().ask(Done.class, node, graceful, NodeAgent.Leave::new, (done, failure) -> NodeLeft.INSTANCE);
    } else if (node != null) {
      node = null; // a second stop: what is still in flight for other nodes is cut off and handed back
    }
    if (stopping == null) { // bounded: whatever a job or a leave waits for, it is aborted as by a second signal
      stopping = shutdown.source();
      getContext().scheduleOnce(graceful, getContext().getSelf(), new Shutdown(shutdown.source()));
    }
    running.ids().forEach(id -> jobs.get(id).tell(new DaemonJob.Stop(shutdown.source())));
    return stopWhenIdle();
  }

  /**
   * Once stopping, no job runs and every ended job's end is in the state dir, the daemon terminates: through Pekko's
   * CoordinatedShutdown, which stops the registry (the guardian) last. Stopping the guardian itself would skip it, and
   * with it a node's graceful leave: the other nodes would find it unreachable and down it, and its connections to
   * them would be cut off mid-stream (a WARN each), where a leave ends them quietly. It also unbinds the API.
   */
  private Behavior<Command> stopWhenIdle() {
    if (stopping != null && running.isEmpty() && keeping.isEmpty() && node == null && !terminating) {
      terminating = true;
      RemotingNoiseFilter.shuttingDown();
      getContext().getSystem().terminate();
    }
    return this;
  }
}
