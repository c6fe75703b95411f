package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.Crew;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.ItemResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A cluster job's fetchers: a {@link JobWorker} on every node, fed by Pekko's work pulling. The coordinator's
 * supervisor spawns its producer controller (which finds the workers under a key of this run of the job) and a
 * {@link Recruiter} (which asks every node, this one and any that joins later, to run a worker). It hands a URL out when
 * a worker somewhere has room; a worker claims each URL before fetching it, and from then on the fetcher is watched, so
 * that if its node dies the supervisor hands the URL out again.
 */
public final class ClusterCrew<C> implements Crew {

  /** The messages of the supervisor's protocol that a cluster crew makes for it. */
  public record Messages<C>(
      Function<WorkPullingProducerController.RequestNext<WorkOrder>, C> demand,
      Function<Claim, C> claimed,
      Function<JoinJob.Joined, C> joined,
      Function<String, C> nodeLeft,
      Function<ActorRef<Fetcher.Command>, C> fetcherStopped) {}

  private final ActorContext<C> context;
  private final Messages<C> messages;
  private final Coordination coordination = new Coordination();
  /** The items handed out and not finished, for a per-host limit that starts to bind. */
  private final Map<Integer, JobItem> handedOut = new HashMap<>();

  /**
   * @param startedAt when the job started (wall clock): the nodes time their part on the coordinator's clock
   * @param results   where every node sends each URL's result
   */
  public static <C> ClusterCrew<C> start(ActorContext<C> context, ClusterJob job, long startedAt,
      ActorRef<ItemResult> results, Messages<C> messages) {
    String workKey = "fetchpipe-job-" + job.jobId() + "-" + startedAt;
    var producer = context.spawn(WorkPullingProducerController.create(WorkOrder.class, workKey,
        Coordination.workKey(workKey), Optional.empty()), "work-pulling");
    producer.tell(new WorkPullingProducerController.Start<>(
        context.messageAdapter(WorkPullingProducerController.requestNextClass(), messages.demand()::apply)));
    JoinJob join = new JoinJob(job.jobId(), job.config(), startedAt, workKey, context.getSelf(),
        context.messageAdapter(Claim.class, messages.claimed()::apply), results,
        context.messageAdapter(JoinJob.Joined.class, messages.joined()::apply));
    context.spawn(Recruiter.create(join), "recruiter");
    return new ClusterCrew<>(context, messages);
  }

  private ClusterCrew(ActorContext<C> context, Messages<C> messages) {
    this.context = context;
    this.messages = messages;
  }

  @Override
  public boolean hasRoom() {
    return coordination.hasDemand();
  }

  /** Work pulling sends it to a node with room; no fetcher has it until one claims it. */
  @Override
  public ActorRef<Fetcher.Command> start(JobItem item) {
    coordination.send(item);
    handedOut.put(item.index(), item);
    return null;
  }

  @Override
  public int busy() {
    return coordination.claimed();
  }

  @Override
  public Collection<JobItem> busyItems() {
    return List.copyOf(handedOut.values());
  }

  /** Every node fetches this many at once from now on, with this many writer threads. */
  @Override
  public void resize(JobLimits limits) {
    coordination.nodes().forEach(node -> node.worker().tell(new JobWorker.Resize(limits.maxInFlight(), limits.writerThreads())));
  }

  /** A node has room for one more URL. */
  public void demand(WorkPullingProducerController.RequestNext<WorkOrder> next) {
    coordination.demand(next);
  }

  /** A node's fetcher has the URL now: it is watched from now on (its death hands the URL out again). */
  public void claimed(Claim claim) {
    if (coordination.claim(claim)) context.watchWith(claim.fetcher(), messages.fetcherStopped().apply(claim.fetcher()));
  }

  /**
   * A node runs a worker for the job now: it is watched (its stop means it left), and told the job's limits if they
   * changed since it read them.
   */
  public void joined(JoinJob.Joined joined, JobLimits now) {
    coordination.joined(joined);
    context.watchWith(joined.worker(), messages.nodeLeft().apply(joined.node()));
    if (joined.slots() != now.maxInFlight()) joined.worker().tell(new JobWorker.Resize(now.maxInFlight(), now.writerThreads()));
    context.getLog().info("node {} fetches for the job, {} at once", joined.node(), joined.slots());
  }

  /** How many nodes fetch for the job now. */
  public int nodeCount() {
    return coordination.nodes().size();
  }

  public void left(String node) {
    coordination.left(node);
    context.getLog().info("node {} left the job", node);
  }

  /** The URL has ended: the node that fetched it, or null when no fetcher had claimed it. */
  public String ended(int index) {
    handedOut.remove(index);
    return coordination.ended(index);
  }

  /** A fetcher stopped: the URLs it had claimed and not finished (no longer handed out: the supervisor decides). */
  public List<Integer> lost(ActorRef<Fetcher.Command> fetcher) {
    List<Integer> lost = coordination.lost(fetcher);
    lost.forEach(handedOut::remove);
    return lost;
  }

  /** A URL handed out and never claimed, taken back (a cancel). */
  public void takenBack(int index) {
    handedOut.remove(index);
  }

  /** Each node's part in the job, for its status. */
  public List<JobStatus.NodeShare> shares(int slotsNow, IntPredicate fetching) {
    return coordination.shares(slotsNow, fetching);
  }
}
