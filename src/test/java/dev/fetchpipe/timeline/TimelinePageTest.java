package dev.fetchpipe.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import dev.fetchpipe.timeline.TimelineRun.Lanes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The page from made-up reports with exact timings, read back with an XML parser. */
class TimelinePageTest {
  private static final Set<String> STEP_CLASSES = Set.of("w", "r", "d", "e", "n", "c", "f", "b");

  @Test
  void everyUrlIsExactlyOneBarInEachRunOfAWellFormedPage() throws Exception {
    List<JobReport> reports = List.of(SyntheticJobs.threadPool(1, 12, 1), SyntheticJobs.threadPool(2, 40, 6),
        SyntheticJobs.pipeline(3, 40, 8, 4, null, 0));
    PageXml page = PageXml.parse(TimelinePage.render("compare", List.of(
        new TimelineRun("sequential", reports.get(0), Lanes.THREADS),
        new TimelineRun("threads", reports.get(1), Lanes.THREADS),
        new TimelineRun("actors", reports.get(2)))));

    List<List<Element>> charts = page.barsByChart();
    assertEquals(3, charts.size());
    for (int run = 0; run < 3; run++) {
      List<ItemResult> items = reports.get(run).items();
      Map<Integer, String> urlByIndex = new TreeMap<>();
      for (Element bar : charts.get(run)) {
        String previous = urlByIndex.put(Integer.parseInt(bar.getAttribute("data-index")), bar.getAttribute("data-url"));
        assertEquals(null, previous, "a second bar for index " + bar.getAttribute("data-index"));
      }
      assertEquals(items.size(), charts.get(run).size());
      for (ItemResult item : items) assertEquals(item.url(), urlByIndex.get(item.index()));
    }
    assertEquals(3, page.elements("h2").size());
  }

  @Test
  void aHostileUrlAndEveryOtherTextFromTheJobAreEscaped() throws Exception {
    String hostile = "http://x/\"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;'`\u0001\uD800/ü/\uD83D\uDE00";
    ItemResult item = AnItem.of(0, hostile, Outcome.ERROR).status(500).error("<b>bad</b> & \"worse\"")
        .writer("<thread>").timings(new Timings(0.0, 1.0, 5.0, null, 6.0)).note("note <i>").build();
    JobReport report = SyntheticJobs.of(1, null, List.of(item));
    String html = TimelinePage.render("<script>alert('title')</script>", List.of(new TimelineRun("</h2><script>", report)));

    assertFalse(html.contains("<script") || html.contains("<img") || html.contains("<b>") || html.contains("<thread>"), html);
    PageXml page = PageXml.parse(html);
    assertTrue(page.elements("script").isEmpty() && page.elements("img").isEmpty());
    Element bar = page.bars().get(0);
    // Characters XML cannot carry at all become U+FFFD; everything else survives exactly.
    assertEquals(hostile.replace('\u0001', '\uFFFD').replace('\uD800', '\uFFFD'), bar.getAttribute("data-url"));
    String tooltip = PageXml.children(bar, "title").get(0).getTextContent();
    assertTrue(tooltip.contains("<b>bad</b> & \"worse\""), tooltip);
    assertTrue(tooltip.contains("/ü/\uD83D\uDE00"), tooltip);
    assertEquals("</h2><script>", page.elements("h2").get(0).getTextContent());
  }

