package dev.fetchpipe.cli;

import dev.fetchpipe.compare.Comparison;
import dev.fetchpipe.compare.ComparisonTable;
import dev.fetchpipe.compare.Engine;
import dev.fetchpipe.compare.JobConfig;
import dev.fetchpipe.compare.RunCancel;
import dev.fetchpipe.pipeline.RunSignals;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "compare",
    description = {
        "Compare the same job run sequentially, by threads and by actors.",
        "  sequential  one blocking request at a time (flags.py)",
        "  threads     a fixed pool of platform threads making blocking requests",
        "              (flags_threadpool.py; --threads, default max-in-flight)",
        "  actors      the Pekko actor pipeline, as `run` does (flags2_asyncio.py)",
        "Each engine writes into its own fresh folder, <out>/compare-N/<engine>, with its",
        "JSON report beside it; the table gives wall seconds, speedup, peak threads, peak",
        "heap and files OK, and the files are checked to be byte-identical."},
    footer = {"", "Ctrl-C cancels the engine that runs (as it cancels run) and prints the table of",
        "those that finished.",
        "Exit status: 0 every engine got every URL and the files are identical,",
        "1 otherwise, 2 bad usage, 130 cancelled by Ctrl-C, 143 by SIGTERM."})
final class CompareCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Mixin
  JobOptions job;

  @Mixin
  MeasureOptions measure;

  @Option(names = "--engines", paramLabel = "LIST", defaultValue = "sequential,threads,actors",
      description = {"Which engines, in the order they run; speedups", "are against the first",
          "(default: ${DEFAULT-VALUE})."})
  String engines;

  @Option(names = "--timeline", paramLabel = "FILE.html",
      description = {"Also draw the engines' runs, one section each, as", "a timeline page (see run --timeline)."})
  Path timeline;

  @Override
  public Integer call() {
    List<Engine> chosen = Engine.parseList("--engines", engines);
    int warmup = measure.warmupUrls();
    if (timeline != null) OutputFileOptions.check(timeline, "--timeline");
    Map<String, Object> shortcuts = new HashMap<>(job.shortcuts());
    shortcuts.putAll(measure.shortcuts());
    JobConfig jobConfig = new JobConfig(config.merge(shortcuts));
    chosen.forEach(engine -> engine.requireCanRun(jobConfig.settings()));

    RunCancel cancel = new RunCancel();
    Comparison.Result result;
    // Ctrl-C cancels the engine that runs, as it cancels `run`; the engines that finished still get their table.
    try (RunSignals signals = new RunSignals()) {
      signals.cancelWith(cancel::cancel);
      result = Comparison.run(jobConfig, chosen, warmup, main.out(), cancel);
    }
    if (timeline != null && !result.runs().isEmpty()) {
      OutputFileOptions.writeTimeline(timeline, "fetchpipe compare: " + result.runs().get(0).report().site(),
          result.runs().stream().map(run -> run.timelineRun(run.engine().label())).toList());
    }
    main.out().println();
    if (!result.runs().isEmpty()) main.out().print(ComparisonTable.render(result));
    if (result.cut() != null) main.out().println(result.cut().describe());
    main.out().println("Reports: " + result.runDir() + "/<engine>.json");
    main.out().flush();
    if (result.cut() != null) return result.cut().source().exitCode();
    return result.allGood() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
  }
}
