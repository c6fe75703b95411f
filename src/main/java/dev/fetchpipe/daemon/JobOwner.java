package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.pipeline.Watcher;
import dev.fetchpipe.report.CancelSource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The connection a daemon job belongs to ({@code run}'s, submitted with {@code attach=true}), which follows the job to
 * its end: it hears every event but items, and the progress at {@code pace}, the pace its console draws (every spinner
 * or plain interval, changed or not, with the bytes of bodies still arriving), as run's console hears it in process.
 * When it goes away before the job's end, the {@link DaemonJob} aborts the job at once ({@link #abort}).
 *
 * @param stream the connection's event stream
 * @param pace   how often its console draws the progress
 */
public record JobOwner(ActorRef<JobFeed> stream, Watcher.Pace pace) {
  /** Why a job whose client went away ends. */
  static final String GONE = "its client went away";

  /**
   * The watcher that sends the owner its progress at its pace, spawned beside the job's supervisor (the job's own
   * watcher hears the progress at the pace of a record, for the API's other streams); none when it draws none.
   *
   * @param statusJson how the daemon shows a status (with the job's id)
   */
  Optional<Watcher> progress(ActorContext<?> context, Function<JobStatus, ObjectNode> statusJson) {
    if (pace.every() == null) return Optional.empty();
    Behavior<JobEvent> forwarding = Behaviors.receiveMessage(event -> {
      if (event instanceof JobEvent.Progress progress) stream.tell(EventJson.of(progress, statusJson));
      return event instanceof JobEvent.Ended ? Behaviors.stopped() : Behaviors.same();
    });
    return Optional.of(new Watcher(context.spawn(forwarding, "owner-progress"), pace, false));
  }

  /**
   * How often a job's check of an earlier run's files is told: at the pace {@code owner}'s console draws (it draws
   * every event it is sent), else (no owner, or one that draws none) at a record's pace.
   */
  static Duration checkPace(JobOwner owner) {
    return owner != null && owner.pace().every() != null ? owner.pace().every() : Watcher.Pace.STATUS.every();
  }

  /**
   * The job of a client that went away without a word (killed, its terminal closed) is aborted at once, as the client's
   * own end would have ended it, and journaled, so that the next run resumes it.
   */
  static void abort(ActorRef<PipelineSupervisor.Command> supervisor) {
    supervisor.tell(new PipelineSupervisor.Cancel(CancelSource.REQUEST, GONE));
    // A cancel while one is under way aborts.
    supervisor.tell(new PipelineSupervisor.Cancel(CancelSource.REQUEST, GONE));
  }
}