  @Test
  void fetcherLanesNeverHoldTwoUrlsAtOnceAndThereAreAsManyAsThePeakInFlight() throws Exception {
    for (long seed = 1; seed <= 6; seed++) {
      JobReport report = SyntheticJobs.pipeline(seed, 150 + 20 * (int) seed, 3 + (int) seed * 2, 3,
          seed % 2 == 0 ? 1500.0 : null, 300);
      PageXml page = PageXml.parse(TimelinePage.render("job", List.of(new TimelineRun("actors", report))));

      Map<String, List<Timings>> byLane = new HashMap<>();
      Map<String, Set<Long>> rowsOfLane = new HashMap<>();
      for (Element bar : page.bars()) {
        Timings t = fetcherPart(report.items().get(Integer.parseInt(bar.getAttribute("data-index"))));
        String lane = bar.getAttribute("data-lane");
        if (t.startedMs() == null) {
          assertEquals("URLs that never sent a request", lane);
          continue;
        }
        assertTrue(lane.startsWith("fetcher "), lane);
        byLane.computeIfAbsent(lane, l -> new ArrayList<>()).add(t);
        // The bar is really drawn in its lane: its step pieces are all centred on that lane's row.
        rowsOfLane.computeIfAbsent(lane, l -> new HashSet<>()).add(middle(firstStepPiece(bar)));
      }
      for (var lane : byLane.entrySet()) {
        List<Timings> bars = lane.getValue().stream().sorted(java.util.Comparator.comparingDouble(Timings::startedMs)).toList();
        for (int i = 1; i < bars.size(); i++) {
          assertTrue(bars.get(i).startedMs() >= bars.get(i - 1).doneMs(), "seed " + seed + ": two URLs at once in " + lane.getKey());
        }
      }
      double[] starts = sentUrls(report).mapToDouble(t -> t.startedMs()).toArray();
      double[] ends = report.items().stream().map(TimelinePageTest::fetcherPart).filter(t -> t.startedMs() != null)
          .mapToDouble(t -> t.doneMs()).toArray();
      assertEquals(IntervalPartitionTest.peakOverlap(starts, ends), byLane.size(), "seed " + seed);
      Set<Long> rows = new HashSet<>();
      for (Set<Long> ys : rowsOfLane.values()) {
        assertEquals(1, ys.size(), "one lane, one row: " + ys);
        rows.addAll(ys);
      }
      assertEquals(byLane.size(), rows.size(), "every lane has a row of its own");
    }
  }

  @Test
  void eachWriteIsDrawnOnTheLaneOfTheThreadThatWroteIt() throws Exception {
    JobReport report = SyntheticJobs.pipeline(5, 200, 10, 4, null, 0);
    PageXml page = PageXml.parse(TimelinePage.render("job", List.of(new TimelineRun("actors", report))));

    Map<String, Set<Long>> rowsOfThread = new HashMap<>();
    for (Element bar : page.bars()) {
      ItemResult item = report.items().get(Integer.parseInt(bar.getAttribute("data-index")));
      if (item.outcome() != Outcome.OK) continue;
      List<Element> pieces = PageXml.children(bar, "rect");
      Element write = pieces.get(pieces.size() - 1); // the write on its thread's lane comes last
      assertEquals("d", write.getAttribute("class"));
      rowsOfThread.computeIfAbsent(item.writerThread(), t -> new HashSet<>()).add(middle(write));
    }
    assertEquals(4, rowsOfThread.size());
    assertTrue(rowsOfThread.values().stream().allMatch(rows -> rows.size() == 1), rowsOfThread.toString());
    assertEquals(4, rowsOfThread.values().stream().flatMap(Set::stream).distinct().count());
    List<String> laneNames = page.elements("text").stream().filter(t -> PageXml.hasClass(t, "lane"))
        .flatMap(t -> PageXml.children(t, "title").stream()).map(Element::getTextContent).toList();
    for (int w = 5; w <= 8; w++) assertTrue(laneNames.contains(SyntheticJobs.WRITER + w), laneNames.toString());
  }

