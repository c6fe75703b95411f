package dev.fetchpipe.cluster;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.pipeline.DiskWriter;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.pipeline.WriterPool;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One job's part on one node: max-in-flight {@link FetchSlot}s (the job's setting, read on this node) pulling the
 * job's URLs, and this node's {@link DiskWriter} for it on a writer pool of its own. The writer keeps no journal: the
 * coordinator journals every outcome. The worker ends with the job (its coordinator stops), or when its node leaves
 * the cluster ({@link Leave}: each slot finishes the URL it fetches, and what it held but had not started goes back).
 */
public final class JobWorker extends AbstractBehavior<JobWorker.Command> {

  public interface Command {}

  /** From the coordinator: fetch this many URLs at once on this node from now on, with this many writer threads. */
  public record Resize(int slots, int writerThreads) implements Command, ClusterMessage {}

  /** The node is leaving: finish what is under way, hand back the rest, then stop. */
  enum Leave implements Command { INSTANCE }

  private record SlotStopped(ActorRef<FetchSlot.Command> slot) implements Command {}

  private enum CoordinatorGone implements Command { INSTANCE }

  static Behavior<Command> create(JoinJob join, FetchpipeSettings settings, String node) {
    return Behaviors.setup(context -> new JobWorker(context, join, settings, node));
  }

  private final NodeJob job;
  private final String writers;
  private final Set<ActorRef<FetchSlot.Command>> slots = new HashSet<>();
  private int slotsWanted;
  private int slotsSpawned;
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
        JobClock.startedAt(join.startedAtEpochMs()), new LongAdder(), Coordination.workKey(join.workKey()));
    context.watchWith(join.coordinator(), CoordinatorGone.INSTANCE);
    slotsWanted = settings.fetch().maxInFlight();
    spawnSlots();
    join.joined().tell(new JoinJob.Joined(node, slotsWanted, context.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resize.class, this::onResize)
        .onMessage(SlotStopped.class, this::onSlotStopped)
        .onMessageEquals(Leave.INSTANCE, this::onLeave)
        .onMessageEquals(CoordinatorGone.INSTANCE, () -> Behaviors.stopped())
        .build();
  }

  private void spawnSlots() {
    while (!leaving && slots.size() < slotsWanted) {
      ActorRef<FetchSlot.Command> slot = getContext().spawn(FetchSlot.create(job), "slot-" + (++slotsSpawned));
      getContext().watchWith(slot, new SlotStopped(slot));
      slots.add(slot);
    }
  }

  /** More slots start at once; fewer: the extra ones finish their URL and stop, as when the node leaves. */
  private Behavior<Command> onResize(Resize resize) {
    if (leaving) return this;
    slotsWanted = resize.slots();
    slots.stream().skip(slotsWanted).toList().forEach(slot -> {
      slots.remove(slot);
      slot.tell(FetchSlot.Leave.INSTANCE);
    });
    spawnSlots();
    WriterPool.resize(getContext().getSystem(), writers, resize.writerThreads());
    return this;
  }

  private Behavior<Command> onSlotStopped(SlotStopped stopped) {
    slots.remove(stopped.slot());
    if (leaving) return slots.isEmpty() ? Behaviors.stopped() : this;
    spawnSlots(); // a slot that failed is replaced; its URL went back to the job unconfirmed
    return this;
  }

  private Behavior<Command> onLeave() {
    leaving = true;
    slots.forEach(slot -> slot.tell(FetchSlot.Leave.INSTANCE));
    return slots.isEmpty() ? Behaviors.stopped() : this;
  }
}
