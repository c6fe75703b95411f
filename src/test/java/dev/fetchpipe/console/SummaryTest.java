package dev.fetchpipe.console;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Renamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobReportTest;
import dev.fetchpipe.report.JobStart;
import dev.fetchpipe.report.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The text printed before and after a job. */
class SummaryTest {

  private static JobReport report(long elapsedMs, Outcome... outcomes) {
    return JobReport.of("http://127.0.0.1:8000/flags", 20, elapsedMs, null, JobReportTest.results(outcomes));
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  private static JobPlan plan(int urls) {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < urls; i++) codes.add("C" + i);
    return JobPlan.of(new UrlSource.Flags("http://127.0.0.1:8000/flags", codes), null);
  }

  /** The job's start as its supervisor tells it. */
  private static JobStart start(JobPlan plan, int connections, String outputDir) {
    return new JobStart(plan.site(), plan.size(), plan.repeats(), plan.repeatedExamples(), connections, outputDir, 0, 0, 0);
  }

  // ---- footer ----

  @Test
  void footerOfAllOkJobShowsOnlyDownloadedAndElapsed() {
    String footer = Summary.footer(report(1234, Outcome.OK, Outcome.OK, Outcome.OK));
    assertTrue(footer.contains("3 downloaded."), footer);
    assertFalse(footer.contains("not found"), footer);
    assertFalse(footer.contains("error"), footer);
    assertTrue(footer.contains("Elapsed time: 1.23s"), footer);
  }

  @Test
  void footerShowsNotFoundOnlyWhenSomeWere() {
    String footer = Summary.footer(report(10, Outcome.OK, Outcome.NOT_FOUND, Outcome.NOT_FOUND));
    assertTrue(footer.contains("1 downloaded."), footer);
    assertTrue(footer.contains("2 not found."), footer);
    assertFalse(footer.contains("error"), footer);
  }

  @Test
  void footerShowsOneErrorInTheSingular() {
    String footer = Summary.footer(report(10, Outcome.OK, Outcome.ERROR));
    assertTrue(footer.lines().anyMatch(line -> line.strip().equals("1 error.")), footer);
    assertFalse(footer.contains("not found."), footer);
  }

  @Test
  void footerShowsSeveralErrorsInThePlural() {
    String footer = Summary.footer(report(10, Outcome.ERROR, Outcome.ERROR, Outcome.NOT_FOUND));
    assertTrue(footer.lines().anyMatch(line -> line.strip().equals("2 errors.")), footer);
    assertTrue(footer.contains("1 not found."), footer);
    assertTrue(footer.contains("0 downloaded."), footer);
  }

  @Test
  void footerListsEachFailedUrlWithWhy() {
    JobReport report = report(10, Outcome.OK, Outcome.NOT_FOUND, Outcome.ERROR);
    String footer = Summary.footer(report);
    String okUrl = report.items().get(0).url();
    String notFoundUrl = report.items().get(1).url();
    String errorUrl = report.items().get(2).url();
    assertFalse(footer.contains(okUrl), footer);
    assertTrue(footer.lines().anyMatch(line -> line.contains(notFoundUrl) && line.contains("not found")), footer);
    assertTrue(footer.lines().anyMatch(line -> line.contains(errorUrl) && line.contains("connection refused")), footer);
  }

  @Test
  void footerListsAtMostTenFailuresThenHowManyMore() {
    Outcome[] outcomes = new Outcome[14];
    java.util.Arrays.fill(outcomes, Outcome.ERROR);
    outcomes[0] = Outcome.OK;
    JobReport report = report(10, outcomes);
    String footer = Summary.footer(report);
    long urlLines = lines(footer).stream().filter(line -> line.contains("http://")).count();
    assertEquals(10, urlLines, footer);
    for (int i = 1; i <= 10; i++) assertTrue(footer.contains(report.items().get(i).url() + " "), footer);
    assertFalse(footer.contains(report.items().get(11).url()), footer);
    assertTrue(footer.contains("... and 3 more"), footer);
  }

  @Test
  void footerWithExactlyTenFailuresHasNoMoreLine() {
    Outcome[] outcomes = new Outcome[10];
    java.util.Arrays.fill(outcomes, Outcome.NOT_FOUND);
    String footer = Summary.footer(report(10, outcomes));
    assertEquals(10, lines(footer).stream().filter(line -> line.contains("http://")).count(), footer);
    assertFalse(footer.contains("more"), footer);
  }

