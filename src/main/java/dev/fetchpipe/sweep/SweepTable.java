package dev.fetchpipe.sweep;

import dev.fetchpipe.compare.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep's rows and its one answer, as a table and as CSV. The rule, for values given from less to more: the
 * answer is the first value whose wall time is within 5% of the fastest run's. More than that buys less than 5%, and
 * noise on a shared machine is a few percent (--repeat takes medians when it is more). Speedup is the first value's
 * wall time over this value's.
 */
public final class SweepTable {
  /** A value within this factor of the fastest wall time is as good as the fastest. */
  static final double WITHIN = 1.05;

  private SweepTable() {}

  /**
   * One row as shown: the numbers (medians when a value ran more than once) and whether it is the answer.
   *
   * @param ok   the fewest URLs OK of the value's runs
   * @param runs how many runs the numbers are the medians of
   */
  public record Line(String value, double wallSeconds, double filesPerSecond, double speedup, int ok, int urls,
      int peakThreads, double peakHeapMiB, int runs, boolean answer) {

    public String mark() {
      return answer ? "<- answer" : "";
    }
  }

  public static List<Line> lines(List<Sweep.Row> rows) {
    List<Line> lines = new ArrayList<>();
    if (rows.isEmpty()) return lines;
    double firstWall = rows.get(0).wallSeconds();
    int answer = answer(rows);
    for (int i = 0; i < rows.size(); i++) {
      Sweep.Row row = rows.get(i);
      lines.add(new Line(row.value(), row.wallSeconds(), row.filesPerSecond(), firstWall / row.wallSeconds(),
          row.leastOk(), row.run().report().urls(),
          row.runs().stream().mapToInt(run -> run.peaks().peakThreads()).max().orElse(0),
          row.runs().stream().mapToDouble(run -> run.peaks().peakHeapMiB()).max().orElse(0),
          row.runs().size(), i == answer));
    }
    return lines;
  }

  /** The first row within {@link #WITHIN} of the fastest row's wall time. */
  private static int answer(List<Sweep.Row> rows) {
    double fastest = rows.stream().mapToDouble(Sweep.Row::wallSeconds).min().orElseThrow();
    for (int i = 0; i < rows.size(); i++) if (rows.get(i).wallSeconds() <= fastest * WITHIN) return i;
    throw new IllegalStateException("the fastest row is within its own time");
  }

  public static String render(String keyLabel, List<Line> lines) {
    boolean repeated = lines.stream().anyMatch(line -> line.runs() > 1);
    TextTable table = repeated
        ? new TextTable(keyLabel, "runs", "median wall s", "files/s", "speedup", "files OK", "peak threads")
        : new TextTable(keyLabel, "wall s", "files/s", "speedup", "files OK", "peak threads");
    for (Line line : lines) {
      List<String> cells = new ArrayList<>(List.of(line.value()));
      if (repeated) cells.add(String.valueOf(line.runs()));
      cells.addAll(List.of(
          String.format(Locale.ROOT, "%.2f", line.wallSeconds()),
          String.format(Locale.ROOT, "%.1f", line.filesPerSecond()),
          String.format(Locale.ROOT, "%.2fx", line.speedup()),
          line.ok() + "/" + line.urls(),
          String.valueOf(line.peakThreads())));
      table.row(cells, line.mark());
    }
    return table.render() + verdict(lines) + "\n";
  }

  /** The answer and the rule that chose it, in one or two sentences. */
  static String verdict(List<Line> lines) {
    if (lines.size() < 2) return "One value: nothing to compare it with.";
    Line answer = lines.stream().filter(Line::answer).findFirst().orElseThrow();
    Line fastest = lines.stream().min(java.util.Comparator.comparingDouble(Line::wallSeconds)).orElseThrow();
    String time = lines.stream().anyMatch(line -> line.runs() > 1) ? "median wall time" : "wall time";
    String text = String.format(Locale.ROOT, "Answer: %s, the first value whose %s is within 5%% of the fastest", answer.value(),
        time);
    text += answer == fastest
        ? String.format(Locale.ROOT, " (it is the fastest, %.2f s).", fastest.wallSeconds())
        : String.format(Locale.ROOT, " (%s, %.2f s): more buys less than 5%%.", fastest.value(), fastest.wallSeconds());
    if (answer == lines.get(lines.size() - 1)) text += " It is the last value tried: more may still help.";
    return text;
  }

  /** The rows as CSV, with a header line; values with a comma or a quote are quoted. */
  public static String csv(List<Line> lines) {
    StringBuilder text = new StringBuilder("value,wall_seconds,files_per_second,speedup,files_ok,urls,peak_threads,peak_heap_mib,runs,mark\n");
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
          String.valueOf(line.runs()),
          quoted(line.answer() ? "answer" : ""))).append('\n');
    }
    return text.toString();
  }

  private static String quoted(String field) {
    if (!field.contains(",") && !field.contains("\"") && !field.contains("\n")) return field;
    return "\"" + field.replace("\"", "\"\"") + "\"";
  }
}
