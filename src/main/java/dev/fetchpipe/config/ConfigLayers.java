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
 * reference.conf, then the user's config file, then command-line shortcuts (--urls, --out, -m), then --set. The job's
 * URL source is the one exception to merging key by key: the highest layer that gives one replaces the others'
 * ({@link UrlSourceLayers}).
 */
public final class ConfigLayers {
  private static final String ROOT = "fetchpipe";
  /**
   * Keys under these paths belong to Pekko's own schema, or are the user's own names (headers, hosts), so they are not
   * checked against reference.conf.
   */
  private static final List<String> OPEN_SECTIONS = List.of(ROOT + ".blocking-io-dispatcher",
      ROOT + ".demo.single-thread-dispatcher", ROOT + ".fetch.headers", ROOT + ".fetch.host-headers");

  private ConfigLayers() {}

  /**
   * @param configFile the user's HOCON file, or null for none
   * @param shortcuts  full keys set by command-line shortcuts, with values already in config form
   * @param sets       raw {@code KEY=VALUE} strings from --set, in the order given
   */
  public static Config merge(Path configFile, Map<String, Object> shortcuts, List<String> sets) {
    Config reference = ConfigFactory.defaultReference();
    Config file = configFile == null ? ConfigFactory.empty() : parseFile(configFile);
    List<Config> layers = layers(configFile, file, shortcuts, sets);
    Config merged = stacked(layers).withFallback(ProxyEnvironment.layer(System.getenv())).withFallback(reference);
    try {
      merged = merged.resolve();
    } catch (ConfigException e) {
      throw new SettingsException(configFile == null ? "--set" : configFile.toString(), oneLine(e));
    }
    rejectUnknownKeys(merged, reference);
    // Only when the user gave Pekko keys: checking costs start-up time every job would otherwise pay for nothing.
    String pekkoGivenIn = file.hasPath("pekko") ? configFile.toString() : null;
    if (layers.get(2).hasPath("pekko")) pekkoGivenIn = "--set";
    if (pekkoGivenIn != null) PekkoKeys.check(merged, pekkoGivenIn);
    return merged;
  }

  /**
   * The user's layers alone, unresolved: the config file, then the shortcuts, then --set (the highest URL source
   * replacing the lower ones, as in {@link #merge}), with no reference.conf under them. What a job handed to a daemon
   * consists of: the daemon puts its own config under it.
   */
  public static Config userLayers(Path configFile, Map<String, Object> shortcuts, List<String> sets) {
    Config file = configFile == null ? ConfigFactory.empty() : parseFile(configFile);
    // The client's proxy variables go with the job: fetch.proxy = env means the environment of who submitted it.
    return stacked(layers(configFile, file, shortcuts, sets)).withFallback(ProxyEnvironment.layer(System.getenv()));
  }

  /**
   * The layers with their substitutions resolved, a substitution the layers cannot answer looked up in {@code under};
   * nothing of {@code under} is added. A failure is a one-line error naming the config file (or --set).
   */
  public static Config resolveOver(Config layers, Config under, Path configFile) {
    try {
      return layers.resolveWith(layers.withFallback(under));
    } catch (ConfigException e) {
      throw new SettingsException(configFile == null ? "--set" : configFile.toString(), oneLine(e));
    }
  }

  /**
   * True when the command line gives URLs of its own (--urls, URL arguments, --set job.urls, job.url-file or
   * job.base-url): such a job is the user's, not the demo's, so the commands leave the demo's config file out.
   *
   * @throws SettingsException when the command line gives two URL sources at once, naming both
   */
  public static boolean ownUrls(Map<String, Object> shortcuts, List<String> sets) {
    return UrlSourceLayers.ownUrls(shortcutLayer(shortcuts), parseSets(sets));
  }

  /** The file, the shortcuts and --set, lowest first, each URL source but the highest one's left out. */
  private static List<Config> layers(Path configFile, Config file, Map<String, Object> shortcuts, List<String> sets) {
    Config shortcutLayer = shortcutLayer(shortcuts);
    Config setLayer = parseSets(sets);
    UrlSourceLayers.commandLineSource(shortcutLayer, setLayer);
    return UrlSourceLayers.replaceLowerSources(List.of(
        new UrlSourceLayers.Layer(configFile == null ? "the config" : configFile.toString(), file),
        new UrlSourceLayers.Layer("the command line", shortcutLayer),
        new UrlSourceLayers.Layer("--set", setLayer)));
  }

  private static Config shortcutLayer(Map<String, Object> shortcuts) {
    return ConfigFactory.parseMap(shortcuts, "command-line option");
  }

  private static Config stacked(List<Config> lowestFirst) {
    return lowestFirst.get(2).withFallback(lowestFirst.get(1)).withFallback(lowestFirst.get(0));
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
    if (Files.isDirectory(path)) throw new SettingsException("--config", path + " is a directory, not a config file");
    if (!Files.exists(path)) throw new SettingsException("--config", "no such file: " + path);
    if (!Files.isRegularFile(path)) throw new SettingsException("--config", path + " is not a regular file");
    if (!Files.isReadable(path)) throw new SettingsException("--config", "cannot read " + path + ": permission denied");
    try {
      return ConfigFactory.parseFile(path.toFile());
    } catch (ConfigException e) {
      throw new SettingsException(path.toString(), withoutOrigin(e));
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
   * Lists, objects and quoted strings are parsed as HOCON; anything else stays a plain string (Typesafe Config converts strings to
   * numbers, booleans and durations when read), so a URL's "//" is never taken for a comment.
   */
  private static ConfigValue valueOf(String raw) {
    // A quoted value is a HOCON string too, so --set 'job.url-file=""' is the empty string, not two quote marks.
    if (raw.startsWith("[") || raw.startsWith("{") || (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\""))) {
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

  /**
   * Typesafe Config starts its message with where ("x.conf: 3: ..."); the error already names the file, so only
   * the line is kept: "x.conf: line 3: ...".
   */
  private static String withoutOrigin(ConfigException e) {
    String message = oneLine(e);
    if (e.origin() == null) return message;
    String prefix = e.origin().description() + ": ";
    if (!message.startsWith(prefix)) return message;
    String rest = message.substring(prefix.length());
    return e.origin().lineNumber() > 0 ? "line " + e.origin().lineNumber() + ": " + rest : rest;
  }

  private static String oneLine(ConfigException e) {
    return e.getMessage().replace('\n', ' ');
  }
}
