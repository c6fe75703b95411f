package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.DaemonInThisJvm;
import dev.fetchpipe.timeline.HeadlessChromium;
import dev.fetchpipe.timeline.PageXml;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * {@code run --timeline}: a real job against the embedded origin (slow, failing now and then, cancelled by its deadline
 * part way), its page read back with an XML parser, then opened in a real browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTimelineTest {
  /** POP20 with two unknown codes early enough to be fetched: they end NOT_FOUND. */
  private static final String CODES = "[CN, IN, XX, US, ID, ZZ, BR, PK, NG, BD, RU, JP, MX, PH, VN, ET, EG, DE, IR, TR, CD, FR]";
  /** The opaque colours of bar pieces (waiting, receiving, writing, cancelled, error, not found), as Paint has them. */
  private static final Set<Integer> BAR_COLOURS = Set.of(0xE69F00, 0x0072B2, 0x009E73, 0x1B1B1B, 0xD55E00, 0xCC79A7);
  /** The legend shows each of those colours as a 22 x 12 swatch. */
  @RegisterExtension
  static final DaemonInThisJvm DAEMON = new DaemonInThisJvm();
  private static final int LEGEND_SWATCHES = 6 * 22 * 12;
  /** Where the rendered picture is kept after the build, for a person to look at. */
  private static final Path KEPT_PNG = Launcher.PROJECT.resolve("target/timeline-render/run-cancelled.png");

  private Path dir;
  private MainTest.Result run;
  private Path page;
  private JsonNode report;

  @BeforeAll
  void runACancelledJobWithATimeline(@TempDir Path dir) throws Exception {
    this.dir = dir;
    page = dir.resolve("pages/timeline.html");
    Path json = dir.resolve("report.json");
    // Every request takes at least 400 ms (delay - jitter), so by the 1.2 s deadline at most 3 rounds of 4 can have
    // started: about half of the 22 URLs are left SKIPPED, however fast the machine is (the timer would have to be
    // more than a second late for the job to end first).
    // Through a daemon, as run's jobs go: the daemon writes the page as run in process would.
    run = MainTest.fetchpipe("run", "--state-dir", DAEMON.stateDir(), "--out", dir.resolve("flags").toString(), "-m", "4",
        "--timeline", page.toString(), "--report", json.toString(), "--set", "job.codes=" + CODES,
        "--set", "origin.delay=500ms", "--set", "origin.jitter=100ms", "--set", "cancel.deadline=1200ms",
        "--set", "cancel.grace=150ms", "--set", "progress.style=off");
    report = JsonReport.read(json);
  }

  @Test
  void thePageHasOneBarPerUrlWithItsOutcomeAndTheCancelMarked() throws Exception {
    assertEquals(3, run.exitCode(), run.out() + run.err());
    PageXml xml = PageXml.read(page);

    List<Element> bars = xml.bars();
    assertEquals(22, bars.size());
    for (Element bar : bars) {
      JsonNode item = report.get("items").get(Integer.parseInt(bar.getAttribute("data-index")));
      assertEquals(item.get("url").asText(), bar.getAttribute("data-url"));
      assertEquals(item.get("outcome").asText(), bar.getAttribute("data-outcome"));
    }
    assertEquals(22, bars.stream().map(b -> b.getAttribute("data-index")).distinct().count());
    assertTrue(bars.stream().anyMatch(b -> b.getAttribute("data-outcome").equals("SKIPPED")), "the deadline left some unstarted");
    assertTrue(xml.elements("g").stream().anyMatch(g -> PageXml.hasClass(g, "marker") && PageXml.hasClass(g, "cancel")));
    long fetcherLanes = bars.stream().map(b -> b.getAttribute("data-lane")).filter(l -> l.startsWith("fetcher ")).distinct().count();
    assertTrue(fetcherLanes >= 1 && fetcherLanes <= 4, "never more lanes than -m 4 allows: " + fetcherLanes);
  }

  @Test
  void chromiumRendersThePageAsARealPictureAndKeepsEveryBarInItsDom() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("chromium")));

    Path png = dir.resolve("timeline.png");
    chromium.screenshot(page, png, 1400, 900);
    Files.createDirectories(KEPT_PNG.getParent());
    Files.copy(png, KEPT_PNG, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(page, KEPT_PNG.resolveSibling("run-cancelled.html"), StandardCopyOption.REPLACE_EXISTING);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
    assertEquals(900, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    int notWhite = 0;
    int barPixels = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) notWhite++;
        if (BAR_COLOURS.contains(rgb)) barPixels++;
      }
    }
    assertTrue(colours.size() >= 8, "a real picture has many colours, not " + colours.size());
    assertTrue(notWhite > image.getWidth() * image.getHeight() / 20, "more than a blank page: " + notWhite + " pixels drawn");
    // The page is 1300 px wide and the window wider, so one SVG unit is one pixel: the browser must have painted most
    // of the bar area the page declares (edges are blended), on top of the legend's swatches of these colours.
    double declared = declaredBarArea(PageXml.read(page));
    assertTrue(declared > 0);
    assertTrue(barPixels > LEGEND_SWATCHES + 0.6 * declared,
        "the bars are painted: " + barPixels + " pixels in bar colours for " + Math.round(declared) + " declared");

    String dom = chromium.dumpDom(page);
    Matcher bar = Pattern.compile("<g class=\"bar\" data-index=\"(\\d+)\"").matcher(dom);
    List<String> indexes = new ArrayList<>();
    while (bar.find()) indexes.add(bar.group(1));
    assertEquals(22, indexes.size(), "every bar survives in the browser's DOM");
    assertEquals(22, new HashSet<>(indexes).size());
  }

  /** The area of the bar pieces drawn in one of BAR_COLOURS: not faded, not queued. */
  private static double declaredBarArea(PageXml xml) {
    double area = 0;
    for (Element bar : xml.bars()) {
      for (Element rect : PageXml.children(bar, "rect")) {
        if (!Set.of("w", "r", "d", "c", "e", "n").contains(rect.getAttribute("class"))) continue;
        area += Double.parseDouble(rect.getAttribute("width")) * Double.parseDouble(rect.getAttribute("height"));
      }
    }
    return area;
  }

  @Test
  void aTimelineThatCannotBeWrittenStopsTheJobBeforeItStarts(@TempDir Path other) throws Exception {
    MainTest.Result result = MainTest.fetchpipe("run", "--state-dir", DAEMON.stateDir(), "--out",
        other.resolve("flags").toString(), "--timeline", other.toString());
    assertEquals(2, result.exitCode());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().startsWith("fetchpipe: --timeline: cannot write " + other), result.err());
    assertEquals("", result.out());
    assertTrue(Files.notExists(other.resolve("flags")));
  }
}
