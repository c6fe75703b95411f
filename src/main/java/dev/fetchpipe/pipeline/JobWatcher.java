package dev.fetchpipe.pipeline;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who watches a job from outside (the daemon, run's metrics), as its supervisor tells it: every {@link JobEvent} as it
 * happens, told and never asked (a slow watcher cannot hold the job up), and on each tick the job's status, when
 * anything changed since the last. Nobody ({@code null}) is told nothing. Plain data, used by the supervisor only.
 */
final class JobWatcher {
  private final ActorRef<JobEvent> watcher;
  private boolean changed;

  JobWatcher(ActorRef<JobEvent> watcher) {
    this.watcher = watcher;
  }

  boolean exists() {
    return watcher != null;
  }

  /** Tells the event; the next tick sends the status. */
  void tell(JobEvent event) {
    if (watcher != null) watcher.tell(event);
    changed = true;
  }

  /** Something the status shows changed (a URL started or was claimed): the next tick sends it. */
  void changed() {
    changed = true;
  }

  /** The tick: a {@link JobEvent.Progress} with the status now, when anything changed and {@code live}. */
  void tick(boolean live, Supplier<JobStatus> status) {
    if (!changed || !live) return;
    changed = false;
    if (watcher != null) watcher.tell(new JobEvent.Progress(status.get()));
  }
}
