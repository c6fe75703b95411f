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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = {"Run a download job: the URLs given, or a config file's.",
    "Without --config and without URLs of its own, it runs the demo job,",
    "conf/application.conf: 20 flags from the built-in origin, 5 at a time."},
    footer = {"", "Exit status: 0 every URL OK (or kept), 1 some URL not found or failed,",
        "2 bad usage or configuration, 3 cancelled (deadline, max-errors) with some URL",
        "cut off or skipped, 130 the same by Ctrl-C, 143 by SIGTERM."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Mixin
  JobOptions job;

  @Option(names = "--report", paramLabel = "FILE", description = {"Also write the result of every URL as JSON."})
  Path report;

  @Option(names = "--timeline", paramLabel = "FILE.html",
      description = {"Also draw every URL's bar over time as one", "self-contained HTML page."})
  Path timeline;

  @Option(names = "--metrics-port", paramLabel = "N",
      description = {"While the job runs, serve its Prometheus metrics", "on http://127.0.0.1:N/metrics."})
  String metricsPort;

  @Override
  public Integer call() {
    FetchpipeSettings settings = FetchpipeSettings.from(config.merge(job.shortcuts()));
    if (settings.fetch().net().insecure()) {
      main.err().println("warning: fetch.tls.insecure is on: no server certificate is checked, any server may answer");
    }
    // Better to learn before a long job than after it that its report (or timeline) has nowhere to go.
    if (report != null) OutputFileOptions.check(report, "--report");
    if (timeline != null) OutputFileOptions.check(timeline, "--timeline");
    // Every URL's result is kept only when a report or timeline will show it: a long job's memory then stays flat.
    boolean allItems = report != null || timeline != null;
    JobReport result;
    // Bound before the job starts: a port in use stops it before anything is fetched.
    try (RunMetrics metrics = RunMetrics.start(metricsPort, settings)) {
      ProgressStyle style = ProgressStyle.of(settings.progress().style().name(), main.stdoutIsTerminal());
      List<JobRunner.Watch> watchers = new ArrayList<>();
      watchers.add(RunConsole.watch(style, settings.progress(), main.out()));
      if (metrics.watch() != null) watchers.add(metrics.watch());
      result = JobRunner.runCancellableBySignals(settings, OriginServer.forJob(settings), watchers, allItems);
    }
    if (report != null) {
      try {
        JsonReport.write(result, report);
      } catch (IOException e) {
        throw new SettingsException("--report", "cannot write " + report + ": " + PlainWords.of(e));
      }
    }
    if (timeline != null) {
      OutputFileOptions.writeTimeline(timeline, "fetchpipe run: " + result.site(), List.of(new TimelineRun("actors", result)));
    }
    return result.exitCode();
  }
}
