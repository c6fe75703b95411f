package dev.fetchpipe.cluster;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.DiskWriter;
import dev.fetchpipe.pipeline.FetchGauges;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.FetcherPool;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.pipeline.WriterPool;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One job's part on one node: the job's worker in Pekko's work pulling. Its {@link ConsumerController} is registered
 * under the job's key, so the coordinator's producer controller finds it; it takes a URL only when one of its
 * {@link Fetcher}s is free (max-in-flight of them, the job's setting as this node reads it), so a node with room takes
 * more and URLs not started stay in the coordinator's queue. Each URL is claimed from the coordinator first; the fetcher
 * writes its body with this node's {@link DiskWriter} (on a writer pool of its own, keeping no journal: the coordinator
 * journals) and sends the result straight to the coordinator.
 *
 * <p>A URL is confirmed to work pulling as soon as the coordinator has answered its claim: from then on the coordinator
 * knows which fetcher has it, watches that fetcher, and hands the URL out again if it dies. A URL handed to this node
 * and not claimed yet is not confirmed, so if the node dies work pulling sends it to another node.
 *
 * <p>The worker ends with the job (its coordinator stops), or when its node leaves the cluster ({@link Leave}: the
 * URLs under way are finished, the one held and not claimed yet goes back, unconfirmed, when the worker stops).
 */
public final class JobWorker extends AbstractBehavior<JobWorker.Command> {

  public interface Command {}

  /** From the coordinator: fetch this many URLs at once on this node from now on, with this many writer threads. */
  public record Resize(int slots, int writerThreads) implements Command, ClusterMessage {}

  /** The node is leaving: finish what is under way, hand back the rest, then stop. */
  enum Leave implements Command { INSTANCE }

  private record Delivered(ConsumerController.Delivery<WorkOrder> delivery) implements Command {}

  private record Answered(Claim.Answer answer) implements Command {}

  private record FetcherFree(Fetcher.Free free) implements Command {}

  private record FetcherStopped(ActorRef<Fetcher.Command> fetcher) implements Command {}

  private enum CoordinatorGone implements Command { INSTANCE }

  static Behavior<Command> create(JoinJob join, FetchpipeSettings settings, String node) {
    return Behaviors.setup(context -> new JobWorker(context, join, settings, node));
  }

  private final NodeJob job;
  private final String writers;
  private final ActorRef<Claim.Answer> answers;
  private final ActorRef<Fetcher.Free> freed;
  /**
   * This node's fetchers for the job, at most the job's max-in-flight busy, one being claimed for included. A free one
   * waits idle for the next URL even beyond that after a resize down: stopping it would tell the coordinator, who
   * watches it, that it died, and its last body may still be with the writer. When the node leaves they retire.
   */
  private final FetcherPool<ActorRef<Fetcher.Command>> fetchers;
  /** Fetchers told to retire as the node leaves, until they stop (each once its last write has ended). */
  private final Set<ActorRef<Fetcher.Command>> retiring = new HashSet<>();
  private int fetchersSpawned;
  /** The URL work pulling delivered and this worker has not confirmed yet: waiting for a free fetcher, or its claim. */
  private ConsumerController.Delivery<WorkOrder> held;
  /** The fetcher {@code held} is claimed for, while the claim is out; null when none is. */
  private ActorRef<Fetcher.Command> claimedFor;
  private boolean leaving;

