package dev.fetchpipe.report;

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

  /** A job's byte rates after its other limits, when it has any: {@code , rate 2MiB/s, per URL off}; else nothing. */
  public static String after(long job, long perUrl) {
    if (job <= 0 && perUrl <= 0) return "";
    return ", rate " + of(job) + ", per URL " + of(perUrl);
  }
}
