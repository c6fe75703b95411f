package dev.fetchpipe.sweep;

import dev.fetchpipe.compare.MeasuredRun;
import dev.fetchpipe.compare.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep's rows with their marks, as a table and as CSV. The rule, meant for values given from less to more:
 * <ul>
 *   <li>speedup = the first value's wall time / this value's wall time;</li>
 *   <li>{@code (no gain)}: this value's speedup is less than 5% above the previous value's, so going from the
 *       previous value to this one did not help (noise on a shared machine is a few percent);</li>
 *   <li>{@code <- best}: the fastest run;</li>
 *   <li>"more stops helping" at the last value before the first (no gain).</li>
 * </ul>
 */
public final class SweepTable {
  /** A value must beat the previous one's speedup by this factor to count as a gain. */
  static final double GAIN = 1.05;

  private SweepTable() {}

  /** One row as shown: the numbers, and its mark ("" for none). */
  public record Line(String value, double wallSeconds, double filesPerSecond, double speedup, int ok, int urls,
      int peakThreads, double peakHeapMiB, boolean noGain, boolean best) {

    public String mark() {
      return ((noGain ? "(no gain)" : "") + (noGain && best ? " " : "") + (best ? "<- best" : ""));
    }
  }

  public static List<Line> lines(List<Sweep.Row> rows) {
    List<Line> lines = new ArrayList<>();
    if (rows.isEmpty()) return lines;
    double firstWall = rows.get(0).run().wallSeconds();
    int best = 0;
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).run().wallSeconds() < rows.get(best).run().wallSeconds()) best = i;
    }
    double previous = 0;
    for (int i = 0; i < rows.size(); i++) {
      MeasuredRun run = rows.get(i).run();
      double speedup = firstWall / run.wallSeconds();
      boolean noGain = i > 0 && speedup < previous * GAIN;
      lines.add(new Line(rows.get(i).value(), run.wallSeconds(), run.filesPerSecond(), speedup, run.report().ok(),
          run.report().urls(), run.peaks().peakThreads(), run.peaks().peakHeapMiB(), noGain, i == best));
      previous = speedup;
    }
    return lines;
  }

  public static String render(String keyLabel, List<Line> lines) {
    TextTable table = new TextTable(keyLabel, "wall s", "files/s", "speedup", "files OK", "peak threads");
    for (Line line : lines) {
      table.row(List.of(
          line.value(),
          String.format(Locale.ROOT, "%.2f", line.wallSeconds()),
          String.format(Locale.ROOT, "%.1f", line.filesPerSecond()),
          String.format(Locale.ROOT, "%.2fx", line.speedup()),
          line.ok() + "/" + line.urls(),
          String.valueOf(line.peakThreads())), line.mark());
    }
    return table.render() + verdict(lines) + "\n";
  }

  /** Where more stops helping, in one sentence. */
  static String verdict(List<Line> lines) {
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).noGain()) {
        return "More stops helping at " + lines.get(i - 1).value() + ": " + lines.get(i).value()
            + " is not 5% faster (speedup measured against " + lines.get(0).value() + ").";
      }
    }
    return lines.size() < 2 ? "One value: nothing to compare it with."
        : "Every value was at least 5% faster than the one before: more may still help.";
  }

  /** The rows as CSV, with a header line; values with a comma or a quote are quoted. */
  public static String csv(List<Line> lines) {
    StringBuilder text = new StringBuilder("value,wall_seconds,files_per_second,speedup,files_ok,urls,peak_threads,peak_heap_mib,mark\n");
    for (Line line : lines) {
      text.append(String.join(",",
          quoted(line.value()),
          String.format(Locale.ROOT, "%.3f", line.wallSeconds()),
          String.format(Locale.ROOT, "%.2f", line.filesPerSecond()),
          String.format(Locale.ROOT, "%.3f", line.speedup()),
          String.valueOf(line.ok()),
          String.valueOf(line.urls()),
          String.valueOf(line.peakThreads()),
          String.format(Locale.ROOT, "%.1f", line.peakHeapMiB()),
          quoted(line.mark()))).append('\n');
    }
    return text.toString();
  }

  private static String quoted(String field) {
    if (!field.contains(",") && !field.contains("\"") && !field.contains("\n")) return field;
    return "\"" + field.replace("\"", "\"\"") + "\"";
  }
}
