package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.List;

/**
 * Reads typed values out of the merged config and turns Typesafe Config's exceptions into a
 * {@link SettingsException} that names the full key and the value the user wrote. The only class that reads Config.
 */
final class ConfigReader {
  private final Config config;

  ConfigReader(Config config) {
    this.config = config;
  }

  String string(String key) {
    return read(key, "a string", () -> config.getString(key));
  }

  boolean bool(String key) {
    return read(key, "on or off", () -> config.getBoolean(key));
  }

  /**
   * An object's entries, its keys as written (not split at dots: a host name or a header name is one key), for
   * sections whose keys are the user's own, like fetch.headers.
   */
  java.util.Map<String, ConfigValue> entries(String key) {
    try {
      return config.getObject(key);
    } catch (ConfigException.Missing e) {
      throw new SettingsException(key, "is missing");
    } catch (ConfigException e) {
      // Not shown: the values of such a section may be secrets.
      throw new SettingsException(key, "expected an object { Name = \"value\" ... }");
    }
  }

  List<String> strings(String key) {
    return read(key, "a list of strings", () -> config.getStringList(key));
  }

  /**
   * Country codes: a list, or one word, {@code all} (the 194 the built-in origin has flags for, Fluent Python's -a)
   * or {@code every} (AA to ZZ, its -e).
   */
  List<String> codes(String key) {
    ConfigValue value = read(key, "a list of codes, all or every", () -> config.getValue(key));
    if (value.valueType() != ConfigValueType.STRING) return strings(key);
    String word = String.valueOf(value.unwrapped()).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (word) {
      case "all" -> CountryCodes.all();
      case "every" -> everyTwoLetterCode();
      default -> throw new SettingsException(key, "expected a list of codes, all or every, got " + shown(key));
    };
  }

  private static List<String> everyTwoLetterCode() {
    List<String> codes = new java.util.ArrayList<>(26 * 26);
    for (char first = 'A'; first <= 'Z'; first++) {
      for (char second = 'A'; second <= 'Z'; second++) codes.add("" + first + second);
    }
    return List.copyOf(codes);
  }

  int intAtLeast(String key, int min) {
    int value = read(key, "a whole number", () -> wholeNumber(key));
    if (value < min) throw new SettingsException(key, "must be at least " + min + ", got " + value);
    return value;
  }

  int intBetween(String key, int min, int max) {
    int value = intAtLeast(key, min);
    if (value > max) throw new SettingsException(key, "must be at most " + max + ", got " + value);
    return value;
  }

  double fraction(String key) {
    double value = read(key, "a number from 0.0 to 1.0", () -> config.getDouble(key));
    if (!(value >= 0.0 && value <= 1.0)) throw new SettingsException(key, "must be from 0.0 to 1.0, got " + value);
    return value;
  }

  /** A size in bytes, e.g. 10MiB or 512k; off for no limit. */
  long bytes(String key) {
    long value = read(key, "a size such as 512KiB or 10MiB", () -> config.getBytes(key));
    if (value < 0) throw new SettingsException(key, "must not be negative, got " + shown(key));
    return value;
  }

  /** A rate such as 2MiB/s or 500000/s, in bytes a second, from 1 to max (the caller handles off). */
  long bytesPerSecond(String key, long max) {
    String written = read(key, "a rate such as 2MiB/s", () -> config.getString(key)).trim();
    String expected = "expected a rate such as 2MiB/s or off, got " + shown(key);
    if (!written.endsWith("/s")) throw new SettingsException(key, expected);
    long value;
    try {
      // The same sizes as every other size key (512KiB, 10MiB, 1000000), read by Typesafe Config itself.
      value = ConfigFactory.empty()
          .withValue("size", ConfigValueFactory.fromAnyRef(written.substring(0, written.length() - 2).trim()))
          .getBytes("size");
    } catch (ConfigException e) {
      throw new SettingsException(key, expected);
    }
    if (value <= 0) throw new SettingsException(key, "must be more than zero (or off for no limit), got " + shown(key));
    if (value > max) throw new SettingsException(key, "must be at most " + max + " bytes a second, got " + shown(key));
    return value;
  }

  /** A byte rate such as 2MiB (a second) or 500KiB/s, in bytes a second; off is {@link ByteRates#OFF}. */
  long byteRate(String key) {
    return ByteRates.parse(key, String.valueOf(config.getValue(key).unwrapped()));
  }

  double numberBetween(String key, double min, double max) {
    double value = read(key, "a number", () -> config.getDouble(key));
    if (!(value >= min && value <= max)) throw new SettingsException(key, "must be from " + min + " to " + max + ", got " + value);
    return value;
  }

  Duration duration(String key) {
    requireUnit(key);
    Duration value = read(key, "a duration such as 500ms or 2s", () -> config.getDuration(key));
    if (value.isNegative()) throw new SettingsException(key, "must not be negative, got " + shown(key));
    return value;
  }

  Duration positiveDuration(String key) {
    Duration value = duration(key);
    if (value.isZero()) throw new SettingsException(key, "must be more than zero");
    return value;
  }

  /**
   * Typesafe Config reads a bare number as milliseconds, so response-timeout = 5 meant 5 ms where its user meant
   * seconds: a duration has to say its unit, and the message shows the two likely ones.
   */
  private void requireUnit(String key) {
    if (!config.hasPath(key)) return;
    ConfigValue value = config.getValue(key);
    String written = String.valueOf(value.unwrapped()).trim();
    if (value.valueType() == ConfigValueType.NUMBER || written.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
      throw new SettingsException(key, "a duration needs a unit, got " + written + "; write " + written + "s for seconds"
          + " (or " + written + "ms, " + written + "m)");
    }
  }

  /** True when the key is set to off (or false, or no: HOCON takes them as the same boolean). */
  boolean isOff(String key) {
    if (!config.hasPath(key)) return false;
    Object value = config.getValue(key).unwrapped();
    return Boolean.FALSE.equals(value) || List.of("off", "false", "no").contains(String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT));
  }

  /** Typesafe Config's getInt truncates 2.5 to 2; a fraction is not a whole number. */
  private int wholeNumber(String key) {
    int value = config.getInt(key);
    if (config.getNumber(key).doubleValue() != value) throw new ConfigException.BadValue(key, "not a whole number");
    return value;
  }

  private interface Getter<T> {
    T get();
  }

  private <T> T read(String key, String expected, Getter<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw new SettingsException(key, "is missing");
    } catch (ConfigException e) {
      throw new SettingsException(key, "expected " + expected + ", got " + shown(key));
    }
  }

  /** The value as the user wrote it, for error messages. */
  private String shown(String key) {
    try {
      ConfigValue value = config.getValue(key);
      return value.render(com.typesafe.config.ConfigRenderOptions.concise());
    } catch (ConfigException e) {
      return "nothing";
    }
  }
}
