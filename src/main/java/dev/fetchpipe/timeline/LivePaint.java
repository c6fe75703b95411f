package dev.fetchpipe.timeline;

/**
 * The timeline page's colours, hatch patterns and legend for the daemon's live page, so that its lanes and bars are
 * painted exactly as a finished job's timeline is: both come from {@link Paint}.
 */
public final class LivePaint {
  private LivePaint() {}

  /** Stylesheet rules giving each segment class ({@code rect.w}, {@code rect.e}, ...) its fill. */
  public static String css() {
    return Paint.css();
  }

  /** The {@code <pattern>} elements the hatched fills refer to, for one hidden SVG {@code <defs>} on the page. */
  public static String patterns() {
    return Paint.patterns();
  }

  /** The timeline page's legend (an HTML list), which names every colour the live lanes use. */
  public static String legend() {
    StringBuilder html = new StringBuilder();
    TimelinePage.legend(html);
    return html.toString();
  }
}
