package dev.fetchpipe.cli;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.pipeline.JobRunner;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.report.PlainWords;
import dev.fetchpipe.timeline.TimelineRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code run}'s job in its own process (--no-daemon, run.daemon = off, Pekko keys, --metrics-port): an actor system
 * of its own for the one job, its console a watcher of the job's events. Kept apart from {@link RunCommand}, whose
 * path through a daemon loads no Pekko class.
 */
final class InProcessRun {
  private InProcessRun() {}

  /**
   * The job's config checked as run in process checks it: a daemon that refused the job said why in its own words
   * (the job's layers reach it merged, without their origins), and run says it in run's. Throws the one line run in
   * process would print, if the config is at fault; else returns.
   */
  static void check(RunCommand command) {
    FetchpipeSettings.from(command.config.merge(command.job.shortcuts()));
  }

  static int run(RunCommand command) {
    Preload.start();
    // Start Logback before Pekko's threads log anything, or SLF4J warns that it replayed early calls.
    LoggerFactory.getILoggerFactory();
    FetchpipeSettings settings = FetchpipeSettings.from(command.config.merge(command.job.shortcuts()));
    // Better to learn before a long job than after it that its report (or timeline) has nowhere to go.
    if (command.report != null) OutputFileOptions.check(command.report, "--report");
    if (command.timeline != null) OutputFileOptions.check(command.timeline, "--timeline");
    // Every URL's result is kept only when a report or timeline will show it: a long job's memory then stays flat.
    boolean allItems = command.report != null || command.timeline != null;
    JobReport result;
    // Bound before the job starts: a port in use stops it before anything is fetched.
    try (RunMetrics metrics = RunMetrics.start(command.metricsPort, settings)) {
      ProgressStyle style = ProgressStyle.of(settings.progress().style().name(), command.main.stdoutIsTerminal());
      List<JobRunner.Watch> watchers = new ArrayList<>();
      watchers.add(RunConsole.watch(style, settings.progress(), command.main.out()));
      if (metrics.watch() != null) watchers.add(metrics.watch());
      result = JobRunner.runCancellableBySignals(settings, OriginServer.forJob(settings), watchers, allItems);
    }
    if (command.report != null) {
      try {
        JsonReport.write(result, command.report);
      } catch (IOException e) {
        throw new SettingsException("--report", "cannot write " + command.report + ": " + PlainWords.of(e));
      }
    }
    if (command.timeline != null) {
      OutputFileOptions.writeTimeline(command.timeline, "fetchpipe run: " + result.site(),
          List.of(new TimelineRun("actors", result)));
    }
    return result.exitCode();
  }
}