  @Test
  void elapsedTimeHasTwoDecimalsWhateverTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertTrue(Summary.footer(report(1234, Outcome.OK)).contains("Elapsed time: 1.23s"));
      assertTrue(Summary.footer(report(60_000, Outcome.OK)).contains("Elapsed time: 60.00s"));
      assertTrue(Summary.footer(report(5, Outcome.OK)).contains("Elapsed time: 0.01s"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  // ---- header ----

  @Test
  void headerWithOneConnectionSaysSoInTheSingular() {
    String header = Summary.header(start(plan(3), 1, "downloads"));
    assertTrue(header.contains("1 connection will be used."), header);
    assertFalse(header.contains("concurrent"), header);
  }

  @Test
  void headerWithManyConnectionsSaysHowMany() {
    String header = Summary.header(start(plan(3), 20, "downloads"));
    assertTrue(header.contains("20 concurrent connections will be used."), header);
  }

  @Test
  void headerNamesSiteUrlCountAndOutputDir() {
    String header = Summary.header(start(plan(3), 20, "downloads"));
    assertTrue(header.contains("Site: http://127.0.0.1:8000/flags"), header);
    assertTrue(header.contains("Downloading 3 URLs into downloads"), header);
    String single = Summary.header(start(plan(1), 1, "out"));
    assertTrue(single.contains("Downloading 1 URL into out"), single);
  }

  // ---- numbered names ----

  private static JobReport numbered(int count, String takenBy) {
    List<ItemResult> items = new ArrayList<>(JobReportTest.results(Outcome.NOT_FOUND));
    for (int i = 1; i <= count; i++) {
      items.add(JobReportTest.results(Outcome.OK).get(0).withRenamed(
          new Renamed("a-" + (i + 1) + ".bin", "a.bin", takenBy, "line 1", 0, Outcome.NOT_FOUND)));
    }
    return JobReport.of("h", 1, 1, null, items);
  }

  @Test
  void theFirstNumberedNamesAreListedWithWhyAndTheRestCounted() {
    String footer = Summary.footer(numbered(13, "https://h/a.bin"));
    List<String> renamed = lines(footer).stream().filter(line -> line.startsWith("  renamed: ")).toList();
    assertEquals(JobReport.RENAMES_LISTED, renamed.size(), footer);
    assertEquals("  renamed: a-2.bin <- http://127.0.0.1:8000/flags/0.gif -- a.bin taken by https://h/a.bin (line 1), which"
        + " was not found (names are chosen before anything is fetched)", renamed.get(0));
    assertTrue(footer.contains("\n  ... and 3 more renamed (--report FILE says why)\n"), footer);
    assertTrue(footer.indexOf("  renamed: ") < footer.indexOf("-----"), "with the failures, above the counts: " + footer);
    assertFalse(Summary.footer(numbered(2, "https://h/a.bin")).contains("more renamed"));
  }

  @Test
  void controlCharactersFromAUrlOrADaemonCannotBreakTheTerminal() {
    String footer = Summary.footer(numbered(1, "http://h/a\n\u001b[2J\r\u202eevil\u0000.bin \uD83D\uDE00"));
    String line = lines(footer).stream().filter(l -> l.startsWith("  renamed: ")).findFirst().orElseThrow();
    assertTrue(line.contains("http://h/a\\n\\u001b[2J\\r\\u202eevil\\u0000.bin \uD83D\uDE00 (line 1)"), line);
    assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT), line);
    assertEquals("a\\ud800b", Printable.of("a\uD800b"), "half a surrogate pair");
    assertEquals("plain", Printable.of("plain"));
  }

  @Test
  void aDryRunListsTheFirstNumberedNamesInTheSummarysWordsAndCountsTheRest() {
    List<dev.fetchpipe.report.Probe> probes = new ArrayList<>();
    probes.add(new dev.fetchpipe.report.Probe(0, "http://h/a.bin", "a.bin", 404, null, "HEAD", "not found", null, false));
    for (int i = 1; i <= 15; i++) {
      probes.add(new dev.fetchpipe.report.Probe(i, "http://h" + i + "/a.bin", "a-" + (i + 1) + ".bin", 200, 1L, "HEAD",
          null, "file name changed: name already taken in this job, numbered", false)
          .withRenamed(new Renamed("a-" + (i + 1) + ".bin", "a.bin", "http://h/a.bin", "line 1", 0, null)));
    }
    String footer = DryRunText.footer(new dev.fetchpipe.report.DryRunResult("h", 1, "out", probes));
    List<String> listed = lines(footer).stream().filter(line -> line.startsWith("  renamed: ")).toList();
    assertEquals(JobReport.RENAMES_LISTED, listed.size(), footer);
    assertEquals("  renamed: a-2.bin <- http://h1/a.bin -- a.bin taken by http://h/a.bin (line 1), which was not found"
        + " (names are chosen before anything is fetched)", listed.get(0));
    assertTrue(footer.contains("Names changed: 15\n"), footer);
    assertTrue(footer.contains("  ... and 5 more (each URL's line above says why)\n"), footer);
  }
}
