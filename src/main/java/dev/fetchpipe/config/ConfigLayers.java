package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the one merged config a run uses. Later layers win:
 * reference.conf, then the user's config file, then command-line shortcuts (--urls, --out, -m), then --set.
 */
public final class ConfigLayers {
  private static final String ROOT = "fetchpipe";
  /** Keys under these paths belong to Pekko's own schema, so they are not checked against reference.conf. */
  private static final List<String> OPEN_SECTIONS =
      List.of(ROOT + ".blocking-io-dispatcher", ROOT + ".demo.single-thread-dispatcher");

  private ConfigLayers() {}

  /**
   * @param configFile the user's HOCON file, or null for none
   * @param shortcuts  full keys set by command-line shortcuts, with values already in config form
   * @param sets       raw {@code KEY=VALUE} strings from --set, in the order given
   */
  public static Config merge(Path configFile, Map<String, Object> shortcuts, List<String> sets) {
    Config reference = ConfigFactory.defaultReference();
    Config merged = resolve(userLayers(configFile, shortcuts, sets).withFallback(reference), configFile);
    rejectUnknownKeys(merged, reference);
    return merged;
  }

  /**
   * The user's layers alone, unresolved: the config file, then the shortcuts, then --set, with no reference.conf
   * under them. What a job handed to a daemon consists of: the daemon puts its own config under it.
   */
  public static Config userLayers(Path configFile, Map<String, Object> shortcuts, List<String> sets) {
    Config file = configFile == null ? ConfigFactory.empty() : parseFile(configFile);
    return parseSets(sets)
        .withFallback(ConfigFactory.parseMap(shortcuts, "command-line option"))
        .withFallback(file);
  }

  /**
   * The layers with their substitutions resolved, a substitution the layers cannot answer looked up in {@code under};
   * nothing of {@code under} is added. A failure is a one-line error naming the config file (or --set).
   */
  public static Config resolveOver(Config layers, Config under, Path configFile) {
    return resolve(layers, layers.withFallback(under), configFile);
  }

  private static Config resolve(Config merged, Path configFile) {
    return resolve(merged, merged, configFile);
  }

  private static Config resolve(Config layers, Config source, Path configFile) {
    try {
      return layers.resolveWith(source);
    } catch (ConfigException e) {
      throw new SettingsException(configFile == null ? "--set" : configFile.toString(), oneLine(e));
    }
  }

  /**
   * One more layer over an already merged config, checked as {@link #merge} checks its layers: the daemon's way of
   * putting a submitted job over its own config. {@code what} names the layer in messages, e.g. "the job".
   */
  public static Config over(Config base, Config layer, String what) {
    Config reference = ConfigFactory.defaultReference();
    Config merged;
    try {
      merged = layer.withFallback(base).resolve();
    } catch (ConfigException e) {
      throw new SettingsException(what, oneLine(e));
    }
    rejectUnknownKeys(merged, reference);
    return merged;
  }

  /** A --set key may leave out the leading "fetchpipe."; "pekko." keys pass through to Pekko as they are. */
  static String fullKey(String key) {
    return key.startsWith(ROOT + ".") || key.startsWith("pekko.") ? key : ROOT + "." + key;
  }

  private static Config parseFile(Path path) {
    if (!Files.isRegularFile(path)) throw new SettingsException("--config", "no such file: " + path);
    if (!Files.isReadable(path)) throw new SettingsException("--config", "cannot read " + path);
    try {
      return ConfigFactory.parseFile(path.toFile());
    } catch (ConfigException e) {
      throw new SettingsException(path.toString(), oneLine(e));
    }
  }

  private static Config parseSets(List<String> sets) {
    Config result = ConfigFactory.empty();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) throw new SettingsException("--set " + set, "expected KEY=VALUE");
      String key = fullKey(set.substring(0, eq).trim());
      String raw = set.substring(eq + 1).trim();
      try {
        // A later --set of the same key wins, as it would on any command line.
        result = ConfigFactory.empty().withValue(key, valueOf(raw)).withFallback(result);
      } catch (ConfigException e) {
        throw new SettingsException("--set " + set, oneLine(e));
      }
    }
    return result;
  }

  /**
   * Lists and objects are parsed as HOCON; anything else stays a plain string (Typesafe Config converts strings to
   * numbers, booleans and durations when read), so a URL's "//" is never taken for a comment.
   */
  private static ConfigValue valueOf(String raw) {
    if (raw.startsWith("[") || raw.startsWith("{")) {
      return ConfigFactory.parseString("v = " + raw).getValue("v");
    }
    return ConfigValueFactory.fromAnyRef(raw, "--set");
  }

  private static void rejectUnknownKeys(Config merged, Config reference) {
    if (!merged.hasPath(ROOT)) return;
    for (Map.Entry<String, ConfigValue> entry : merged.getConfig(ROOT).entrySet()) {
      String key = ROOT + "." + entry.getKey();
      boolean open = OPEN_SECTIONS.stream().anyMatch(section -> key.startsWith(section + "."));
      if (!open && !reference.hasPathOrNull(key)) {
        throw new SettingsException(key, "unknown key (" + where(entry.getValue()) + "); see reference.conf for the keys");
      }
    }
  }

  private static String where(ConfigValue value) {
    return value.origin() == null ? "unknown origin" : value.origin().description();
  }

  private static String oneLine(ConfigException e) {
    return e.getMessage().replace('\n', ' ');
  }
}
