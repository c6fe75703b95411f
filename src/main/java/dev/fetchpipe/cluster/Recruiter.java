package dev.fetchpipe.cluster;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The coordinator's side of "every node takes part": it follows the Receptionist's list of {@link NodeAgent}s and asks
 * each one it has not asked yet to join the job, the coordinator's own node included, and any node that joins the
 * cluster mid-job.
 */
public final class Recruiter {
  private Recruiter() {}

  public static Behavior<Receptionist.Listing> create(JoinJob join) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.KEY, context.getSelf()));
      Set<ActorRef<NodeAgent.Command>> asked = new HashSet<>();
      return Behaviors.receiveMessage(listing -> {
        for (ActorRef<NodeAgent.Command> agent : listing.getServiceInstances(NodeAgent.KEY)) {
          if (asked.add(agent)) agent.tell(join);
        }
        return Behaviors.same();
      });
    });
  }
}
