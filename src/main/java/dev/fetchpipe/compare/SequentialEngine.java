package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.job.OutputDir;
import java.util.ArrayList;
import java.util.List;

/**
 * Fluent Python's flags.py: one blocking request at a time, on the calling thread, each body saved before the next
 * request is sent. The baseline the other engines' speedups are measured against.
 */
final class SequentialEngine {
  private SequentialEngine() {}

  static JobReport run(FetchpipeSettings settings, RunCancel cancel) {
    JobPlan plan = BlockingJob.plan(settings);
    try (OutputDir dir = BlockingJob.openOutputDir(settings)) {
      JobClock clock = JobClock.startNow();
      BlockingDownloader downloader = new BlockingDownloader(
          BlockingClient.create(settings.fetch()), settings.fetch(), dir.path(), settings.writer().fsync(), clock);
      List<ItemResult> results = new ArrayList<>(plan.items().size());
      for (JobItem item : plan.items()) results.add(downloader.download(item, cancel));
      return JobReport.of(plan.site(), 1, clock.elapsedMillis(), null, results);
    }
  }
}
