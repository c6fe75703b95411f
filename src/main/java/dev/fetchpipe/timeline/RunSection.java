package dev.fetchpipe.timeline;

import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Timings;
import dev.fetchpipe.timeline.BarSegments.Segment;
import dev.fetchpipe.timeline.BarSegments.Where;
import dev.fetchpipe.timeline.LaneLayout.Group;
import dev.fetchpipe.timeline.LaneLayout.Lane;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One run's part of the page: a heading, a line of numbers that answers "how many worked at once?", and an inline SVG
 * chart. The chart has a queue row (how many URLs were waiting), then the lanes group by group, then the time axis.
 * Built with a StringBuilder in one pass per URL: a 10,000-URL job takes a fraction of a second.
 */
final class RunSection {
  static final double WIDTH = 1300;
  static final double PLOT_LEFT = 190;
  static final double PLOT_RIGHT_PAD = 24;
  private static final double QUEUE_HEIGHT = 26;
  private static final double GROUP_HEADER = 16;
  private static final double AXIS_HEIGHT = 26;
  private static final double LANES_HEIGHT = 460;
  private static final double MAX_LANE = 18;
  private static final double MIN_LANE = 1;
  /** Width of the mark that ends a URL that failed, in pixels. */
  private static final double END_MARK = 4;
  private static final double FAILURES_HEIGHT = 14;

  private final TimelineRun run;
  private final JobReport report;
  private final TimeScale scale;
  private final LaneLayout layout;
  private final StringBuilder out;
  /** The chart is drawn into its own buffer first: its height, needed by the svg element, is known only at the end. */
  private final StringBuilder chart = new StringBuilder();
  private final double laneHeight;
  private final double[] laneTop;
  private double y;

  private RunSection(TimelineRun run, TimeScale scale, StringBuilder out) {
    this.run = run;
    this.report = run.report();
    this.scale = scale;
    this.layout = LaneLayout.of(report, run.lanes());
    this.out = out;
    int lanes = layout.lanes().size();
    this.laneHeight = Math.max(MIN_LANE, Math.min(MAX_LANE, LANES_HEIGHT / Math.max(1, lanes)));
    this.laneTop = new double[lanes];
  }

  static void write(TimelineRun run, TimeScale scale, StringBuilder out) {
    new RunSection(run, scale, out).write();
  }

