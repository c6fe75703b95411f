package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.report.CancelSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * `fetchpipe compare`: one job, run by each engine in turn against the same origin, each into its own fresh folder
 * ({@code <output-dir>/compare-N/<engine>}, its JSON report beside it as {@code <engine>.json}), measured, and
 * checked for byte-identical files at the end.
 */
public final class Comparison {

  /**
   * @param runDir the fresh compare-N folder
   * @param runs   one per engine that ran to its end, in the order they ran
   * @param files  whether their folders hold the same files
   * @param cut    what a cancel (Ctrl-C, SIGTERM) stopped, or null when nothing did
   * @param builtInOrigin whether the runs fetched from the built-in origin, in this JVM (its threads and heap then
   *                      count in the peaks)
   */
  public record Result(Path runDir, List<MeasuredRun> runs, SameFiles.Verdict files, Cut cut, boolean builtInOrigin) {
    /** Every engine got every URL, and all wrote the same bytes. */
    public boolean allGood() {
      return cut == null && files.identical() && runs.stream().allMatch(MeasuredRun::allOk);
    }
  }

  /**
   * What a cancel left undone: compare's, and sweep's too.
   *
   * @param source      what cancelled
   * @param stopped     the run it cut off (its report is written), or null when it came between runs
   * @param stoppedName that run's engine, or a sweep's key=value
   * @param notRun      the engines (or a sweep's key=value) that never started
   */
  public record Cut(CancelSource source, MeasuredRun stopped, String stoppedName, List<String> notRun) {
    /** One line: what was cut off, and what never ran. */
    public String describe() {
      String line = "Cancelled (" + source.label() + ")";
      if (stopped != null) {
        line += String.format(Locale.ROOT, " during %s: it stopped at %d/%d OK after %.2fs", stoppedName,
            stopped.report().counts().ok(), stopped.report().urls(), stopped.wallSeconds());
      }
      line += notRun.isEmpty() ? "." : "; not run: " + String.join(", ", notRun) + ".";
      return line;
    }
  }

  private Comparison() {}

  /**
   * @param warmupUrls how many URLs each engine fetches once, unmeasured, before the measured runs; 0 for none
   * @param out        where progress lines go (one before the runs, one per engine)
   */
  public static Result run(JobConfig job, List<Engine> engines, int warmupUrls, PrintStream out) {
    return run(job, engines, warmupUrls, out, new RunCancel());
  }

  /** Like {@link #run(JobConfig, List, int, PrintStream)}; a cancel stops the engine that runs and the rest never start. */
  public static Result run(JobConfig job, List<Engine> engines, int warmupUrls, PrintStream out, RunCancel cancel) {
    if (engines.isEmpty()) throw new IllegalArgumentException("no engines");
    FetchpipeSettings settings = job.settings();
    Path runDir = RunFolders.fresh(settings.job().outputDir(), "compare");
    try (SharedOrigins origins = new SharedOrigins()) {
      Map<String, Object> pointAt = origins.pointAt(settings);
      FetchpipeSettings pointed = job.with(pointAt);
      JobPlan plan = JobPlan.of(pointed.job().source(), null);
      out.printf(Locale.ROOT, "Comparing %s on %d URLs from %s, into %s%n",
          String.join(", ", engines.stream().map(Engine::label).toList()), plan.items().size(), plan.site(), runDir);
      if (warmupUrls > 0) {
        out.printf(Locale.ROOT, "Warming up: each engine fetches %d URLs first, unmeasured.%n", warmupUrls);
        out.flush();
        for (Engine engine : engines) {
          if (!cancel.requested()) WarmUp.run(engine, job, pointAt, warmupUrls, cancel);
        }
      }
      List<MeasuredRun> runs = new ArrayList<>();
      MeasuredRun stopped = null;
      List<String> notRun = new ArrayList<>();
      for (Engine engine : engines) {
        if (cancel.requested()) {
          notRun.add(engine.label());
          continue;
        }
        Map<String, Object> keys = new HashMap<>(pointAt);
        keys.put("fetchpipe.job.output-dir", RunFolders.subfolder(runDir, engine.label()).toString());
        MeasuredRun run = MeasuredRun.of(engine, job.with(keys), cancel,
            new MeasuredRun.ProgressLines(out, engine.label(), plan.size()));
        run.writeReport(runDir.resolve(engine.label() + ".json"));
        out.printf(Locale.ROOT, "  %-10s %d/%d OK in %.2fs (%s)%s%n", engine.label(), run.report().counts().ok(),
            run.report().urls(), run.wallSeconds(), run.concurrency(), cancel.requested() ? ", cut off by the cancel" : "");
        out.flush();
        if (cancel.requested()) {
          stopped = run;
        } else {
          runs.add(run);
        }
      }
      List<String> names = plan.items().stream().map(JobItem::fileName).filter(Objects::nonNull).toList();
      SameFiles.Verdict verdict = runs.isEmpty() ? new SameFiles.Verdict(0, null)
          : SameFiles.compare(names, runs.stream().map(MeasuredRun::outputDir).toList(),
              runs.stream().map(run -> run.engine().label()).toList());
      Cut cut = cancel.requested()
          ? new Cut(cancel.source(), stopped, stopped == null ? null : stopped.engine().label(), List.copyOf(notRun)) : null;
      return new Result(runDir, List.copyOf(runs), verdict, cut, !pointAt.isEmpty());
    }
  }
}
