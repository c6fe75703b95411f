package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.pipeline.JobRunner;
import dev.fetchpipe.report.JobReport;
import java.util.List;

/** fetchpipe itself: the actor pipeline, exactly as `fetchpipe run` starts it, with its header and summary muted. */
final class ActorEngine {
  private ActorEngine() {}

  static JobReport run(FetchpipeSettings settings, RunCancel cancel) {
    try {
      // No watcher: the job shows nothing, and SharedOrigins has pointed it at a started origin.
      return JobRunner.run(settings, null, List.of(), cancel::attach);
    } finally {
      cancel.detach();
    }
  }
}