  private JobWorker(ActorContext<Command> context, JoinJob join, FetchpipeSettings settings, String node) {
    super(context);
    var system = context.getSystem();
    this.writers = WriterPool.register(system, "node-writer-" + join.jobId(), settings.writer().poolSize());
    ActorRef<DiskWriter.Command> writer = context.spawn(
        DiskWriter.create(settings.job().outputDir(), settings.writer().fsync(), null), "writer",
        DispatcherSelector.fromConfig(writers));
    FetchpipeSettings own = settings.withWriterDispatcher(writers);
    this.job = new NodeJob(node, own, own.connectionPool(), writer, join.claims(), join.results(),
        JobClock.startedAt(join.startedAtEpochMs()), new FetchGauges());
    this.answers = context.messageAdapter(Claim.Answer.class, Answered::new);
    this.freed = context.messageAdapter(Fetcher.Free.class, FetcherFree::new);
    this.fetchers = FetcherPool.keepingSpares(settings.fetch().maxInFlight());
    context.watchWith(join.coordinator(), CoordinatorGone.INSTANCE);
    ActorRef<ConsumerController.Delivery<WorkOrder>> deliveries =
        context.messageAdapter(ConsumerController.deliveryClass(), Delivered::new);
    ActorRef<ConsumerController.Command<WorkOrder>> consumer =
        context.spawn(ConsumerController.create(Coordination.workKey(join.workKey())), "consumer");
    consumer.tell(new ConsumerController.Start<>(deliveries));
    join.joined().tell(new JoinJob.Joined(node, settings.fetch().maxInFlight(), context.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(FetcherFree.class, this::onFetcherFree)
        .onMessage(FetcherStopped.class, this::onFetcherStopped)
        .onMessage(Resize.class, this::onResize)
        .onMessageEquals(Leave.INSTANCE, this::onLeave)
        .onMessageEquals(CoordinatorGone.INSTANCE, () -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onDelivered(Delivered delivered) {
    held = delivered.delivery();
    claimWhenFree();
    return this;
  }

  /** Claims the held URL once a fetcher is free for it (and none is being claimed already). */
  private void claimWhenFree() {
    if (held == null || claimedFor != null || leaving || !fetchers.hasRoom()) return;
    JobItem item = held.message().item();
    claimedFor = fetchers.assign(item, this::spawnFetcher);
    job.claims().tell(new Claim(item.index(), job.node(), claimedFor, answers));
  }

  private ActorRef<Fetcher.Command> spawnFetcher() {
    ActorRef<Fetcher.Command> fetcher = getContext().spawn(Fetcher.create(job.settings(), job.pool(), job.writer(),
        job.results(), freed, job.clock(), job.gauges()), "fetcher-" + (++fetchersSpawned));
    getContext().watchWith(fetcher, new FetcherStopped(fetcher));
    return fetcher;
  }

  /** Yes: the fetcher fetches it. No: it ended elsewhere, or the job was cancelled. Either way it is confirmed now. */
  private Behavior<Command> onAnswered(Answered answered) {
    if (held == null || claimedFor == null || answered.answer().index() != held.message().item().index()) return this;
    ActorRef<Fetcher.Command> fetcher = claimedFor;
    JobItem item = held.message().item();
    claimedFor = null;
    if (answered.answer().go()) {
      fetcher.tell(new Fetcher.Fetch(item));
    } else {
      fetchers.freed(fetcher, this::retire);
    }
    // The next URL is delivered only once this one is confirmed.
    held.confirmTo().tell(ConsumerController.confirmed());
    held = null;
    return leaving ? stopWhenAllRetired() : this;
  }

  private Behavior<Command> onFetcherFree(FetcherFree message) {
    if (fetchers.freed(message.free().fetcher(), this::retire) == null) return this;
    if (leaving) return stopWhenAllRetired();
    claimWhenFree();
    return this;
  }

  /** It stops once the write of its last body has ended. */
  private void retire(ActorRef<Fetcher.Command> fetcher) {
    fetcher.tell(Fetcher.Retire.INSTANCE);
    retiring.add(fetcher);
  }

  /** A fetcher that failed: its URL, if it had one, is the coordinator's to hand out again (it watches fetchers too). */
  private Behavior<Command> onFetcherStopped(FetcherStopped stopped) {
    fetchers.stopped(stopped.fetcher());
    retiring.remove(stopped.fetcher());
    // The URL held was being claimed for it: claimed again for another fetcher (the second claim replaces the first).
    if (stopped.fetcher().equals(claimedFor)) claimedFor = null;
    if (leaving) return stopWhenAllRetired();
    claimWhenFree();
    return this;
  }

  /** More fetchers at once take URLs now; fewer: the extra ones, once free, wait idle (see fetchers). */
  private Behavior<Command> onResize(Resize resize) {
    fetchers.setLimit(resize.slots(), this::retire);
    WriterPool.resize(getContext().getSystem(), writers, resize.writerThreads());
    claimWhenFree();
    return this;
  }

  /**
   * Finishes the URLs under way and stops once every fetcher has retired, its last write ended; stopping stops the
   * consumer controller, and work pulling sends the URL held and not claimed (if any) to another node.
   */
  private Behavior<Command> onLeave() {
    leaving = true;
    fetchers.retireAll(this::retire);
    return stopWhenAllRetired();
  }

  private Behavior<Command> stopWhenAllRetired() {
    return fetchers.busyCount() == 0 && retiring.isEmpty() ? Behaviors.stopped() : this;
  }
}
