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

  /**
   * One value's runs (one, or --repeat's N), in the order they ran; the row's numbers are their medians.
   */
  public record Row(String value, List<MeasuredRun> runs) {
    public Row {
      if (runs.isEmpty()) throw new IllegalArgumentException("a row needs a run");
      runs = List.copyOf(runs);
    }

    public Row(String value, MeasuredRun run) {
      this(value, List.of(run));
    }

    /** The median of the runs' wall times (of the two middle ones, their mean). */
    public double wallSeconds() {
      return median(runs.stream().mapToDouble(MeasuredRun::wallSeconds).toArray());
    }

    /** The median of the runs' files a second. */
    public double filesPerSecond() {
      return median(runs.stream().mapToDouble(MeasuredRun::filesPerSecond).toArray());
    }

    /** The run whose wall time is the median (the faster of the two middle ones): its report, its timeline. */
    public MeasuredRun run() {
      List<MeasuredRun> sorted = runs.stream().sorted(java.util.Comparator.comparingDouble(MeasuredRun::wallSeconds)).toList();
      return sorted.get((sorted.size() - 1) / 2);
    }

    /** The fewest URLs any of the runs got: a run that lost one is not hidden behind the median. */
    public int leastOk() {
      return runs.stream().mapToInt(run -> run.report().counts().ok()).min().orElse(0);
    }

    public boolean allOk() {
      return runs.stream().allMatch(MeasuredRun::allOk);
    }

    static double median(double[] values) {
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int middle = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
  }

  /**
   * @param runDir the fresh sweep-N folder
   * @param rows   one per value that ran to its end
   * @param cut    what a cancel (Ctrl-C, SIGTERM) stopped, or null when nothing did
   */
  public record Result(Path runDir, List<Row> rows, Comparison.Cut cut) {
    public boolean allOk() {
      return cut == null && rows.stream().allMatch(Row::allOk);
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
    return run(vary, jobs, engine, warmupUrls, 1, out, afterEach, new RunCancel());
  }

  /**
   * Like the other run, each value run {@code repeat} times: in rounds, every value once a round, so a machine
   * that gets busier or quieter meanwhile weighs on every value alike. A cancel stops the run under way, and no
   * other starts.
   */
  public static Result run(Vary vary, List<JobConfig> jobs, Engine engine, int warmupUrls, int repeat, PrintStream out,
      Consumer<List<Row>> afterEach, RunCancel cancel) {
    if (jobs.size() != vary.values().size()) throw new IllegalArgumentException("one job per value");
    if (repeat < 1) throw new IllegalArgumentException("repeat at least once");
    Path runDir = RunFolders.fresh(jobs.get(0).settings().job().outputDir(), "sweep");
    out.printf(Locale.ROOT, "Sweeping %s over %s with the %s engine%s, into %s%n", vary.shortKey(),
        String.join(", ", vary.values()), engine.label(), repeat == 1 ? "" : ", " + repeat + " runs a value (medians)",
        runDir);
    Map<Integer, List<MeasuredRun>> runs = new java.util.TreeMap<>();
    Set<String> folders = new HashSet<>();
    List<String> folderOf = new ArrayList<>();
    for (String value : vary.values()) folderOf.add(uniqueFolder(vary, value, folders));
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
      for (int round = 1; round <= repeat; round++) {
        for (int i = 0; i < jobs.size(); i++) {
          String name = vary.shortKey() + "=" + vary.values().get(i) + (repeat == 1 ? "" : " (run " + round + " of " + repeat + ")");
          if (cancel.requested()) {
            notRun.add(name);
            continue;
          }
          String folder = folderOf.get(i) + (repeat == 1 ? "" : "-run-" + round);
          MeasuredRun run = measure(jobs.get(i), engine, origins, runDir, folder, name, cancel, out);
          if (cancel.requested()) {
            stopped = run;
            stoppedName = name;
            continue;
          }
          runs.computeIfAbsent(i, k -> new ArrayList<>()).add(run);
          afterEach.accept(rows(vary, runs));
        }
      }
      Comparison.Cut cut = cancel.requested() ? new Comparison.Cut(cancel.source(), stopped, stoppedName, List.copyOf(notRun)) : null;
      return new Result(runDir, rows(vary, runs), cut);
    }
  }

  /** One run of one value, into its own folder, its report beside it. */
  private static MeasuredRun measure(JobConfig job, Engine engine, SharedOrigins origins, Path runDir, String folder,
      String name, RunCancel cancel, PrintStream out) {
    Map<String, Object> keys = new HashMap<>(origins.pointAt(job.settings()));
    keys.put("fetchpipe.job.output-dir", RunFolders.subfolder(runDir, folder).toString());
    FetchpipeSettings settings = job.with(keys);
    MeasuredRun run = MeasuredRun.of(engine, settings, cancel,
        new MeasuredRun.ProgressLines(out, name, JobPlan.of(settings.job().source(), null).size()));
    run.writeReport(runDir.resolve(folder + ".json"));
    out.printf(Locale.ROOT, "  %s: %d/%d OK in %.2fs (%s)%s%n", name, run.report().counts().ok(), run.report().urls(),
        run.wallSeconds(), run.concurrency(), cancel.requested() ? ", cut off by the cancel" : "");
    out.flush();
    return run;
  }

  /** A row for each value that has a run, in the values' order. */
  private static List<Row> rows(Vary vary, Map<Integer, List<MeasuredRun>> runs) {
    List<Row> rows = new ArrayList<>();
    runs.forEach((i, ofValue) -> rows.add(new Row(vary.values().get(i), ofValue)));
    return List.copyOf(rows);
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
