package dev.fetchpipe.cluster;

import dev.fetchpipe.pipeline.Fetcher;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One URL at a time of a job, on one node: a worker of the job's work pulling. Its {@link ConsumerController} is
 * registered under the job's key, so the coordinator's producer controller finds it on whatever node it runs. For each
 * URL handed to it, it claims the URL from the coordinator, has its {@link Fetcher} fetch it (the fetcher writes the
 * body with this node's writer and sends the result straight to the coordinator), and confirms the URL only once the
 * fetcher is free: a URL this node had not finished when it died is handed to another node.
 *
 * <p>The flow-control window is 3 (pekko.reliable-delivery.consumer-controller.flow-control-window in reference.conf),
 * the least with which work pulling keeps going: a slot holds a URL or two beside the one it fetches, so URLs stay in the coordinator's queue until a slot somewhere has room (a faster node takes more, and a
 * node joining mid-job finds work).
 */
final class FetchSlot extends AbstractBehavior<FetchSlot.Command> {

  interface Command {}

  /** Finish the URL under way, if any, then stop; a URL handed to it but not started goes back, unconfirmed. */
  enum Leave implements Command { INSTANCE }

  private record Delivered(ConsumerController.Delivery<WorkOrder> delivery) implements Command {}

  private record Answered(Claim.Answer answer) implements Command {}

  private record FetcherFree(Fetcher.Free free) implements Command {}

  static Behavior<Command> create(NodeJob job) {
    return Behaviors.setup(context -> new FetchSlot(context, job));
  }

  private final NodeJob job;
  private final ActorRef<Fetcher.Command> fetcher;
  private final ActorRef<Claim.Answer> answers;
  /** The URL handed to this slot and not confirmed yet, or null. */
  private ConsumerController.Delivery<WorkOrder> current;
  private boolean leaving;

  private FetchSlot(ActorContext<Command> context, NodeJob job) {
    super(context);
    this.job = job;
    this.answers = context.messageAdapter(Claim.Answer.class, Answered::new);
    ActorRef<Fetcher.Free> free = context.messageAdapter(Fetcher.Free.class, FetcherFree::new);
    this.fetcher = context.spawn(Fetcher.create(job.settings(), job.pool(), job.writer(), job.results(), free,
        job.clock(), job.received()), "fetcher");
    ActorRef<ConsumerController.Delivery<WorkOrder>> deliveries =
        context.messageAdapter(ConsumerController.deliveryClass(), Delivered::new);
    ActorRef<ConsumerController.Command<WorkOrder>> consumer =
        context.spawn(ConsumerController.create(job.workKey()), "consumer");
    consumer.tell(new ConsumerController.Start<>(deliveries));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(FetcherFree.class, free -> confirm())
        .onMessageEquals(Leave.INSTANCE, this::onLeave)
        .build();
  }

  private Behavior<Command> onDelivered(Delivered delivered) {
    // Leaving: not claimed, not confirmed; work pulling hands it to another node once this slot is gone.
    if (leaving) return Behaviors.stopped();
    current = delivered.delivery();
    job.claims().tell(new Claim(current.message().item().index(), job.node(), fetcher, answers));
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    if (current == null || answered.answer().index() != current.message().item().index()) return this;
    if (!answered.answer().go()) return confirm();
    fetcher.tell(new Fetcher.Fetch(current.message().item()));
    return this;
  }

  /** The URL is done with (fetched, or not to be): the next one may come, or the slot stops if it is leaving. */
  private Behavior<Command> confirm() {
    if (current == null) return this;
    current.confirmTo().tell(ConsumerController.confirmed());
    current = null;
    return leaving ? Behaviors.stopped() : this;
  }

  private Behavior<Command> onLeave() {
    leaving = true;
    return current == null ? Behaviors.stopped() : this;
  }
}
