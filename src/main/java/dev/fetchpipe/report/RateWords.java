package dev.fetchpipe.report;

import java.time.Duration;
import java.util.Locale;

/** Byte rates for people, as the terminal, the report and the live page show them. */
public final class RateWords {
  private RateWords() {}

  /** {@code off} (0 or less), {@code 2MiB/s}, {@code 1.5MiB/s}, {@code 500KiB/s}, {@code 800B/s}. */
  public static String of(long bytesPerSecond) {
    if (bytesPerSecond <= 0) return "off";
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytesPerSecond;
    int i = 0;
    while (value >= 1024 && i < units.length - 1) {
      value /= 1024;
      i++;
    }
    String number = value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    return number + units[i] + "/s";
  }

  /**
   * A job's per-host pace after its other limits, when it has one: {@code , per-host delay 500 ms, per-host rate 2/s}
   * (either may be off); else nothing.
   */
  public static String pace(long delayMs, double perSecond) {
    return pace(delayMs, perSecond, false);
  }

  /** As above; {@code evenWhenOff}: said though both are off (the answer to a change of them). */
  public static String pace(long delayMs, double perSecond, boolean evenWhenOff) {
    if (delayMs <= 0 && perSecond <= 0 && !evenWhenOff) return "";
    return ", per-host delay " + (delayMs <= 0 ? "off" : Durations.words(Duration.ofMillis(delayMs)))
        + ", per-host rate " + (perSecond <= 0 ? "off" : requests(perSecond) + "/s");
  }

  /** Requests a second as a person writes them: {@code 2}, {@code 0.5}; {@code off} for 0 or less. */
  public static String requests(double perSecond) {
    if (perSecond <= 0) return "off";
    return perSecond == Math.rint(perSecond) && perSecond < 1e15 ? Long.toString((long) perSecond)
        : Double.toString(perSecond);
  }

  /** A job's byte rates after its other limits, when it has any: {@code , rate 2MiB/s, per URL off}; else nothing. */
  public static String after(long job, long perUrl) {
    if (job <= 0 && perUrl <= 0) return "";
    return ", rate " + of(job) + ", per URL " + of(perUrl);
  }
}
