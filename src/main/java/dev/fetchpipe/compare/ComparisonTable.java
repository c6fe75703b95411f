package dev.fetchpipe.compare;

import java.util.List;
import java.util.Locale;

/** The comparison as text: one row per engine, its name first, then what it says about the files. */
public final class ComparisonTable {
  private ComparisonTable() {}

  public static String render(Comparison.Result result) {
    List<MeasuredRun> runs = result.runs();
    MeasuredRun first = runs.get(0);
    TextTable table = new TextTable("engine", "concurrency", "wall s", "job s", "speedup vs " + first.engine().label(),
        "peak threads", "peak heap", "files OK");
    for (MeasuredRun run : runs) {
      Peaks peaks = run.peaks();
      table.row(List.of(
          run.engine().label(),
          run.concurrency(),
          String.format(Locale.ROOT, "%.2f", run.wallSeconds()),
          String.format(Locale.ROOT, "%.2f", run.report().elapsedMs() / 1000.0),
          String.format(Locale.ROOT, "%.2fx", first.wallSeconds() / run.wallSeconds()),
          String.format(Locale.ROOT, "%d (+%d)", peaks.peakThreads(), peaks.threadsStarted()),
          String.format(Locale.ROOT, "%.0f MiB", peaks.peakHeapMiB()),
          run.report().counts().ok() + "/" + run.report().urls()), "");
    }
    StringBuilder text = new StringBuilder(table.render());
    text.append(filesLine(result));
    text.append("wall s: the whole engine, start-up and shut-down included (for actors, the actor system's);\n")
        .append("job s: the engine's own clock, first request to last file, as its report's elapsedMs.\n")
        .append("Peak threads and heap are the whole JVM's")
        .append(result.builtInOrigin() ? " (the built-in origin's included)" : "")
        .append("; (+N) = threads added over\nthose alive as the engine started. Engines ran in the order shown, in one JVM; later ones\n")
        .append("profit from the JIT's work for earlier ones (the warm-up, on by default, evens out class loading).\n");
    return text.toString();
  }

  private static String filesLine(Comparison.Result result) {
    SameFiles.Verdict verdict = result.files();
    int engines = result.runs().size();
    if (verdict.identical()) {
      return String.format(Locale.ROOT, "Files: all %d engines wrote the same %d files, byte for byte.%n", engines, verdict.files());
    }
    return "Files DIFFER: " + verdict.difference() + "\n";
  }
}
