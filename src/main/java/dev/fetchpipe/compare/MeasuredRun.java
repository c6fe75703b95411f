package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.timeline.TimelineRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One engine's measured run of one job.
 *
 * @param concurrency how much could run at once, in words ("20 threads")
 * @param wallSeconds from calling the engine to its return: for the actors engine that includes starting and
 *                    stopping its actor system, for the threads engine starting and stopping its pool
 * @param outputDir   where it wrote its files (a fresh folder of its own)
 */
public record MeasuredRun(Engine engine, String concurrency, JobReport report, double wallSeconds, Peaks peaks, Path outputDir) {

  /** Runs the job with {@code engine}, measured, into the settings' output dir (which should be fresh and empty). */
  public static MeasuredRun of(Engine engine, FetchpipeSettings settings) {
    return of(engine, settings, new RunCancel(), null);
  }

  /**
   * Like {@link #of(Engine, FetchpipeSettings)}, stopped early by {@code cancel}, with a line of progress every
   * progress.plain-interval (none when progress.style is off) naming the run {@code label}.
   */
  public static MeasuredRun of(Engine engine, FetchpipeSettings settings, RunCancel cancel, ProgressLines progress) {
    String concurrency = engine.concurrency(settings);
    ResourceMeter meter = ResourceMeter.start();
    long start = System.nanoTime();
    JobReport report;
    try (RunProgress lines = progress == null ? null : progress.start(settings)) {
      report = engine.run(settings, cancel);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new MeasuredRun(engine, concurrency, report, wall, meter.stop(), settings.job().outputDir());
  }

  /** Every URL ended OK. */
  public boolean allOk() {
    return report.counts().ok() == report.urls();
  }

  public double filesPerSecond() {
    return wallSeconds > 0 ? report.counts().ok() / wallSeconds : 0;
  }

  /** The run as a section of a timeline page: lanes are fetcher slots for the actors, threads for the others. */
  public TimelineRun timelineRun(String name) {
    return new TimelineRun(name, report, engine == Engine.ACTORS ? TimelineRun.Lanes.FETCHER_SLOTS : TimelineRun.Lanes.THREADS);
  }

  /** The run's report as JSON (what `run --report` writes), for reading or drawing later. */
  public void writeReport(Path file) {
    try {
      JsonReport.write(report, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Where a run's progress lines go and what they call it.
   *
   * @param urls how many URLs the job has
   */
  public record ProgressLines(java.io.PrintStream out, String label, int urls) {
    RunProgress start(FetchpipeSettings settings) {
      boolean off = settings.progress().style() == dev.fetchpipe.config.ProgressSettings.Style.OFF;
      return RunProgress.start(out, label, settings.job().outputDir(), urls, off ? null : settings.progress().plainInterval());
    }
  }
}
