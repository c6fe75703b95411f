package dev.fetchpipe.report;

import java.time.Duration;

/**
 * A duration in the words a message shows it in: "30 s", not "30000 ms", which a reader has to divide first. Whole
 * units where they fit ("2 min", "1 h 5 min"), milliseconds only below a second ("250 ms"), and tenths or
 * hundredths of a second when they matter ("1.5 s").
 */
public final class Durations {
  private Durations() {}

  public static String words(Duration duration) {
    if (duration.isNegative()) return "-" + words(duration.negated());
    long ms = duration.toMillis();
    if (ms < 1000) return ms + " ms";
    long seconds = ms / 1000;
    if (seconds < 60) {
      long rest = ms % 1000;
      if (rest == 0) return seconds + " s";
      String fraction = String.valueOf(1000 + rest).substring(1).replaceAll("0+$", "");
      return seconds + "." + fraction + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) return minutes + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    long hours = minutes / 60;
    return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
  }
}
