package dev.fetchpipe.daemon;

import org.apache.pekko.actor.typed.ActorRef;

/** Who waits for a new job's first answer (its 201, or why not): told once, then no more. */
final class Starter {
  private ActorRef<ApiReply> waiting;

  /** @param waiting who waits, or null for a job carried on after a restart (no one waits) */
  Starter(ActorRef<ApiReply> waiting) {
    this.waiting = waiting;
  }

  boolean waiting() {
    return waiting != null;
  }

  void answer(ApiReply reply) {
    if (waiting != null) waiting.tell(reply);
    waiting = null;
  }
}
