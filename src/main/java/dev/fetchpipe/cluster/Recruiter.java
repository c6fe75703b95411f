package dev.fetchpipe.cluster;

import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The coordinator's side of "every node takes part": it follows the Receptionist's list of {@link NodeAgent}s and asks
 * each one to join the job, the coordinator's own node included, and any node that joins the cluster mid-job. It asks
 * every listed node again every {@link #ASK_AGAIN_EVERY}: a node already fetching for the job ignores it, and one whose
 * invitation went astray (a coordinator that has just started again, say) joins then. Only nodes up and reachable are
 * asked: the Receptionist lists a node's agent a while after it has left, and asking a node that is gone opens a
 * connection to nothing (a WARN on this node for each, where a clean leave should be quiet).
 */
public final class Recruiter extends AbstractBehavior<Recruiter.Command> {
  static final Duration ASK_AGAIN_EVERY = Duration.ofSeconds(2);

  public interface Command {}

  private record Listed(Receptionist.Listing listing) implements Command {}

  private enum AskAgain implements Command { INSTANCE }

  public static Behavior<Command> create(JoinJob join) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(AskAgain.INSTANCE, ASK_AGAIN_EVERY);
      return new Recruiter(context, join);
    }));
  }

  private final JoinJob join;
  /** The agents the Receptionist lists now, every one of them asked. */
  private Set<ActorRef<NodeAgent.Command>> agents = Set.of();

  private Recruiter(ActorContext<Command> context, JoinJob join) {
    super(context);
    this.join = join;
    ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Listed::new);
    context.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.KEY, listings));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Listed.class, this::onListed)
        .onMessageEquals(AskAgain.INSTANCE, () -> {
          agents.stream().filter(this::isUp).forEach(agent -> agent.tell(join));
          return this;
        })
        .build();
  }

  private Behavior<Command> onListed(Listed listed) {
    Set<ActorRef<NodeAgent.Command>> now = listed.listing().getServiceInstances(NodeAgent.KEY);
    now.stream().filter(agent -> !agents.contains(agent) && isUp(agent)).forEach(agent -> agent.tell(join));
    agents = now;
    return this;
  }

  /** The agent's node is a member up (or weakly up) and reachable: this node's own always is. */
  private boolean isUp(ActorRef<NodeAgent.Command> agent) {
    Address address = agent.path().address();
    if (address.hasLocalScope()) return true;
    ClusterEvent.CurrentClusterState state = Cluster.get(getContext().getSystem()).state();
    for (Member member : state.getMembers()) {
      if (!member.address().equals(address)) continue;
      boolean up = member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp();
      return up && !state.getUnreachable().contains(member);
    }
    return false;
  }
}
