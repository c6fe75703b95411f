package dev.fetchpipe.sweep;

import dev.fetchpipe.config.KnownKeys;
import dev.fetchpipe.config.SettingsException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep changes: one config key and the values it takes, in the order they run. Parsed from
 * {@code --vary KEY=v1,v2,...}; KEY may leave out the leading "fetchpipe.", as --set's may, and each value is read
 * exactly as --set reads it (so a HOCON list such as {@code job.codes=[CN,US],[CN,US,BR]} is one value).
 *
 * @param key the full key, e.g. fetchpipe.fetch.max-in-flight
 */
public record Vary(String key, List<String> values) {
  static final String OPTION = "--vary";

  public Vary {
    values = List.copyOf(values);
  }

  /** @throws SettingsException naming --vary when the key is unknown or not for varying, or a value is missing */
  public static Vary parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq < 0) throw new SettingsException(OPTION, "expected KEY=VALUE,VALUE,..., got \"" + spec + "\"");
    String key = KnownKeys.require(OPTION, spec.substring(0, eq));
    if (key.equals("fetchpipe.job.output-dir")) {
      throw new SettingsException(OPTION, "job.output-dir cannot be varied: each value already runs in its own subfolder of it");
    }
    String list = spec.substring(eq + 1).strip();
    if (list.isEmpty()) throw new SettingsException(OPTION, "no values for " + key + ": give them as " + key + "=v1,v2,...");
    List<String> values = new ArrayList<>();
    for (String value : splitTopLevel(list)) {
      if (value.isBlank()) throw new SettingsException(OPTION, "an empty value in \"" + list + "\"");
      if (values.contains(value.strip())) throw new SettingsException(OPTION, "the value " + value.strip() + " is given twice");
      values.add(value.strip());
    }
    return new Vary(key, values);
  }

  /** The --set form of one value, which goes on top of every other layer for that value's run. */
  public String set(String value) {
    return key + "=" + value;
  }

  /** The key without "fetchpipe.", as the table's header shows it. */
  public String shortKey() {
    return key.startsWith("fetchpipe.") ? key.substring("fetchpipe.".length()) : key;
  }

  /** Commas separate values, except inside [...], {...} or "...": there they belong to the value. */
  static List<String> splitTopLevel(String list) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder part = new StringBuilder();
    for (char c : list.toCharArray()) {
      if (c == '"') quoted = !quoted;
      if (!quoted && (c == '[' || c == '{')) depth++;
      if (!quoted && (c == ']' || c == '}')) depth--;
      if (c == ',' && depth == 0 && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
