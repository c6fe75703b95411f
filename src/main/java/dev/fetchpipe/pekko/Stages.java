package dev.fetchpipe.pekko;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Short forms for a behaviour's handlers that do one thing and stay in their stage. */
public final class Stages {
  private Stages() {}

  /** Does {@code what}, and the stage goes on as it is. */
  public static <T> Behavior<T> same(Runnable what) {
    what.run();
    return Behaviors.same();
  }

  /** Tells {@code replyTo} its answer, and the stage goes on as it is. */
  public static <T, A> Behavior<T> tell(ActorRef<A> replyTo, A answer) {
    replyTo.tell(answer);
    return Behaviors.same();
  }
}
