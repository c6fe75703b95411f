package dev.fetchpipe.cli;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.ProgressSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.pipeline.JobRunner;
import dev.fetchpipe.pipeline.Spinner;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.timeline.TimelinePage;
import dev.fetchpipe.timeline.TimelineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Run a download job from the config.",
    footer = {"", "Exit status: 0 every URL OK, 1 some URL not found or failed, 2 bad usage or configuration."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Option(names = "--urls", paramLabel = "FILE",
      description = "File with one URL a line (# comments); replaces the config's URL source.")
  Path urls;

  @Option(names = "--out", paramLabel = "DIR", description = "Output dir (fetchpipe.job.output-dir).")
  String out;

  @Option(names = "-m", paramLabel = "N", description = "Most requests in flight at once (fetchpipe.fetch.max-in-flight).")
  String maxInFlight;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the result of every URL as JSON.")
  Path report;

  @Option(names = "--timeline", paramLabel = "FILE.html",
      description = "Also draw every URL's bar over time as one self-contained HTML page.")
  Path timeline;

  @Override
  public Integer call() {
    FetchpipeSettings settings = FetchpipeSettings.from(config.merge(shortcuts()));
    if (report != null) checkCanBeWritten(report, "--report");
    if (timeline != null) checkCanBeWritten(timeline, "--timeline");
    // Every URL's result is kept only when a report or timeline will show it: a long job's memory then stays flat.
    boolean allItems = report != null || timeline != null;
    JobReport result = JobRunner.runCancellableBySignals(settings, progressMode(settings.progress().style()), main.out(), allItems);
    if (report != null) {
      try {
        JsonReport.write(result, report);
      } catch (IOException e) {
        throw new SettingsException("--report", "cannot write " + report + ": " + e.getMessage());
      }
    }
    if (timeline != null) {
      try {
        TimelinePage.write(timeline, "fetchpipe run: " + result.site(), List.of(new TimelineRun("actors", result)));
      } catch (IOException e) {
        throw new SettingsException("--timeline", "cannot write " + timeline + ": " + e.getMessage());
      }
    }
    return result.exitCode();
  }

  /** Better to learn before a long job than after it that its report (or timeline) has nowhere to go. */
  private static void checkCanBeWritten(Path file, String option) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new SettingsException(option, "cannot create " + dir + ": " + e.getMessage());
    }
    if (Files.isDirectory(file) || !Files.isWritable(dir)) {
      throw new SettingsException(option, "cannot write " + file);
    }
  }

  /** --urls, --out and -m, as the config keys they stand for. */
  private Map<String, Object> shortcuts() {
    Map<String, Object> keys = new HashMap<>();
    if (urls != null) {
      keys.put("fetchpipe.job.url-file", urls.toString());
      keys.put("fetchpipe.job.urls", List.of());
      keys.put("fetchpipe.job.base-url", "");
      keys.put("fetchpipe.job.codes", List.of());
    }
    if (out != null) keys.put("fetchpipe.job.output-dir", out);
    if (maxInFlight != null) keys.put("fetchpipe.fetch.max-in-flight", maxInFlight);
    return keys;
  }

  private Spinner.Mode progressMode(ProgressSettings.Style style) {
    return switch (style) {
      case AUTO -> main.stdoutIsTerminal() ? Spinner.Mode.SPINNER : Spinner.Mode.PLAIN;
      case SPINNER -> Spinner.Mode.SPINNER;
      case PLAIN -> Spinner.Mode.PLAIN;
      case OFF -> Spinner.Mode.OFF;
    };
  }
}
