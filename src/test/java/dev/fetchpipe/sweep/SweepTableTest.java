package dev.fetchpipe.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.compare.Engine;
import dev.fetchpipe.compare.MeasuredRun;
import dev.fetchpipe.compare.Peaks;
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
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(new ItemResult(i, "http://127.0.0.1/" + i, Outcome.OK, 200, 100, null, null, null, null, null, List.of(), null));
    }
    JobReport report = JobReport.of("http://127.0.0.1", 1, (long) (wallSeconds * 1000), null, items);
    return new Sweep.Row(value, new MeasuredRun(Engine.ACTORS, "max-in-flight " + value, report, wallSeconds,
        new Peaks(20, 30, 64L << 20), Path.of("x")));
  }

  @Test
  void aValueLessThanFivePercentFasterThanThePreviousIsNoGainAndTheFastestIsBest() {
    List<SweepTable.Line> lines = SweepTable.lines(List.of(
        row("1", 10.0), row("5", 2.0), row("10", 1.0), row("20", 0.97), row("50", 0.90), row("100", 1.2)));

    assertEquals(List.of(1.0, 5.0, 10.0), lines.subList(0, 3).stream().map(SweepTable.Line::speedup).toList());
    assertEquals(List.of("", "", "", "(no gain)", "<- best", "(no gain)"),
        lines.stream().map(SweepTable.Line::mark).toList());
    assertEquals(10.0 / 2.0, lines.get(1).filesPerSecond());

    String table = SweepTable.render("fetch.max-in-flight", lines);
    assertTrue(table.startsWith("fetch.max-in-flight "), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("50 ") && l.endsWith("<- best")), table);
    assertTrue(table.contains("More stops helping at 10: 20 is not 5% faster"), table);
  }

  @Test
  void theBestCanAlsoBeNoGain() {
    List<SweepTable.Line> lines = SweepTable.lines(List.of(row("1", 2.0), row("2", 1.0), row("4", 0.99)));
    assertEquals("(no gain) <- best", lines.get(2).mark());
  }

  @Test
  void everyValueHelpingSaysMoreMayStillHelp() {
    String table = SweepTable.render("k", SweepTable.lines(List.of(row("1", 4.0), row("2", 2.0), row("4", 1.0))));
    assertTrue(table.contains("more may still help"), table);
  }

  @Test
  void csvHasAHeaderAndOneLinePerValueQuotedWhenNeeded() {
    String csv = SweepTable.csv(SweepTable.lines(List.of(row("[CN, US]", 2.0), row("4", 1.0))));
    List<String> lines = csv.lines().toList();
    assertEquals("value,wall_seconds,files_per_second,speedup,files_ok,urls,peak_threads,peak_heap_mib,mark", lines.get(0));
    assertEquals("\"[CN, US]\",2.000,5.00,1.000,10,10,30,64.0,", lines.get(1));
    assertEquals("4,1.000,10.00,2.000,10,10,30,64.0,<- best", lines.get(2));
  }
}
