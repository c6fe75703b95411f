package dev.fetchpipe.cli;

import dev.fetchpipe.compare.Engine;
import dev.fetchpipe.compare.JobConfig;
import dev.fetchpipe.compare.RunCancel;
import dev.fetchpipe.pipeline.RunSignals;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.ReportFile;
import dev.fetchpipe.sweep.Sweep;
import dev.fetchpipe.sweep.SweepTable;
import dev.fetchpipe.sweep.Vary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sweep",
    description = {
        "Run the same job once per value of one config key, and say which value to use.",
        "  e.g. --vary fetch.max-in-flight=1,5,10,20,50,100",
        "       --vary writer.fsync=off,on",
        "       --vary blocking-io-dispatcher.thread-pool-executor.fixed-pool-size=1,2,4",
        "       --engine threads --vary compare.thread-pool.size=1,10,100,500",
        "Each value runs into its own fresh folder, <out>/sweep-N/<key>-<value>, with its",
        "JSON report beside it. The table gives wall seconds, files per second and the",
        "speedup over the first value, and one answer with the rule that chose it: the",
        "first value whose wall time is within 5%% of the fastest. Give the values from",
        "less to more; --repeat N runs each value N times and takes the medians."},
    footer = {"", "Ctrl-C cancels the value that runs (as it cancels run) and prints the table of",
        "those that finished.",
        "Exit status: 0 every run got every URL, 1 otherwise, 2 bad usage (nothing was",
        "run), 130 cancelled by Ctrl-C, 143 by SIGTERM."})
final class SweepCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Mixin
  JobOptions job;

  @Mixin
  MeasureOptions measure;

  // Checked in call(), so a missing --vary is one line (exit 2) like any other bad value, not picocli's usage text.
  @Option(names = "--vary", paramLabel = "KEY=V1,V2,...",
      description = {"The key to vary (the leading 'fetchpipe.' may be", "left out) and its values, read as --set reads",
          "them."})
  String vary;

  @Option(names = "--engine", paramLabel = "NAME", defaultValue = "actors",
      description = "sequential, threads or actors (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--repeat", paramLabel = "N", description = {"Run each value N times, in rounds, and take the",
      "medians: for a noisy machine (default: 1)."})
  String repeat;

  @Option(names = "--csv", paramLabel = "FILE", description = {"Also write the table's rows as CSV (rewritten", "after each run)."})
  Path csv;

  @Option(names = "--timeline", paramLabel = "FILE.html",
      description = {"Also draw every value's run, one section each, as", "a timeline page (see run --timeline)."})
  Path timeline;

  @Override
  public Integer call() {
    if (vary == null) throw new SettingsException("--vary", "is needed, e.g. --vary fetch.max-in-flight=1,5,10");
    Vary parsed = Vary.parse(vary);
    Engine chosen = Engine.parse("--engine", engine);
    int warmup = measure.warmupUrls();
    int runs = repeats();
    if (csv != null) OutputFileOptions.check(csv, "--csv");
    if (timeline != null) OutputFileOptions.check(timeline, "--timeline");
    List<JobConfig> jobs = jobs(parsed);
    jobs.forEach(job -> chosen.requireCanRun(job.settings()));

    RunCancel cancel = new RunCancel();
    Sweep.Result result;
    // Ctrl-C cancels the value that runs, as it cancels `run`; the values that finished still get their table.
    try (RunSignals signals = new RunSignals()) {
      signals.cancelWith(cancel::cancel);
      result = Sweep.run(parsed, jobs, chosen, warmup, runs, main.out(), rows -> {
        if (csv != null) writeCsv(SweepTable.csv(SweepTable.lines(rows)));
      }, cancel);
    }
    if (timeline != null && !result.rows().isEmpty()) {
      OutputFileOptions.writeTimeline(timeline, "fetchpipe sweep: " + parsed.shortKey(),
          result.rows().stream().map(row -> row.run().timelineRun(parsed.shortKey() + "=" + row.value())).toList());
    }
    main.out().println();
    if (!result.rows().isEmpty()) main.out().print(SweepTable.render(parsed.shortKey(), SweepTable.lines(result.rows())));
    if (result.cut() != null) main.out().println(result.cut().describe());
    main.out().println("Reports: " + result.runDir() + "/<key>-<value>" + (runs == 1 ? "" : "-run-<N>") + ".json"
        + (csv == null ? "" : "; CSV: " + csv));
    main.out().flush();
    if (result.cut() != null) return result.cut().source().exitCode();
    return result.allOk() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
  }

  private int repeats() {
    if (repeat == null) return 1;
    try {
      int n = Integer.parseInt(repeat.trim());
      if (n >= 1 && n <= 100) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException("--repeat", "expected a whole number of runs from 1 to 100, got \"" + repeat + "\"");
  }

  /** The job once per value, every one read and validated before anything runs. */
  private List<JobConfig> jobs(Vary parsed) {
    Map<String, Object> shortcuts = new HashMap<>(job.shortcuts());
    shortcuts.putAll(measure.shortcuts());
    new JobConfig(config.merge(shortcuts)); // a bad job is the job's fault, not a value's
    List<JobConfig> jobs = new ArrayList<>();
    for (String value : parsed.values()) {
      try {
        jobs.add(new JobConfig(config.merge(shortcuts, List.of(parsed.set(value)))));
      } catch (SettingsException e) {
        throw new SettingsException("--vary", "the value " + value + " is rejected: " + e.getMessage());
      }
    }
    return jobs;
  }

  /** Written whole under a temporary name, then renamed: a reader never sees half a table. */
  private void writeCsv(String text) {
    try {
      ReportFile.write(csv, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv, e);
    }
  }
}