  @Test
  void aThreadPoolRunHasOneLanePerThreadInNaturalOrder() throws Exception {
    JobReport pool = SyntheticJobs.threadPool(9, 60, 12);
    JobReport sequential = SyntheticJobs.threadPool(9, 10, 1);
    PageXml page = PageXml.parse(TimelinePage.render("compare", List.of(
        new TimelineRun("threads", pool, Lanes.THREADS), new TimelineRun("sequential", sequential, Lanes.THREADS))));

    List<List<Element>> charts = page.barsByChart();
    for (Element bar : charts.get(0)) {
      assertEquals(pool.items().get(Integer.parseInt(bar.getAttribute("data-index"))).writerThread(), bar.getAttribute("data-lane"));
    }
    assertEquals(Set.of("main"), charts.get(1).stream().map(b -> b.getAttribute("data-lane")).collect(Collectors.toSet()));
    List<String> labels = page.elements("text").stream().filter(t -> PageXml.hasClass(t, "lane"))
        .map(t -> t.getFirstChild().getNodeValue()).filter(l -> l.startsWith("pool-thread-")).toList();
    assertEquals(IntStream.rangeClosed(1, 12).mapToObj(n -> "pool-thread-" + n).toList(), labels);
  }

  @Test
  void theCancelAndTheAbortAreMarkedWithLabelledLinesAndOutcomesAreDrawnApart() throws Exception {
    List<ItemResult> items = List.of(
        ok(0, 10, 400),
        AnItem.of(1, "http://h/cut", Outcome.CANCELLED).error("cut off")
            .timings(new Timings(0.0, 410.0, null, null, 1900.0)).build(),
        SyntheticJobs.withoutRequest(2, "http://h/skipped", Outcome.SKIPPED, "not started", new Timings(0.0, null, null, null, 1500.0)),
        AnItem.of(3, "http://h/missing", Outcome.NOT_FOUND).status(404).error("not found")
            .timings(new Timings(0.0, 20.0, 300.0, null, 301.0)).build(),
        AnItem.of(4, "http://h/broken", Outcome.ERROR).status(500).error("HTTP 500")
            .timings(new Timings(0.0, 310.0, 600.0, null, 601.0)).build());
    Cancellation cancel = new Cancellation(CancelSource.INTERRUPT, null, 1500, 1, 0, 1900.0, 1905.0);
    JobReport report = SyntheticJobs.of(2, cancel, items);
    String html = TimelinePage.render("job", List.of(new TimelineRun("actors", report)));
    PageXml page = PageXml.parse(html);

    TimeScale scale = TimeScale.covering(List.of(new TimelineRun("actors", report)), RunSection.PLOT_LEFT,
        RunSection.WIDTH - RunSection.PLOT_LEFT - RunSection.PLOT_RIGHT_PAD);
    assertMarker(page, "cancel", scale.x(1500), "cancel (Ctrl-C) at 1.500 s");
    assertMarker(page, "abort", scale.x(1900), "abort at 1.900 s");
    // Cut off while waiting for its response: the wait shows, faded, from the request to the abort, then the cut.
    List<Element> cut = PageXml.children(barOf(page, 1), "rect").stream().filter(r -> !r.getAttribute("class").equals("q")).toList();
    assertEquals(List.of("w x", "c"), cut.stream().map(r -> r.getAttribute("class")).toList());
    assertEquals(scale.x(410), Double.parseDouble(cut.get(0).getAttribute("x")), 1.1);
    double cutEnd = Double.parseDouble(cut.get(1).getAttribute("x")) + Double.parseDouble(cut.get(1).getAttribute("width"));
    assertEquals(scale.x(1900), cutEnd, 0.2, "the mark ends where the URL ended");
    assertEquals(Set.of("s"), piecesOf(page, 2));
    assertEquals("URLs that never sent a request", barOf(page, 2).getAttribute("data-lane"));
    assertEquals(Set.of("w", "r", "n"), piecesOf(page, 3));
    assertEquals(Set.of("w", "r", "e"), piecesOf(page, 4));
    // The failures row marks each of the three, in its colour, where it ended, named in its tooltip.
    Element failures = page.elements("g").stream().filter(g -> PageXml.hasClass(g, "failures")).findFirst().orElseThrow();
    List<Element> marks = PageXml.children(failures, "rect");
    assertEquals(List.of("c", "n", "e"), marks.stream().map(r -> r.getAttribute("class")).toList());
    assertTrue(marks.get(2).getTextContent().startsWith("http://h/broken -- ERROR: HTTP 500"), marks.get(2).getTextContent());
    assertTrue(html.contains("3 failed"), "the row says how many");

    JobReport finished = SyntheticJobs.of(1, null, List.of(ok(0, 10, 400)));
    String allOk = TimelinePage.render("job", List.of(new TimelineRun("actors", finished)));
    PageXml uncancelled = PageXml.parse(allOk);
    assertTrue(uncancelled.elements("g").stream().noneMatch(g -> PageXml.hasClass(g, "marker")));
    assertTrue(uncancelled.elements("g").stream().noneMatch(g -> PageXml.hasClass(g, "failures")), "no row when none failed");
    assertTrue(allOk.contains("opens a new connection"), "the page explains the slow first wave");
  }

