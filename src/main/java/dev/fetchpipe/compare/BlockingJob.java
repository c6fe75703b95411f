package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.job.JobPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the sequential and threads engines need before their first request: the plan and a usable output dir. */
final class BlockingJob {
  private BlockingJob() {}

  /** The same plan, so the same file names, as the pipeline makes for this job. */
  static JobPlan plan(FetchpipeSettings settings) {
    if (settings.job().source() instanceof UrlSource.Flags flags && flags.embedded()) {
      // SharedOrigins points the job at a started origin first; only the actors engine can start its own.
      throw new IllegalStateException("start the embedded origin first (SharedOrigins) and pass its URL as base-url");
    }
    return JobPlan.of(settings.job().source(), null);
  }

  /** Created with its parents, as JobRunner does; a dir that cannot be written stops the job before any fetch. */
  static Path outputDir(FetchpipeSettings settings) {
    Path dir = settings.job().outputDir();
    String key = "fetchpipe.job.output-dir";
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new SettingsException(key, "cannot create " + dir + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
    if (!Files.isWritable(dir)) throw new SettingsException(key, "cannot write to " + dir);
    return dir;
  }
}
