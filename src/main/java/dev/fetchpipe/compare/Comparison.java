package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
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
   * @param runs   one per engine, in the order they ran
   * @param files  whether their folders hold the same files
   */
  public record Result(Path runDir, List<MeasuredRun> runs, SameFiles.Verdict files) {
    /** Every engine got every URL, and all wrote the same bytes. */
    public boolean allGood() {
      return files.identical() && runs.stream().allMatch(MeasuredRun::allOk);
    }
  }

  private Comparison() {}

  /**
   * @param warmupUrls how many URLs each engine fetches once, unmeasured, before the measured runs; 0 for none
   * @param out        where progress lines go (one before the runs, one per engine)
   */
  public static Result run(JobConfig job, List<Engine> engines, int warmupUrls, PrintStream out) {
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
        for (Engine engine : engines) WarmUp.run(engine, job, pointAt, warmupUrls);
      }
      List<MeasuredRun> runs = new ArrayList<>();
      for (Engine engine : engines) {
        Map<String, Object> keys = new HashMap<>(pointAt);
        keys.put("fetchpipe.job.output-dir", RunFolders.subfolder(runDir, engine.label()).toString());
        MeasuredRun run = MeasuredRun.of(engine, job.with(keys));
        run.writeReport(runDir.resolve(engine.label() + ".json"));
        out.printf(Locale.ROOT, "  %-10s %d/%d OK in %.2fs (%s)%n",
            engine.label(), run.report().ok(), run.report().urls(), run.wallSeconds(), run.concurrency());
        out.flush();
        runs.add(run);
      }
      List<String> names = plan.items().stream().map(JobItem::fileName).filter(Objects::nonNull).toList();
      SameFiles.Verdict verdict = SameFiles.compare(names, runs.stream().map(MeasuredRun::outputDir).toList(),
          runs.stream().map(run -> run.engine().label()).toList());
      return new Result(runDir, List.copyOf(runs), verdict);
    }
  }
}
