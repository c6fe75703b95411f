package dev.fetchpipe.cluster;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A daemon's place in the cluster: registered with the Receptionist under {@link #KEY}, so that a job coordinated on
 * any node finds this one and asks it to {@link JoinJob}. It runs one {@link JobWorker} per job it joined, and when
 * the daemon stops it lets each finish what it fetches before it answers {@link Leave}, so that no URL is fetched
 * twice because this node left.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {

  public interface Command {}

  /** Every daemon of the cluster, as the Receptionist lists them. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "fetchpipe-node");

  /** The node is leaving: answered once every job worker has finished the URLs under way and stopped. */
  public record Leave(ActorRef<Done> replyTo) implements Command {}

  private record WorkerStopped(String workKey) implements Command {}

  /**
   * @param node     this node, "host:port"
   * @param settings how a job's own layer (JSON) is read over this daemon's config, validated as a submitted job is
   */
  public static Behavior<Command> create(String node, Function<String, FetchpipeSettings> settings) {
    return Behaviors.setup(context -> new NodeAgent(context, node, settings));
  }

  /** This node as reports and status name it: "host:port" of its cluster address. */
  public static String selfNode(ActorSystem<?> system) {
    Address address = Cluster.get(system).selfMember().address();
    return address.host().get() + ":" + address.port().get();
  }

  private final String node;
  private final Function<String, FetchpipeSettings> settings;
  private final Map<String, ActorRef<JobWorker.Command>> workers = new HashMap<>();
  private ActorRef<Done> leaveAnswer;

  private NodeAgent(ActorContext<Command> context, String node, Function<String, FetchpipeSettings> settings) {
    super(context);
    this.node = node;
    this.settings = settings;
    context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(JoinJob.class, this::onJoin)
        .onMessage(WorkerStopped.class, this::onWorkerStopped)
        .onMessage(Leave.class, this::onLeave)
        .build();
  }

  private Behavior<Command> onJoin(JoinJob join) {
    if (leaveAnswer != null || workers.containsKey(join.workKey())) return this;
    String refusal = JoinCheck.refusal(join);
    if (refusal != null) {
      getContext().getLog().warn("refused a request to join job {} from {}: {}", join.jobId(),
          join.coordinator() == null ? "an unnamed sender" : join.coordinator().path().address(), refusal);
      return this;
    }
    FetchpipeSettings job;
    try {
      job = settings.apply(join.config());
    } catch (SettingsException e) {
      getContext().getLog().warn("not joining job {}: {}", join.jobId(), e.getMessage());
      return this;
    }
    if (!Files.isDirectory(job.job().outputDir())) {
      getContext().getLog().warn("not joining job {}: its output dir {} is not a folder this node sees"
          + " (every node must see the same output dir, e.g. on a shared filesystem)", join.jobId(), job.job().outputDir());
      return this;
    }
    ActorRef<JobWorker.Command> worker = getContext().spawn(JobWorker.create(join, job, node), "job-" + join.workKey());
    getContext().watchWith(worker, new WorkerStopped(join.workKey()));
    workers.put(join.workKey(), worker);
    getContext().getLog().info("joined job {} with {} fetchers", join.jobId(), job.fetch().maxInFlight());
    return this;
  }

  private Behavior<Command> onWorkerStopped(WorkerStopped stopped) {
    workers.remove(stopped.workKey());
    return answerLeaveWhenDone();
  }

  private Behavior<Command> onLeave(Leave leave) {
    leaveAnswer = leave.replyTo();
    workers.values().forEach(worker -> worker.tell(JobWorker.Leave.INSTANCE));
    return answerLeaveWhenDone();
  }

  private Behavior<Command> answerLeaveWhenDone() {
    if (leaveAnswer != null && workers.isEmpty()) leaveAnswer.tell(Done.done());
    return this;
  }
}
