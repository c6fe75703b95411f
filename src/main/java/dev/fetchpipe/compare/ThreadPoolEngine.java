package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.job.OutputDir;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fluent Python's flags_threadpool.py: every URL is submitted at once to a fixed pool of platform threads
 * (fetchpipe.compare.thread-pool.size), and each thread makes one blocking request at a time and saves the body
 * itself. The pool is the only place this engine blocks, and it is sized from config.
 */
final class ThreadPoolEngine {
  private ThreadPoolEngine() {}

  static JobReport run(FetchpipeSettings settings, int poolSize, RunCancel cancel) {
    JobPlan plan = BlockingJob.plan(settings);
    try (OutputDir dir = BlockingJob.openOutputDir(settings)) {
      JobClock clock = JobClock.startNow();
      BlockingDownloader downloader = new BlockingDownloader(
          BlockingClient.create(settings.fetch()), settings.fetch(), dir.path(), settings.writer().fsync(), clock);
      // A fixed pool starts one thread per task submitted until it is full, so a job of 20 URLs starts at most 20.
      ExecutorService pool = Executors.newFixedThreadPool(poolSize, new NamedThreads("threads"));
      try {
        List<CompletableFuture<ItemResult>> pending = plan.items().stream()
            .map(item -> CompletableFuture.supplyAsync(() -> downloader.download(item, cancel), pool))
            .toList();
        List<ItemResult> results = pending.stream().map(CompletableFuture::join).toList();
        long fetchable = plan.items().stream().filter(JobItem::fetchable).count();
        int concurrency = (int) Math.max(1, Math.min(poolSize, fetchable));
        return JobReport.of(plan.site(), concurrency, clock.elapsedMillis(), null, results);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