  @Test
  void aRetriedUrlShowsEachFailedAttemptAndEachWaitInItsBar() throws Exception {
    JobReport report = SyntheticJobs.of(1, null, List.of(SyntheticJobs.retried(0)));
    PageXml page = PageXml.parse(TimelinePage.render("job", List.of(new TimelineRun("actors", report))));

    List<String> pieces = PageXml.children(page.bars().get(0), "rect").stream().map(r -> r.getAttribute("class")).toList();
    // Queued until sent (the lane was idle), two failed attempts each followed by a wait, then the last attempt's
    // steps, then the write, on its writer thread's lane only: the fetcher was free for its next URL by then.
    assertEquals(List.of("q", "f", "b", "f", "b", "w", "r", "d"), pieces);
    String tooltip = PageXml.children(page.bars().get(0), "title").get(0).getTextContent();
    assertTrue(tooltip.contains("attempt 2: sent 0.261 s, ended 0.561 s (timed out after 300 ms), then waited 0.400 s"), tooltip);
  }

  @Test
  void tenThousandUrlsMakeOneThinBarEachWithNoTextPerBar() throws Exception {
    JobReport report = SyntheticJobs.pipeline(4, 10_000, 50, 4, null, 0);
    String html = TimelinePage.render("big job", List.of(new TimelineRun("actors", report)));

    assertEquals(10_000, count(html, "<g class=\"bar\""));
    assertTrue(count(html, "<text") < 100, "visible text is per lane and per tick, never per URL");
    assertTrue(html.length() < 10_000 * 800, "about 600 bytes a URL, tooltip included: " + html.length());
  }

  @Test
  void thePageLoadsNothingFromAnywhere() throws Exception {
    String html = TimelinePage.render("job", List.of(new TimelineRun("actors", SyntheticJobs.pipeline(2, 30, 4, 2, 900.0, 100))));
    PageXml page = PageXml.parse(html);
    for (String tag : List.of("script", "link", "img", "iframe", "object", "embed", "image", "use", "foreignObject")) {
      assertTrue(page.elements(tag).isEmpty(), tag);
    }
    for (String tag : List.of("*")) {
      for (Element e : page.elements(tag)) {
        assertFalse(e.hasAttribute("src") || e.hasAttribute("href") || e.hasAttributeNS("http://www.w3.org/1999/xlink", "href"),
            e.getTagName());
      }
    }
    String css = page.elements("style").get(0).getTextContent();
    assertFalse(css.contains("@import") || css.contains("@font-face"), css);
    Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(css);
    while (url.find()) assertTrue(url.group(1).startsWith("#"), url.group());
  }

