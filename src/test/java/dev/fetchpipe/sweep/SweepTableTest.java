package dev.fetchpipe.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.compare.Engine;
import dev.fetchpipe.compare.MeasuredRun;
import dev.fetchpipe.compare.Peaks;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The marks of a sweep's table and its CSV, from measured rows. */
class SweepTableTest {

  /** A row as a run of 10 OK URLs taking this long would give it. */
  private static Sweep.Row row(String value, double wallSeconds) {
    return row(value, wallSeconds, 10);
  }

  /** A row of 10 URLs, {@code ok} of them OK and the rest ERROR. */
  private static Sweep.Row row(String value, double wallSeconds, int ok) {
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(AnItem.of(i, "http://127.0.0.1/" + i, i < ok ? Outcome.OK : Outcome.ERROR).status(200).bytes(100)
          .error(i < ok ? null : "HTTP 500").build());
    }
    JobReport report = JobReport.of("http://127.0.0.1", 1, (long) (wallSeconds * 1000), null, items);
    return new Sweep.Row(value, new MeasuredRun(Engine.ACTORS, "max-in-flight " + value, report, wallSeconds,
        new Peaks(20, 30, 64L << 20), Path.of("x")));
  }

  @Test
  void theAnswerIsTheFirstValueWithinFivePercentOfTheFastestAndTheVerdictSaysTheRule() {
    List<SweepTable.Line> lines = SweepTable.lines(List.of(
        row("1", 10.0), row("5", 2.0), row("10", 1.0), row("20", 0.97), row("50", 0.96), row("100", 1.2)));

    assertEquals(List.of(1.0, 5.0, 10.0), lines.subList(0, 3).stream().map(SweepTable.Line::speedup).toList());
    // One mark, on one row: 10 is within 5% of 50's 0.96 s, where the old marks said both "no gain" and "best".
    assertEquals(List.of("", "", "<- answer", "", "", ""), lines.stream().map(SweepTable.Line::mark).toList());
    assertEquals(10.0 / 2.0, lines.get(1).filesPerSecond());

    String table = SweepTable.render("fetch.max-in-flight", lines);
    assertTrue(table.startsWith("fetch.max-in-flight "), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("10 ") && l.endsWith("<- answer")), table);
    assertEquals(1, table.lines().filter(l -> l.contains("<-")).count(), table);
    assertTrue(table.contains("Answer: 10, the first value whose wall time is within 5% of the fastest (50, 0.96 s):"
        + " more buys less than 5%."), table);
  }

  @Test
  void theFastestIsTheAnswerWhenNothingLessComesWithinFivePercent() {
    String table = SweepTable.render("k", SweepTable.lines(List.of(row("1", 2.0), row("2", 1.0), row("4", 1.5))));
    assertTrue(table.contains("Answer: 2, the first value whose wall time is within 5% of the fastest (it is the fastest, 1.00 s)."),
        table);
  }

  @Test
  void theLastValueAsTheAnswerSaysMoreMayStillHelp() {
    String table = SweepTable.render("k", SweepTable.lines(List.of(row("1", 4.0), row("2", 2.0), row("4", 1.0))));
    assertTrue(table.contains("Answer: 4") && table.contains("It is the last value tried: more may still help."), table);
    assertEquals("One value: nothing to compare it with.", SweepTable.verdict(SweepTable.lines(List.of(row("1", 1.0)))));
  }

  @Test
  void repeatedRunsAreTakenByTheirMediansAndTheFewestOkIsShown() {
    Sweep.Row noisy = new Sweep.Row("5", List.of(row("5", 9.0).run(), row("5", 1.0).run(), row("5", 1.2).run()));
    assertEquals(1.2, noisy.wallSeconds());
    assertEquals(1.2, noisy.run().wallSeconds(), "the median run's report and timeline");
    assertEquals(1.1, new Sweep.Row("x", List.of(row("x", 1.0).run(), row("x", 1.2).run())).wallSeconds(), 1e-9);
    Sweep.Row calm = new Sweep.Row("10", List.of(row("10", 1.19).run(), row("10", 1.25, 9).run(), row("10", 1.3).run()));
    List<SweepTable.Line> lines = SweepTable.lines(List.of(row("1", 6.0), noisy, calm));
    assertEquals(3, lines.get(1).runs());
    // Without medians the 9 s outlier would have made 5 the slowest; by its median it is the answer.
    assertTrue(lines.get(1).answer(), lines.toString());
    String table = SweepTable.render("k", lines);
    assertTrue(table.matches("(?s)k +runs +median wall s.*"), table);
    assertEquals(9, lines.get(2).ok(), "a run that lost a URL is not hidden behind the median");
    assertTrue(table.lines().anyMatch(l -> l.startsWith("10 ") && l.contains(" 9/10 ")), table);
    assertTrue(table.contains("Answer: 5, the first value whose median wall time is within 5% of the fastest"), table);
  }

  @Test
  void csvHasAHeaderAndOneLinePerValueQuotedWhenNeeded() {
    String csv = SweepTable.csv(SweepTable.lines(List.of(row("[CN, US]", 2.0), row("4", 1.0))));
    List<String> lines = csv.lines().toList();
    assertEquals("value,wall_seconds,files_per_second,speedup,files_ok,urls,peak_threads,peak_heap_mib,runs,mark",
        lines.get(0));
    assertEquals("\"[CN, US]\",2.000,5.00,1.000,10,10,30,64.0,1,", lines.get(1));
    assertEquals("4,1.000,10.00,2.000,10,10,30,64.0,1,answer", lines.get(2));
  }
}
