package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The progress of a job as its owner ({@code run}'s client) draws it: a watcher of the job at the pace the client's
 * console redraws (every spinner or plain interval, changed or not, with the bytes of bodies still arriving), passing
 * each progress straight to the owner's stream, as run's own console hears it in process. A watcher of its own beside
 * the {@link DaemonJob}, whose progress comes at the pace of a record (every 250 ms when changed) for the API's other
 * streams and the job list. It stops with the job.
 */
final class OwnerProgress {
  private OwnerProgress() {}

  /** @param statusJson how the daemon shows a status (with the job's id) */
  static Behavior<JobEvent> create(ActorRef<JobFeed> owner, Function<JobStatus, ObjectNode> statusJson) {
    return Behaviors.receiveMessage(event -> {
      if (event instanceof JobEvent.Progress progress) owner.tell(EventJson.of(progress, statusJson));
      return event instanceof JobEvent.Ended ? Behaviors.stopped() : Behaviors.same();
    });
  }
}