  @Test
  void thePageIsWrittenWholeUnderItsNameWithNothingLeftBeside(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("new/dir/timeline.html");
    JobReport report = SyntheticJobs.pipeline(1, 20, 4, 2, null, 0);
    TimelinePage.write(file, "one", List.of(new TimelineRun("actors", report)));
    TimelinePage.write(file, "two", List.of(new TimelineRun("actors", report)));

    assertEquals("two", PageXml.read(file).elements("h1").get(0).getTextContent());
    try (Stream<Path> beside = Files.list(file.getParent())) {
      assertEquals(List.of(file), beside.toList());
    }
  }

  @Test
  void axisTicksAreRoundSeconds() {
    TimeScale scale = new TimeScale(3090, 0, 1000);
    assertEquals(List.of("0 s", "0.5 s", "1 s", "1.5 s", "2 s", "2.5 s", "3 s"),
        scale.ticksMs().stream().map(TimeScale::secondsLabel).toList());
    assertEquals(List.of("0 s", "0.005 s", "0.01 s"),
        new TimeScale(25, 0, 1000).ticksMs().stream().limit(3).map(TimeScale::secondsLabel).toList());
  }

  @Test
  void longThreadNamesKeepTheirEndCutAtASeparator() {
    assertEquals("\u2026blocking-io-dispatcher-21", LaneLayout.shortName("fetchpipe-fetchpipe.blocking-io-dispatcher-21"));
    assertEquals("pool-thread-3", LaneLayout.shortName("pool-thread-3"));
  }

  private static ItemResult ok(int index, double started, double done) {
    return AnItem.of(index, "http://h/" + index, Outcome.OK).status(200).bytes(10).writer(SyntheticJobs.WRITER + 1)
        .timings(new Timings(0.0, started, started + (done - started) * 0.6, done - 2, done)).build();
  }

  private static void assertMarker(PageXml page, String kind, double x, String label) {
    Element marker = page.elements("g").stream().filter(g -> PageXml.hasClass(g, "marker") && PageXml.hasClass(g, kind))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " marker"));
    Element line = PageXml.children(marker, "line").get(0);
    assertEquals(RunSection.num(x), line.getAttribute("x1"));
    assertEquals(line.getAttribute("x1"), line.getAttribute("x2"));
    assertEquals(label, PageXml.children(marker, "text").get(0).getTextContent());
  }

  private static Element barOf(PageXml page, int index) {
    return page.bars().stream().filter(b -> b.getAttribute("data-index").equals(String.valueOf(index))).findFirst().orElseThrow();
  }

  /** The paints of a bar's pieces, without the faded mark a failed URL's earlier steps carry. */
  private static Set<String> piecesOf(PageXml page, int index) {
    return PageXml.children(barOf(page, index), "rect").stream().map(r -> r.getAttribute("class").split(" ")[0])
        .filter(c -> !c.equals("q")).collect(Collectors.toSet());
  }

  /** Where a piece's vertical middle is, to a tenth of a pixel (as the page rounds). */
  private static long middle(Element rect) {
    return Math.round(10 * (Double.parseDouble(rect.getAttribute("y")) + Double.parseDouble(rect.getAttribute("height")) / 2));
  }

  private static Element firstStepPiece(Element bar) {
    return PageXml.children(bar, "rect").stream().filter(r -> STEP_CLASSES.contains(r.getAttribute("class").split(" ")[0]))
        .findFirst().orElseThrow();
  }

  /**
   * A URL's time on its fetcher, as timings: until its body went to the writer when a writer thread wrote it (the
   * fetcher took its next URL meanwhile), else until it ended.
   */
  private static Timings fetcherPart(ItemResult item) {
    Timings t = item.timings();
    if (!BarSegments.wasWritten(item)) return t;
    return new Timings(t.queuedMs(), t.startedMs(), t.firstByteMs(), t.bodyDoneMs(), t.bodyDoneMs());
  }

  private static Stream<Timings> sentUrls(JobReport report) {
    return report.items().stream().map(ItemResult::timings).filter(t -> t.startedMs() != null);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
    return n;
  }
}
