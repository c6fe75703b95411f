package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.pipeline.Crew;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.report.ItemResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The coordinator of a cluster job: its crew's actor, a child of the job's supervisor, which it talks to with the
 * pipeline's crew messages only. It runs Pekko's work pulling (its producer controller finds the job's workers under
 * a key of this run of the job) and a {@link Recruiter} (which asks every node, this one and any that joins later, to
 * run a {@link JobWorker}). When a node has room it says {@link Crew.RoomForMore} and sends the URL the supervisor
 * hands it. A worker {@link Claim}s each URL before fetching it: the coordinator asks the supervisor
 * ({@link Crew.MayFetch}), and from a yes on watches the fetcher, so that if its node dies the URLs it held go back to
 * the supervisor ({@link Crew.UrlsLost}). Every node sends each URL's result here: it goes on to the supervisor naming
 * the node, followed by {@link Crew.Freed} (a node's fetcher is not heard of again for that URL).
 */
public final class JobCoordinator extends AbstractBehavior<JobCoordinator.Command> {

  public interface Command {}

  /** From its crew: send this URL to the node with room ({@code saved}: the earlier run's file to revalidate, or null). */
  record Hand(JobItem item, JournalEntry saved) implements Command {}

  /** From its crew: every node fetches this many at once from now on, with this many writer threads. */
  record Resize(JobLimits limits) implements Command {}

  /** To its crew: a node has room for one more URL. */
  enum Room { INSTANCE }

  private record Demand(WorkPullingProducerController.RequestNext<WorkOrder> next) implements Command {}

  private record Claimed(Claim claim) implements Command {}

  private record Answered(Crew.MayFetch.Answer answer) implements Command {}

  private record Result(ItemResult result) implements Command {}

  private record NodeJoined(JoinJob.Joined joined) implements Command {}

  private record NodeLeft(String node) implements Command {}

  private record FetcherStopped(ActorRef<Fetcher.Command> fetcher) implements Command {}

  /**
   * @param startedAt when the job started (wall clock): the nodes time their part on the coordinator's clock
   * @param results   where the supervisor takes each URL's result
   * @param room      where the crew hears of room for one more URL
   * @param shares    hears each node's part in the job after every change, for the job's status
   */
  static Behavior<Command> create(ClusterJob job, long startedAt, ActorRef<PipelineSupervisor.Command> supervisor,
      ActorRef<ItemResult> results, ActorRef<Room> room, JobLimits limits, Consumer<List<JobStatus.NodeShare>> shares) {
    return Behaviors.setup(context -> new JobCoordinator(context, job, startedAt, supervisor, results, room, limits, shares));
  }

  private final ActorRef<PipelineSupervisor.Command> supervisor;
  private final ActorRef<ItemResult> results;
  private final ActorRef<Room> room;
  private final ActorRef<Crew.MayFetch.Answer> answers;
  private final Consumer<List<JobStatus.NodeShare>> shares;
  private final Coordination coordination = new Coordination();
  /** The URLs sent to a node and not finished, by index. */
  private final Map<Integer, JobItem> handedOut = new HashMap<>();
  /** Claims the supervisor has not answered yet, by URL (a node's claims overlap: a fetcher claims its next one early). */
  private final Map<Integer, Claim> asking = new HashMap<>();
  private JobLimits limits;
  /** The limits every node reads from the job's settings as it joins: a pace changed since is told to a joiner. */
  private final JobLimits startedWith;

  private JobCoordinator(ActorContext<Command> context, ClusterJob job, long startedAt,
      ActorRef<PipelineSupervisor.Command> supervisor, ActorRef<ItemResult> results, ActorRef<Room> room,
      JobLimits limits, Consumer<List<JobStatus.NodeShare>> shares) {
    super(context);
    this.supervisor = supervisor;
    this.results = results;
    this.room = room;
    this.limits = limits;
    this.startedWith = limits;
    this.shares = shares;
    this.answers = context.messageAdapter(Crew.MayFetch.Answer.class, Answered::new);
    String workKey = JoinCheck.workKey(job.jobId(), startedAt);
    var producer = context.spawn(WorkPullingProducerController.create(WorkOrder.class, workKey,
        Coordination.workKey(workKey), Optional.empty()), "work-pulling");
    producer.tell(new WorkPullingProducerController.Start<>(
        context.messageAdapter(WorkPullingProducerController.requestNextClass(), Demand::new)));
    JoinJob join = new JoinJob(job.jobId(), job.config(), startedAt, workKey, context.getSelf(),
        context.messageAdapter(Claim.class, Claimed::new), context.messageAdapter(ItemResult.class, Result::new),
        context.messageAdapter(JoinJob.Joined.class, NodeJoined::new));
    context.spawn(Recruiter.create(join), "recruiter");
    publishShares();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Demand.class, this::onDemand)
        .onMessage(Hand.class, this::onHand)
        .onMessage(Claimed.class, this::onClaimed)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Result.class, this::onResult)
        .onMessage(FetcherStopped.class, this::onFetcherStopped)
        .onMessage(NodeJoined.class, this::onNodeJoined)
        .onMessage(NodeLeft.class, this::onNodeLeft)
        .onMessage(Resize.class, this::onResize)
        .build();
  }

  /** A node has room for one more URL: the supervisor hands one when it has one that may start. */
  private Behavior<Command> onDemand(Demand demand) {
    coordination.demand(demand.next());
    room.tell(Room.INSTANCE);
    return this;
  }

  /** Work pulling sends it to a node with room; no fetcher has it until one claims it. */
  private Behavior<Command> onHand(Hand hand) {
    coordination.send(hand.item(), hand.saved());
    handedOut.put(hand.item().index(), hand.item());
    return this;
  }

  /**
   * A claim for a URL it did not hand out, or not as it handed it out (another URL, file name or headers), is refused
   * without asking the supervisor: the work order did not come from this coordinator.
   */
  private Behavior<Command> onClaimed(Claimed claimed) {
    Claim claim = claimed.claim();
    if (claim.item() == null || !claim.item().equals(handedOut.get(claim.index()))) {
      getContext().getLog().warn("refused a claim from node {} for URL {} of the job: this coordinator did not hand"
          + " it out as claimed", claim.node(), claim.item() == null ? "(none)" : claim.index());
      claim.replyTo().tell(new Claim.Answer(claim.item() == null ? -1 : claim.index(), false));
      return this;
    }
    asking.put(claim.index(), claim);
    supervisor.tell(new Crew.MayFetch(claim.index(), claim.fetcher(), claim.next(), answers));
    return this;
  }

  /** The supervisor's answer goes to the node; from a yes on, the fetcher is watched (its death loses the URL). */
  private Behavior<Command> onAnswered(Answered answered) {
    Crew.MayFetch.Answer answer = answered.answer();
    Claim claim = asking.get(answer.index());
    if (claim == null || !claim.fetcher().equals(answer.fetcher())) return this;
    asking.remove(answer.index());
    if (answer.go()) {
      if (coordination.claim(claim)) getContext().watchWith(claim.fetcher(), new FetcherStopped(claim.fetcher()));
      publishShares();
    } else {
      handedOut.remove(claim.index()); // it ended elsewhere, or was skipped by a cancel
    }
    claim.replyTo().tell(new Claim.Answer(claim.index(), answer.go()));
    return this;
  }

  /**
   * A node's result: the fetcher's last word on the URL, so its fetch is over too. Its file's validator is kept only
   * when it could have come from a response (as the local writer journals it): a hostile node's reaches no report.
   */
  private Behavior<Command> onResult(Result message) {
    ItemResult result = message.result();
    if (!JournalEntry.usableValidator(result.validator())) result = result.withValidator(null);
    Claim claim = coordination.ended(result.index());
    publishShares();
    results.tell(claim == null ? result : result.onNode(claim.node()));
    JobItem item = handedOut.remove(result.index());
    if (item != null) supervisor.tell(new Crew.Freed(claim == null ? null : claim.fetcher(), item));
    return this;
  }

  /**
   * A claiming fetcher stopped: its node left the cluster or died. The URLs it had not finished are the supervisor's
   * again: it hands them out anew while the job runs, else they end CANCELLED.
   */
  private Behavior<Command> onFetcherStopped(FetcherStopped stopped) {
    List<JobItem> lost = new ArrayList<>();
    for (int index : coordination.lost(stopped.fetcher())) {
      JobItem item = handedOut.remove(index);
      if (item != null) lost.add(item);
    }
    publishShares();
    supervisor.tell(new Crew.UrlsLost(lost, true, "its node left the cluster after the cancel"));
    return this;
  }

  /**
   * A node runs a worker for the job now: it is watched (its stop means it left), and told the job's limits if they
   * changed since it read them.
   */
  private Behavior<Command> onNodeJoined(NodeJoined message) {
    JoinJob.Joined joined = message.joined();
    coordination.joined(joined);
    getContext().watchWith(joined.worker(), new NodeLeft(joined.node()));
    if (joined.slots() != limits.maxInFlight() || limits.maxBytesPerSecond() > 0 || limits.maxBytesPerSecondPerUrl() > 0
        || limits.paceDiffers(startedWith)) {
      joined.worker().tell(nodeLimits());
    }
    // One node more: each one's share of the job's byte rate is smaller.
    if (limits.maxBytesPerSecond() > 0) tellEveryNode(joined.worker());
    getContext().getLog().info("node {} fetches for the job, {} at once", joined.node(), joined.slots());
    publishShares();
    return this;
  }

  private Behavior<Command> onNodeLeft(NodeLeft left) {
    coordination.left(left.node());
    getContext().getLog().info("node {} left the job", left.node());
    if (limits.maxBytesPerSecond() > 0) tellEveryNode(null);
    publishShares();
    return this;
  }

  private Behavior<Command> onResize(Resize resize) {
    limits = resize.limits();
    tellEveryNode(null);
    publishShares();
    return this;
  }

  /** Tells every node in the job but {@code told} (null: every one) its limits now. */
  private void tellEveryNode(ActorRef<JobWorker.Command> told) {
    JobWorker.Resize now = nodeLimits();
    coordination.nodes().stream().filter(node -> !node.worker().equals(told)).forEach(node -> node.worker().tell(now));
  }

  /**
   * What each node holds to: the job's max-in-flight and writer threads, each URL's byte rate, an even share of the
   * job's byte rate (each node has as many slots, so as large a part of the job), at least a byte a second, and the
   * job's per-host pace, which each node keeps on its own (see docs/cluster.md).
   */
  private JobWorker.Resize nodeLimits() {
    long rate = limits.maxBytesPerSecond();
    long share = rate <= 0 ? 0 : Math.max(1, rate / Math.max(1, coordination.nodes().size()));
    return new JobWorker.Resize(limits.maxInFlight(), limits.writerThreads(), share, limits.maxBytesPerSecondPerUrl(),
        limits.perHostDelayMs(), limits.perHostRate());
  }

  private void publishShares() {
    shares.accept(List.copyOf(coordination.shares(limits.maxInFlight())));
  }
}
