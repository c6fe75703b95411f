package dev.fetchpipe.timeline;

import dev.fetchpipe.report.Outcome;

/**
 * The colours of the picture: one per step of a URL, one per way a URL can end badly. The page's stylesheet and
 * legend are made from this list, so a segment's CSS class, colour and legend entry never disagree. Colours are from
 * the Okabe-Ito palette, told apart by most colour-blind readers too.
 */
enum Paint {
  QUEUED("q", "#aab2bd", "waiting in the queue (only where a lane stood idle)"),
  WAITING("w", "#e69f00", "request sent, waiting for the response"),
  RECEIVING("r", "#0072b2", "receiving the body"),
  WRITING("d", "#009e73", "handed to a writer thread until written"),
  RETRY("f", "#f4a3a3", "a failed attempt that was retried"),
  BACKOFF("b", "url(#hatch-backoff)", "waiting before the retry"),
  NOT_FOUND("n", "#cc79a7", "ended NOT_FOUND (404)"),
  ERROR("e", "#d55e00", "ended in ERROR"),
  CANCELLED("c", "#1b1b1b", "CANCELLED: cut off by the abort"),
  SKIPPED("s", "url(#hatch-skipped)", "SKIPPED: never started, still queued at the cancel"),
  KEPT("k", "#b7dfcd", "KEPT: complete from an earlier run, not fetched"),
  UNCHANGED("u", "#56b4e9", "UNCHANGED: asked again, 304 Not Modified: the earlier run's file kept");

  final String cssClass;
  final String fill;
  final String meaning;

  Paint(String cssClass, String fill, String meaning) {
    this.cssClass = cssClass;
    this.fill = fill;
    this.meaning = meaning;
  }

  /** How the end of a URL that did not end OK is painted; null for OK. */
  static Paint forEnd(Outcome outcome) {
    return switch (outcome) {
      case OK -> null;
      case KEPT -> KEPT;
      case UNCHANGED -> UNCHANGED;
      case NOT_FOUND -> NOT_FOUND;
      case ERROR -> ERROR;
      case CANCELLED -> CANCELLED;
      case SKIPPED -> SKIPPED;
    };
  }

  /** The stylesheet rules that give each segment class its fill. */
  static String css() {
    StringBuilder css = new StringBuilder();
    for (Paint p : values()) css.append("rect.").append(p.cssClass).append("{fill:").append(p.fill).append("}\n");
    return css.toString();
  }

  /** The hatch patterns the fills above refer to; defined once per page. */
  static String patterns() {
    return "<pattern id=\"hatch-backoff\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        + "<rect width=\"6\" height=\"6\" fill=\"#efe6f7\"/><rect width=\"2\" height=\"6\" fill=\"#a58cc0\"/></pattern>"
        + "<pattern id=\"hatch-skipped\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        + "<rect width=\"6\" height=\"6\" fill=\"#eceef1\"/><rect width=\"2\" height=\"6\" fill=\"#9aa3ad\"/></pattern>";
  }
}
