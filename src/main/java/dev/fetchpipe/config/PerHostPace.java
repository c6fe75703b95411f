package dev.fetchpipe.config;

import dev.fetchpipe.report.RateWords;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A per-host pace as a user writes it on the command line and in an API body: a delay such as {@code 500ms},
 * {@code 2s}, {@code 1.5s}, {@code 1m} or {@code off}, and a rate in requests a second such as {@code 2}, {@code 0.5}
 * or {@code off}. The bounds are config's too (fetch.per-host-delay, fetch.per-host-rate). Plain Java, for the thin
 * client too.
 */
public final class PerHostPace {
  /** The longest delay taken: a host asked to wait longer between two requests is a typo, not a pace. */
  public static final Duration MOST_DELAY = Duration.ofHours(1);
  /** The highest rate taken, in requests a second. */
  public static final double MOST_RATE = 100_000;

  private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern RATE = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");

  private PerHostPace() {}

  /** True for the words that mean no pace. */
  public static boolean isOff(String written) {
    String text = written == null ? "" : written.trim().toLowerCase(Locale.ROOT);
    return text.equals("off") || text.equals("none") || text.equals("false") || text.equals("no");
  }

  /**
   * The least time between two request starts to one host {@code written} for {@code what} (a key or an option):
   * {@link Duration#ZERO} for off or 0; a negative, unitless, garbage, sub-millisecond or too long one is a one-line
   * {@link SettingsException}.
   */
  public static Duration delay(String what, String written) {
    String text = written == null ? "" : written.trim();
    if (isOff(text) || text.equals("0")) return Duration.ZERO;
    if (text.startsWith("-")) throw new SettingsException(what, "must not be negative (or off for none), got '" + text + "'");
    String expected = "expected a delay such as 500ms or 2s, or off, got '" + text + "'";
    Matcher m = DELAY.matcher(text);
    if (!m.matches()) throw new SettingsException(what, expected);
    if (m.group(2).isEmpty()) {
      throw new SettingsException(what, "a delay needs a unit, got '" + text + "'; write " + text + "ms or " + text + "s");
    }
    double nanosPerUnit = nanos(m.group(2));
    if (nanosPerUnit == 0) throw new SettingsException(what, expected);
    double nanos = Double.parseDouble(m.group(1)) * nanosPerUnit;
    if (nanos == 0) return Duration.ZERO;
    if (nanos < 1e6) throw new SettingsException(what, "must be at least 1ms (or off for none), got '" + text + "'");
    if (nanos > MOST_DELAY.toNanos()) throw new SettingsException(what, "must be at most 1h, got '" + text + "'");
    return Duration.ofMillis(Math.round(nanos / 1e6));
  }

  /**
   * The most requests a second to one host {@code written} for {@code what}: 0 for off or 0; a negative, garbage or
   * too high one is a one-line {@link SettingsException}.
   */
  public static double rate(String what, String written) {
    String text = written == null ? "" : written.trim();
    if (isOff(text)) return 0;
    if (text.startsWith("-")) throw new SettingsException(what, "must not be negative (or off for none), got '" + text + "'");
    String plain = text.replaceFirst("(?i)\\s*/\\s*s$", "");
    if (!RATE.matcher(plain).matches()) {
      throw new SettingsException(what, "expected requests a second such as 2 or 0.5, or off, got '" + text + "'");
    }
    return rate(what, Double.parseDouble(plain));
  }

  /** A rate given as a number: 0 is off; below 0 or above {@link #MOST_RATE} is a one-line {@link SettingsException}. */
  public static double rate(String what, double value) {
    String shown = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    if (!(value >= 0)) throw new SettingsException(what, "must not be negative (or off for none), got " + shown);
    if (value > MOST_RATE) {
      throw new SettingsException(what, "must be at most " + RateWords.requests(MOST_RATE) + " requests a second, got "
          + shown);
    }
    return value;
  }

  private static double nanos(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "ms", "milli", "millis", "millisecond", "milliseconds" -> 1e6;
      case "s", "sec", "secs", "second", "seconds" -> 1e9;
      case "m", "min", "mins", "minute", "minutes" -> 60e9;
      case "h", "hour", "hours" -> 3600e9;
      default -> 0;
    };
  }
}
