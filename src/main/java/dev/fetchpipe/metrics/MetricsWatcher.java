package dev.fetchpipe.metrics;

import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.WriterPool;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hears a job's {@link JobEvent}s and hands each to the job's {@link JobMetrics}: what {@code run --metrics-port} runs
 * beside its job (the daemon's jobs feed theirs from their own actor). Its protocol is the pipeline's JobEvent; it
 * stops once it has seen the job's end, as a watcher run beside a job does.
 */
public final class MetricsWatcher {

  private MetricsWatcher() {}

  /**
   * @param id               the job's {@code job_id} label
   * @param writerDispatcher the dispatcher the job writes on, whose {@link WriterPool} the writer gauges show
   */
  public static Behavior<JobEvent> create(FetchpipeMetrics metrics, String id, String writerDispatcher) {
    return Behaviors.setup(context -> {
      ActorSystem<Void> system = context.getSystem();
      JobMetrics job = metrics.job(id, () -> WriterPool.of(system, writerDispatcher));
      return Behaviors.receiveMessage(event -> {
        job.observe(event);
        return event instanceof JobEvent.Ended ? Behaviors.stopped() : Behaviors.same();
      });
    });
  }
}
