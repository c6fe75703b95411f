package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.job.OutputDir;

/** What the sequential and threads engines need before their first request: the plan and the output dir. */
final class BlockingJob {
  private BlockingJob() {}

  /** The same plan, so the same file names, as the pipeline makes for this job. */
  static JobPlan plan(FetchpipeSettings settings) {
    if (settings.job().source() instanceof UrlSource.Flags flags && flags.embedded()) {
      // SharedOrigins points the job at a started origin first; only the actors engine can start its own.
      throw new IllegalStateException("start the embedded origin first (SharedOrigins) and pass its URL as base-url");
    }
    return JobPlan.of(settings.job().source(), null, settings.job().layout());
  }

  /**
   * The output dir, opened as JobRunner opens it (created, locked against a second run, a write probed, stale
   * temporary files removed) and held until the engine closes it.
   */
  static OutputDir openOutputDir(FetchpipeSettings settings) {
    return OutputDir.open(settings.job().outputDir());
  }
}
