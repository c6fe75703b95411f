package dev.fetchpipe.sweep;

import dev.fetchpipe.compare.Comparison;
import dev.fetchpipe.compare.Engine;
import dev.fetchpipe.compare.JobConfig;
import dev.fetchpipe.compare.MeasuredRun;
import dev.fetchpipe.compare.RunCancel;
import dev.fetchpipe.compare.RunFolders;
import dev.fetchpipe.compare.SharedOrigins;
import dev.fetchpipe.compare.WarmUp;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * `fetchpipe sweep`: the same job once per value of one key, with one engine (the actor pipeline unless told
 * otherwise), each run into its own fresh folder ({@code <output-dir>/sweep-N/<key>-<value>}, its JSON report beside
 * it), against the same origin, measured like compare's runs.
 */
public final class Sweep {

  /** One value's run. */
  public record Row(String value, MeasuredRun run) {}

  /**
   * @param runDir the fresh sweep-N folder
   * @param rows   one per value that ran to its end
   * @param cut    what a cancel (Ctrl-C, SIGTERM) stopped, or null when nothing did
   */
  public record Result(Path runDir, List<Row> rows, Comparison.Cut cut) {
    public boolean allOk() {
      return cut == null && rows.stream().allMatch(row -> row.run().allOk());
    }
  }

  private Sweep() {}

  /**
   * @param jobs      the job with each value applied, in the order of {@code vary.values()}; already validated
   * @param afterEach called with the rows so far after every run (sweep's CSV is rewritten there, so an interrupted
   *                  sweep keeps what it measured)
   */
  public static Result run(Vary vary, List<JobConfig> jobs, Engine engine, int warmupUrls, PrintStream out,
      Consumer<List<Row>> afterEach) {
    return run(vary, jobs, engine, warmupUrls, out, afterEach, new RunCancel());
  }

  /** Like the other run; a cancel stops the value that runs, and the later values never start. */
  public static Result run(Vary vary, List<JobConfig> jobs, Engine engine, int warmupUrls, PrintStream out,
      Consumer<List<Row>> afterEach, RunCancel cancel) {
    if (jobs.size() != vary.values().size()) throw new IllegalArgumentException("one job per value");
    Path runDir = RunFolders.fresh(jobs.get(0).settings().job().outputDir(), "sweep");
    out.printf(Locale.ROOT, "Sweeping %s over %s with the %s engine, into %s%n",
        vary.shortKey(), String.join(", ", vary.values()), engine.label(), runDir);
    List<Row> rows = new ArrayList<>();
    Set<String> folders = new HashSet<>();
    try (SharedOrigins origins = new SharedOrigins()) {
      if (warmupUrls > 0) {
        out.printf(Locale.ROOT, "Warming up: %d URLs with the first value, unmeasured.%n", warmupUrls);
        out.flush();
        JobConfig first = jobs.get(0);
        WarmUp.run(engine, first, origins.pointAt(first.settings()), warmupUrls, cancel);
      }
      MeasuredRun stopped = null;
      String stoppedName = null;
      List<String> notRun = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        String value = vary.values().get(i);
        if (cancel.requested()) {
          notRun.add(vary.shortKey() + "=" + value);
          continue;
        }
        JobConfig job = jobs.get(i);
        String folder = uniqueFolder(vary, value, folders);
        Map<String, Object> keys = new HashMap<>(origins.pointAt(job.settings()));
        keys.put("fetchpipe.job.output-dir", RunFolders.subfolder(runDir, folder).toString());
        String name = vary.shortKey() + "=" + value;
        FetchpipeSettings settings = job.with(keys);
        MeasuredRun run = MeasuredRun.of(engine, settings, cancel,
            new MeasuredRun.ProgressLines(out, name, JobPlan.of(settings.job().source(), null).size()));
        run.writeReport(runDir.resolve(folder + ".json"));
        out.printf(Locale.ROOT, "  %s: %d/%d OK in %.2fs (%s)%s%n", name, run.report().ok(), run.report().urls(),
            run.wallSeconds(), run.concurrency(), cancel.requested() ? ", cut off by the cancel" : "");
        out.flush();
        if (cancel.requested()) {
          stopped = run;
          stoppedName = name;
          continue;
        }
        rows.add(new Row(value, run));
        afterEach.accept(List.copyOf(rows));
      }
      Comparison.Cut cut = cancel.requested() ? new Comparison.Cut(cancel.source(), stopped, stoppedName, List.copyOf(notRun)) : null;
      return new Result(runDir, List.copyOf(rows), cut);
    }
  }

  /** "max-in-flight-20": the key's last part and the value, made safe for a folder name, unique in this sweep. */
  private static String uniqueFolder(Vary vary, String value, Set<String> taken) {
    String key = vary.key().substring(vary.key().lastIndexOf('.') + 1);
    String base = RunFolders.safeName(key + "-" + value);
    String name = base;
    for (int n = 2; !taken.add(name); n++) name = base + "-" + n;
    return name;
  }
}
