package dev.fetchpipe.cluster;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.pipeline.BodyBytes;
import dev.fetchpipe.pipeline.CookieJar;
import dev.fetchpipe.pipeline.DiskWriter;
import dev.fetchpipe.pipeline.FetchGauges;
import dev.fetchpipe.pipeline.HostGate;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.pipeline.WriterPool;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
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
 * {@link Fetcher}s (max-in-flight of them, the job's setting as this node reads it) is free or has no URL claimed after
 * its own ({@link Lineup}), so a node with room takes more and URLs not started stay in the coordinator's queue. Each
 * URL is claimed from the coordinator for a fetcher before it is fetched; the fetcher writes its body with this node's
 * {@link DiskWriter} (on a writer pool of its own, keeping no journal: the coordinator journals) and sends the result
 * straight to the coordinator.
 *
 * <p>A URL is confirmed to work pulling as soon as its claim is sent: the coordinator then knows which fetcher has it,
 * watches that fetcher, and hands the URL out again if it dies. A URL handed to this node and not claimed yet is not
 * confirmed, so if the node dies work pulling sends it to another node.
 *
 * <p>The worker ends with the job (its coordinator stops), or when its node leaves the cluster ({@link Leave}: the
 * URLs under way and claimed are finished, the one held and not claimed yet goes back, unconfirmed, when the worker stops).
 */
public final class JobWorker extends AbstractBehavior<JobWorker.Command> {

  public interface Command {}

  /**
   * From the coordinator: fetch this many URLs at once on this node from now on, with this many writer threads,
   * this node's share of the job's body bytes a second, and each URL's (0: no limit), and pace each host this node
   * sends to (least milliseconds between two request starts, most requests a second; 0: none).
   */
  public record Resize(int slots, int writerThreads, long bytesPerSecond, long bytesPerSecondPerUrl,
      long perHostDelayMs, double perHostRate) implements Command, ClusterMessage {

    /** A resize with no byte rates and no pace. */
    public Resize(int slots, int writerThreads) {
      this(slots, writerThreads, 0, 0);
    }

    /** A resize with no pace. */
    public Resize(int slots, int writerThreads, long bytesPerSecond, long bytesPerSecondPerUrl) {
      this(slots, writerThreads, bytesPerSecond, bytesPerSecondPerUrl, 0, 0);
    }
  }

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
  private final String jobId;
  private final String workKey;
  private final String writers;
  private final ActorRef<Claim.Answer> answers;
  private final ActorRef<Fetcher.Free> freed;
  /**
   * This node's fetchers for the job and the URLs claimed for them: at most the job's max-in-flight busy, each with one
   * more URL claimed after its own. A free one waits idle for the next URL even beyond that after a resize down:
   * stopping it would tell the coordinator, who watches it, that it died, and its last body may still be with the
   * writer. When the node leaves they retire.
   */
  private final Lineup<ActorRef<Fetcher.Command>> fetchers;
  /** Fetchers told to retire as the node leaves, until they stop (each once its last write has ended). */
  private final Set<ActorRef<Fetcher.Command>> retiring = new HashSet<>();
  private int fetchersSpawned;
  /** The URL work pulling delivered and this worker has not claimed yet: it waits for a fetcher to claim it for. */
  private ConsumerController.Delivery<WorkOrder> held;
  /** The earlier runs' files of URLs claimed here that are asked for only if they changed, by the item's index. */
  private final Map<Integer, JournalEntry> revalidating = new HashMap<>();
  private boolean leaving;

  private JobWorker(ActorContext<Command> context, JoinJob join, FetchpipeSettings settings, String node) {
    super(context);
    var system = context.getSystem();
    this.jobId = join.jobId();
    this.workKey = join.workKey();
    this.writers = WriterPool.register(system, "node-writer-" + join.jobId(), settings.writer().poolSize());
    ActorRef<DiskWriter.Command> writer = context.spawn(
        DiskWriter.create(settings.job().outputDir(), settings.writer().fsync(), null), "writer",
        DispatcherSelector.fromConfig(writers));
    FetchpipeSettings own = settings.withWriterDispatcher(writers);
    this.job = new NodeJob(node, own, own.connectionPool(), writer, join.claims(), join.results(),
        JobClock.startedAt(join.startedAtEpochMs()),
        // Until the coordinator tells this node its share (at once, as it joins): each URL's rate, and no node the
        // whole job's more than the job's rate. Hosts are paced and paused by this node's fetchers alone.
        new FetchGauges(new BodyBytes(settings.fetch().maxBytesPerSecond(),
            settings.fetch().maxBytesPerSecondPerUrl()), HostGate.of(settings.fetch())),
        CookieJar.of(settings.fetch().request().cookies().seed()));
    this.answers = context.messageAdapter(Claim.Answer.class, Answered::new);
    this.freed = context.messageAdapter(Fetcher.Free.class, FetcherFree::new);
    this.fetchers = new Lineup<>(settings.fetch().maxInFlight());
    context.watchWith(join.coordinator(), CoordinatorGone.INSTANCE);
    ActorRef<ConsumerController.Delivery<WorkOrder>> deliveries =
        context.messageAdapter(ConsumerController.deliveryClass(), Delivered::new);
    ActorRef<ConsumerController.Command<WorkOrder>> consumer = context.spawn(ConsumerController.create(
        Coordination.workKey(join.workKey()), consumerSettings(system, settings.fetch().maxInFlight())), "consumer");
    consumer.tell(new ConsumerController.Start<>(deliveries));
    join.joined().tell(new JoinJob.Joined(node, settings.fetch().maxInFlight(), context.getSelf()));
  }

  /**
   * Work pulling's window for this node: how many URLs may be on their way to it or held unclaimed. Work pulling asks
   * for half a window more once half has come, so a node's URLs arrive in batches of half a window per round trip to
   * the coordinator: with a window of the node's fetchers, a node keeps every fetcher fed while that round trip takes
   * up to half a fetch. Never below 3 (with 2, work pulling stops after the second URL).
   */
  static ConsumerController.Settings consumerSettings(ActorSystem<?> system, int slots) {
    return ConsumerController.Settings$.MODULE$.create(system).withFlowControlWindow(Math.max(3, slots));
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

  /**
   * A work order that is not this job's (another producer than the job's work pulling) or whose file name would leave
   * the job's output dir is refused with a log line: confirmed, never claimed, nothing written.
   */
  private Behavior<Command> onDelivered(Delivered delivered) {
    ConsumerController.Delivery<WorkOrder> delivery = delivered.delivery();
    String refusal = WorkOrderCheck.refusal(delivery, workKey, job.settings().job().outputDir());
    if (refusal != null) {
      getContext().getLog().warn("refused a work order for job {}: {}", jobId, refusal);
      delivery.confirmTo().tell(ConsumerController.confirmed());
      return this;
    }
    held = delivery;
    claimHeld();
    return this;
  }

  /**
   * Claims the held URL for a fetcher that may take it (an idle one, or one still on its URL with nothing claimed
   * after it) and confirms it to work pulling at once, so the next URL comes while the claim travels: claims overlap,
   * and a fetcher's next URL is claimed while it still fetches. The claim is sent before the confirmation, over the same
   * connection to the coordinator's node (one outbound lane: reference.conf), so a confirmation that arrives there comes
   * after its claim: if this node dies the coordinator hands the claimed URLs out again, and work pulling those it held
   * unconfirmed.
   */
  private void claimHeld() {
    if (held == null || leaving) return;
    JobItem item = held.message().item();
    ActorRef<Fetcher.Command> fetcher = fetchers.claimFor(item, this::spawnFetcher);
    if (fetcher == null) return;
    if (held.message().saved() != null) revalidating.put(item.index(), held.message().saved());
    job.claims().tell(new Claim(item, job.node(), fetcher, fetchers.isFetching(fetcher), answers));
    held.confirmTo().tell(ConsumerController.confirmed());
    held = null;
  }

  private ActorRef<Fetcher.Command> spawnFetcher() {
    ActorRef<Fetcher.Command> fetcher = getContext().spawn(Fetcher.create(job.settings(), job.pool(), job.writer(),
        job.results(), freed, job.clock(), job.gauges(), job.cookies()), "fetcher-" + (++fetchersSpawned));
    getContext().watchWith(fetcher, new FetcherStopped(fetcher));
    return fetcher;
  }

  /**
   * Yes: its fetcher fetches it now, or next if it is still on a URL. No: it ended elsewhere, or the job was cancelled
   * before it started.
   */
  private Behavior<Command> onAnswered(Answered answered) {
    Lineup.Start<ActorRef<Fetcher.Command>> start =
        fetchers.answered(answered.answer().index(), answered.answer().go(), this::retire);
    if (!answered.answer().go()) revalidating.remove(answered.answer().index());
    if (start != null) start.fetcher().tell(new Fetcher.Fetch(start.item(), null, revalidating.remove(start.item().index())));
    if (leaving) return stopWhenAllRetired();
    claimHeld();
    return this;
  }

  /** A fetcher is free: it starts the URL claimed for it next, if any, at once. */
  private Behavior<Command> onFetcherFree(FetcherFree message) {
    ActorRef<Fetcher.Command> fetcher = message.free().fetcher();
    JobItem then = fetchers.freed(fetcher, this::retire);
    if (then != null) fetcher.tell(new Fetcher.Fetch(then, null, revalidating.remove(then.index())));
    if (leaving) return stopWhenAllRetired();
    claimHeld();
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
    if (leaving) return stopWhenAllRetired();
    claimHeld();
    return this;
  }

  /** More fetchers at once take URLs now; fewer: the extra ones, once free, wait idle (see fetchers). */
  private Behavior<Command> onResize(Resize resize) {
    fetchers.setLimit(resize.slots(), this::retire);
    WriterPool.resize(getContext().getSystem(), writers, resize.writerThreads());
    job.gauges().bytes().rates(resize.bytesPerSecond(), resize.bytesPerSecondPerUrl());
    // Only the coordinator sends this, and it sends what its API checked; a pace out of bounds is never taken.
    if (resize.perHostDelayMs() >= 0 && resize.perHostRate() >= 0) {
      job.gauges().hosts().pace(resize.perHostDelayMs(), resize.perHostRate());
    }
    claimHeld();
    return this;
  }

  /**
   * Finishes the URLs under way and those claimed, and stops once every fetcher has retired, its last write ended;
   * stopping stops the consumer controller, and work pulling sends the URLs held and not claimed to another node.
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