  private void write() {
    out.append("<section class=\"run\">\n<h2>");
    Xml.append(out, run.name()).append("</h2>\n<p class=\"stats\">");
    Xml.append(out, RunNumbers.counts(report)).append("<br/>");
    Xml.append(out, RunNumbers.concurrency(report, run.lanes(), layout)).append("</p>\n");
    if (report.cancellation() != null) {
      out.append("<p class=\"stats cancel\">");
      Xml.append(out, RunNumbers.cancellation(report.cancellation())).append("</p>\n");
    }
    drawChart();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(num(WIDTH))
        .append("\" height=\"").append(num(y)).append("\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ').append(num(y))
        .append("\">\n").append(chart).append("</svg>\n</section>\n");
  }

  private void drawChart() {
    Cancellation cancel = report.cancellation();
    y = cancel == null ? 6 : cancel.abortedAtMs() == null ? 22 : 38;
    double top = y;
    drawQueueRow();
    drawFailuresRow();
    Group group = null;
    for (int i = 0; i < layout.lanes().size(); i++) {
      Lane lane = layout.lanes().get(i);
      if (lane.group() != group) {
        group = lane.group();
        y += 4;
        text(4, y + 12, "group", RunNumbers.groupHeading(group, report, layout));
        y += GROUP_HEADER;
      }
      laneTop[i] = y;
      if (i % 2 == 0) rect("stripe", PLOT_LEFT, y, scale.width(), laneHeight);
      if (laneHeight >= 7) {
        // Thin lanes (many of them) get smaller labels rather than none, down to a size still readable.
        double font = Math.min(11, laneHeight - 0.5);
        chart.append("<text class=\"lane\" x=\"").append(num(PLOT_LEFT - 6)).append("\" y=\"")
            .append(num(y + laneHeight / 2 + font * 0.36)).append("\" style=\"font-size:").append(num(font)).append("px\">");
        Xml.append(chart, lane.label()).append("<title>");
        Xml.append(chart, lane.fullName()).append("</title></text>\n");
      }
      y += laneHeight;
    }
    double bottom = y;
    drawGrid(top, bottom);
    drawBars();
    drawAxis(bottom);
    drawMarkers(top, bottom);
    y = bottom + AXIS_HEIGHT;
  }

  /** A step chart of how many URLs were waiting in the queue: it drains as fast as the lanes below take work. */
  private void drawQueueRow() {
    List<double[]> changes = new ArrayList<>();
    for (ItemResult item : report.items()) {
      Timings t = item.timings();
      if (t == null || t.queuedMs() == null) continue;
      Double left = t.startedMs() != null ? t.startedMs() : t.doneMs();
      if (left == null || left < t.queuedMs()) continue;
      changes.add(new double[] {t.queuedMs(), 1});
      changes.add(new double[] {left, -1});
    }
    changes.sort(Comparator.comparingDouble((double[] c) -> c[0]).thenComparingDouble(c -> c[1]));
    int waiting = 0;
    int peak = 0;
    for (double[] change : changes) peak = Math.max(peak, waiting += (int) change[1]);
    double base = y + QUEUE_HEIGHT;
    text(PLOT_LEFT - 6, y + 11, "lane", "queue");
    text(PLOT_LEFT - 6, y + 23, "lane small", "peak " + peak + " waiting");
    rect("stripe", PLOT_LEFT, y, scale.width(), QUEUE_HEIGHT);
    if (peak > 0) {
      chart.append("<path class=\"queue\" d=\"M").append(num(scale.x(0))).append(',').append(num(base));
      waiting = 0;
      for (int i = 0; i < changes.size(); i++) {
        waiting += (int) changes.get(i)[1];
        if (i + 1 < changes.size() && changes.get(i + 1)[0] == changes.get(i)[0]) continue;
        chart.append('H').append(num(scale.x(changes.get(i)[0])))
            .append('V').append(num(base - (QUEUE_HEIGHT - 2) * waiting / peak));
      }
      chart.append("Z\"><title>URLs waiting in the queue; at most ").append(peak).append("</title></path>\n");
    }
    y = base + 2;
  }

  /**
   * A row that marks every URL that ended NOT_FOUND, ERROR or CANCELLED at the moment it ended, full height in its
   * colour: among fifty lanes one failed bar is a speck, here it is found at a glance (and its tooltip names it).
   */
  private void drawFailuresRow() {
    List<ItemResult> failed = report.items().stream()
        .filter(item -> dev.fetchpipe.report.Tally.isFailure(item) && item.timings() != null && item.timings().doneMs() != null)
        .toList();
    if (failed.isEmpty()) return;
    text(PLOT_LEFT - 6, y + 11, "lane", failed.size() + " failed");
    rect("stripe", PLOT_LEFT, y, scale.width(), FAILURES_HEIGHT);
    chart.append("<g class=\"failures\">");
    for (ItemResult item : failed) {
      chart.append("<rect class=\"").append(Paint.forEnd(item.outcome()).cssClass).append("\" x=\"");
      coordinate(scale.x(item.timings().doneMs()) - 1.5).append("\" y=\"");
      coordinate(y + 1).append("\" width=\"3\" height=\"");
      coordinate(FAILURES_HEIGHT - 2).append("\"><title>");
      Xml.append(chart, item.url() + " -- " + item.outcome() + (item.error() == null ? "" : ": " + item.error()));
      chart.append("</title></rect>");
    }
    chart.append("</g>\n");
    y += FAILURES_HEIGHT + 2;
  }

  private void drawGrid(double top, double bottom) {
    for (double tick : scale.ticksMs()) {
      double x = scale.x(tick);
      chart.append("<line class=\"grid\" x1=\"").append(num(x)).append("\" y1=\"").append(num(top)).append("\" x2=\"")
          .append(num(x)).append("\" y2=\"").append(num(bottom)).append("\"/>\n");
    }
  }

  /** One {@code <g class="bar">} per URL, holding every piece of it: its lane's pieces, and its write on a writer lane. */
  private void drawBars() {
    List<ItemResult> items = report.items();
    double[] idleSince = idleSince(items);
    boolean writerLanes = run.lanes() == TimelineRun.Lanes.FETCHER_SLOTS;
    for (int position = 0; position < items.size(); position++) {
      ItemResult item = items.get(position);
      int lane = layout.barLane(position);
      chart.append("<g class=\"bar\" data-index=\"").append(item.index()).append("\" data-url=\"");
      Xml.append(chart, item.url()).append("\" data-outcome=\"").append(item.outcome()).append("\" data-lane=\"");
      if (lane >= 0) Xml.append(chart, layout.lanes().get(lane).fullName());
      chart.append("\"><title>");
      Xml.append(chart, Tooltip.of(item, run.lanes())).append("</title>");
      drawPieces(item, BarSegments.of(item, writerLanes && layout.writeLane(position) >= 0), lane,
          layout.writeLane(position), idleSince[position]);
      chart.append("</g>\n");
    }
  }

  private void drawPieces(ItemResult item, List<Segment> pieces, int lane, int writeLane, double idleSince) {
    Paint end = Paint.forEnd(item.outcome());
    int firstInLane = -1;
    int lastInLane = -1;
    for (int k = 0; k < pieces.size(); k++) {
      if (pieces.get(k).where() != Where.LANE || pieces.get(k).paint() == Paint.QUEUED) continue;
      if (firstInLane < 0) firstInLane = k;
      lastInLane = k;
    }
    // A white pixel before each bar that has room for it, so back-to-back URLs in a lane can be told apart.
    double gap = firstInLane >= 0
        && scale.x(pieces.get(lastInLane).toMs()) - scale.x(pieces.get(firstInLane).fromMs()) >= 4 ? 1 : 0;
    for (int k = 0; k < pieces.size(); k++) {
      Segment piece = pieces.get(k);
      int row = piece.where() == Where.LANE ? lane : writeLane;
      if (row < 0) continue;
      boolean queued = piece.paint() == Paint.QUEUED;
      // The queue wait shows only where the lane stood idle: before that, the lane's earlier bars were there.
      double x1 = scale.x(queued ? Math.max(piece.fromMs(), idleSince) : piece.fromMs());
      double width = scale.x(piece.toMs()) - x1;
      if (k == firstInLane) {
        x1 += gap;
        width -= gap;
      }
      boolean ending = end != null && piece.paint() == end;
      // The last piece always shows, and a bad ending shows clearly, however short they were: an end mark is drawn
      // back from the moment the URL ended.
      if (ending && piece.where() == Where.LANE && width < END_MARK) {
        x1 = scale.x(piece.toMs()) - END_MARK;
        width = END_MARK;
      } else if (k == lastInLane || piece.where() == Where.WRITER) {
        width = Math.max(width, ending ? END_MARK : 1);
      }
      if (width < (queued ? 0.5 : 0.05)) continue;
      double height = queued ? Math.max(1, laneHeight * 0.16) : ending ? laneHeight * 0.94 : barHeight();
      chart.append("<rect class=\"").append(piece.paint().cssClass);
      // The steps of a URL that ended badly are faded, so its ending is what the eye sees.
      if (end != null && !ending && !queued) chart.append(" x");
      chart.append("\" x=\"");
      coordinate(x1).append("\" y=\"");
      coordinate(laneTop[row] + (laneHeight - height) / 2).append("\" width=\"");
      coordinate(width).append("\" height=\"");
      coordinate(height).append("\"/>");
    }
  }

  /** For each URL, when its lane last stood idle before it was sent: the end of the lane's earlier bars. */
  private double[] idleSince(List<ItemResult> items) {
    Integer[] bySent = new Integer[items.size()];
    for (int i = 0; i < bySent.length; i++) bySent[i] = i;
    java.util.Arrays.sort(bySent, Comparator.comparingDouble(i -> sentAt(items.get(i))));
    double[] laneEnd = new double[layout.lanes().size()];
    double[] idleSince = new double[items.size()];
    for (int position : bySent) {
      int lane = layout.barLane(position);
      Timings t = items.get(position).timings();
      if (lane < 0 || t.startedMs() == null) continue;
      idleSince[position] = laneEnd[lane];
      laneEnd[lane] = Math.max(laneEnd[lane], t.doneMs() == null ? t.startedMs() : t.doneMs());
    }
    return idleSince;
  }

  private double barHeight() {
    return laneHeight >= 4 ? laneHeight * 0.74 : laneHeight;
  }

  private static double sentAt(ItemResult item) {
    Timings t = item.timings();
    return t == null || t.startedMs() == null ? Double.NEGATIVE_INFINITY : t.startedMs();
  }

  private void drawAxis(double bottom) {
    chart.append("<line class=\"axis\" x1=\"").append(num(PLOT_LEFT)).append("\" y1=\"").append(num(bottom))
        .append("\" x2=\"").append(num(PLOT_LEFT + scale.width())).append("\" y2=\"").append(num(bottom)).append("\"/>\n");
    for (double tick : scale.ticksMs()) {
      double x = scale.x(tick);
      chart.append("<line class=\"axis\" x1=\"").append(num(x)).append("\" y1=\"").append(num(bottom)).append("\" x2=\"")
          .append(num(x)).append("\" y2=\"").append(num(bottom + 4)).append("\"/>");
      text(x, bottom + 16, "tick", TimeScale.secondsLabel(tick));
    }
  }

  /** The cancel moment and, when the grace ran out or a second cancel came, the abort moment: lines with labels. */
  private void drawMarkers(double top, double bottom) {
    Cancellation cancel = report.cancellation();
    if (cancel == null) return;
    marker("cancel", cancel.atMs(), 14, top, bottom,
        "cancel (" + cancel.source().label() + ") at " + Tooltip.seconds(cancel.atMs()), RunNumbers.cancellation(cancel));
    if (cancel.abortedAtMs() != null) {
      marker("abort", cancel.abortedAtMs(), 30, top, bottom,
          "abort at " + Tooltip.seconds(cancel.abortedAtMs()), "the rest in flight were cut off");
    }
  }

  private void marker(String kind, double atMs, double labelY, double top, double bottom, String label, String title) {
    double x = scale.x(atMs);
    // Right of the line, unless the label (about 7 px a character, bold 11.5 px) would run off the chart's right side.
    boolean nearRightEdge = x + 4 + label.length() * 7 > WIDTH;
    chart.append("<g class=\"marker ").append(kind).append("\"><title>");
    Xml.append(chart, title).append("</title><line x1=\"").append(num(x)).append("\" y1=\"").append(num(labelY - 10))
        .append("\" x2=\"").append(num(x)).append("\" y2=\"").append(num(bottom)).append("\"/>");
    text(nearRightEdge ? x - 4 : x + 4, labelY, nearRightEdge ? "mark end" : "mark", label);
    chart.append("</g>\n");
  }

  private void rect(String cssClass, double x, double top, double width, double height) {
    chart.append("<rect class=\"").append(cssClass).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(top))
        .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height)).append("\"/>\n");
  }

  private void text(double x, double baseline, String cssClass, String text) {
    chart.append("<text class=\"").append(cssClass).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(baseline))
        .append("\">");
    Xml.append(chart, text).append("</text>\n");
  }

  /** Appends a coordinate with at most one decimal: short, and exact enough for a screen. */
  private StringBuilder coordinate(double value) {
    long tenths = Math.round(value * 10);
    if (tenths < 0) chart.append('-');
    tenths = Math.abs(tenths);
    chart.append(tenths / 10);
    if (tenths % 10 != 0) chart.append('.').append(tenths % 10);
    return chart;
  }

  /** A coordinate as text, for the few places outside the per-URL loop. */
  static String num(double value) {
    long tenths = Math.round(value * 10);
    String whole = (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10;
    return Math.abs(tenths) % 10 == 0 ? whole : whole + "." + Math.abs(tenths) % 10;
  }
}
