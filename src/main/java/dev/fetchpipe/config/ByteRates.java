package dev.fetchpipe.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte rates as a user writes them, in config, on the command line and in an API body: {@code 2MiB} (a second is
 * understood), {@code 2MiB/s}, {@code 500KiB}, {@code 1.5MB}, {@code 800000}, or {@code off}. Units as for every size
 * key: K, Ki, KiB and k are 1024, KB and kB 1000; likewise M and G. Plain Java, for the thin client too.
 */
public final class ByteRates {
  /** No limit. */
  public static final long OFF = 0;
  /** The highest rate taken: a TiB a second is no limit on any network. */
  public static final long MOST = 1L << 40;

  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)(?:\\s*/\\s*s)?",
      Pattern.CASE_INSENSITIVE);

  private ByteRates() {}

  /**
   * The rate {@code written} for {@code what} (a key or an option), in bytes a second, or {@link #OFF} (off, or 0); a
   * negative, garbage, fractional-byte or too high one is a one-line {@link SettingsException}.
   */
  public static long parse(String what, String written) {
    String text = written == null ? "" : written.trim();
    if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("none") || text.equalsIgnoreCase("false")) return OFF;
    String expected = "expected a rate such as 2MiB (a second), 500KiB or off, got '" + text + "'";
    if (text.startsWith("-")) throw new SettingsException(what, "must not be negative (or off for no limit), got '" + text + "'");
    Matcher m = RATE.matcher(text);
    if (!m.matches()) throw new SettingsException(what, expected);
    long unit = unit(m.group(2));
    if (unit == 0) throw new SettingsException(what, expected);
    double value = Double.parseDouble(m.group(1)) * unit;
    // 0 is no limit, as for curl's --limit-rate and aria2c's limits (and the API's 0).
    if (value == 0) return OFF;
    if (value < 1) throw new SettingsException(what, "must be at least 1 byte a second (or off for no limit), got '" + text + "'");
    if (value > MOST) throw new SettingsException(what, "must be at most 1TiB a second, got '" + text + "'");
    return (long) value;
  }

  /** The bytes one of {@code unit} stands for, 0 for no known unit. */
  private static long unit(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1;
      case "k", "ki", "kib" -> 1L << 10;
      case "kb" -> 1000;
      case "m", "mi", "mib" -> 1L << 20;
      case "mb" -> 1000_000;
      case "g", "gi", "gib" -> 1L << 30;
      case "gb" -> 1000_000_000;
      default -> 0;
    };
  }
}
