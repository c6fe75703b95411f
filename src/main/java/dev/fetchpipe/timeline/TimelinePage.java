package dev.fetchpipe.timeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.fetchpipe.report.ReportFile;
import java.util.List;

/**
 * The timeline page ({@code --timeline FILE.html}): one self-contained HTML file, one section per run, every run on
 * the same time scale. One bar per URL, in lanes that show how many fetchers or threads worked at once.
 *
 * <p>The page is also well-formed XML (XHTML with inline SVG), so tests and tools can read it with any XML parser. It
 * loads nothing: no script, no font, no stylesheet from anywhere; it opens the same offline.
 */
public final class TimelinePage {
  private static final String CSS = """
      body{margin:20px 24px;font:13px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1d2329;background:#fff}
      h1{font-size:19px;margin:0 0 4px}
      h2{font-size:16px;margin:18px 0 2px}
      p{margin:2px 0;max-width:1300px}
      p.intro{color:#4a545e}
      p.stats{color:#2b333b}
      p.cancel{color:#a1001a}
      ul.legend{list-style:none;padding:0;margin:8px 0 4px;display:flex;flex-wrap:wrap;gap:4px 18px;max-width:1300px;font-size:12px}
      ul.legend li{display:flex;align-items:center;gap:6px}
      ul.legend svg{flex:none}
      svg.chart{display:block;max-width:100%;height:auto;margin-top:4px}
      svg text{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif}
      text.lane{font-size:11px;fill:#3b444d;text-anchor:end}
      text.small{font-size:10px;fill:#6b7580}
      text.group{font-size:11.5px;font-weight:bold;fill:#1d2329}
      text.tick{font-size:11px;fill:#4a545e;text-anchor:middle}
      text.mark{font-size:11.5px;font-weight:bold}
      text.end{text-anchor:end}
      rect.stripe{fill:#f3f5f7}
      line.grid{stroke:#dde1e6;stroke-width:1}
      line.axis{stroke:#68737e;stroke-width:1}
      path.queue{fill:#c9ced6;stroke:#8e97a2;stroke-width:1}
      g.cancel line{stroke:#c8102e;stroke-width:2;stroke-dasharray:6 3}
      g.cancel text{fill:#c8102e}
      g.abort line{stroke:#5c0011;stroke-width:2;stroke-dasharray:2 2}
      g.abort text{fill:#5c0011}
      rect.x{fill-opacity:.4}
      g.bar:hover rect{stroke:#000;stroke-width:1}
      """;

  private TimelinePage() {}

  /** Writes the page atomically (a temporary file, then a rename), so a reader never sees half a page. */
  public static void write(Path file, String title, List<TimelineRun> runs) throws IOException {
    byte[] page = render(title, runs).getBytes(StandardCharsets.UTF_8);
    ReportFile.write(file, out -> out.write(page));
  }

  /** The page as text. */
  public static String render(String title, List<TimelineRun> runs) {
    TimeScale scale = TimeScale.covering(runs, RunSection.PLOT_LEFT,
        RunSection.WIDTH - RunSection.PLOT_LEFT - RunSection.PLOT_RIGHT_PAD);
    int urls = runs.stream().mapToInt(run -> run.report().items().size()).sum();
    StringBuilder page = new StringBuilder(4096 + urls * 520);
    page.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>");
    Xml.append(page, title).append("</title>\n<style>\n").append(CSS).append(Paint.css()).append("</style>\n</head>\n<body>\n");
    page.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" style=\"position:absolute\"><defs>")
        .append(Paint.patterns()).append("</defs></svg>\n");
    page.append("<h1>");
    Xml.append(page, title).append("</h1>\n");
    page.append("<p class=\"intro\">One bar per URL, from the moment its request was sent to the moment its file was "
        + "written (or it failed). Time runs left to right in seconds since the job started, on the same scale in every "
        + "section. A lane holds one bar at a time, so the number of lanes in a group is how many worked at once. "
        + "Rest the pointer on a bar for its URL and times. A URL that did not end OK has its steps faded and a mark "
        + "in its outcome's colour where it ended; the row of failures above the lanes marks each of them again, so "
        + "that none is lost among many lanes. The first wave of bars is usually the slowest: each of those requests "
        + "opens a new connection (with a TLS handshake for https) while the JVM is still compiling the code they run; "
        + "later requests reuse the open connections.</p>\n");
    legend(page);
    for (TimelineRun run : runs) RunSection.write(run, scale, page);
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  static void legend(StringBuilder page) {
    page.append("<ul class=\"legend\">\n");
    for (Paint paint : Paint.values()) {
      page.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"22\" height=\"12\"><rect class=\"")
          .append(paint.cssClass).append(paint == Paint.QUEUED ? "\" y=\"5\" width=\"22\" height=\"2\"/>" : "\" width=\"22\" height=\"12\"/>")
          .append("</svg>");
      Xml.append(page, paint.meaning).append("</li>\n");
    }
    page.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"22\" height=\"12\"><rect class=\"w x\" width=\"22\" "
        + "height=\"12\"/></svg>faded: the steps of a URL that did not end OK</li>\n");
    page.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"22\" height=\"16\"><g class=\"cancel\">"
        + "<line x1=\"11\" y1=\"0\" x2=\"11\" y2=\"16\"/></g></svg>the cancel (no new request after it)</li>\n");
    page.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"22\" height=\"16\"><g class=\"abort\">"
        + "<line x1=\"11\" y1=\"0\" x2=\"11\" y2=\"16\"/></g></svg>the abort (the rest in flight cut off)</li>\n");
    page.append("</ul>\n");
  }
}
