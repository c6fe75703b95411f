package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The job's URL source is one thing, not four keys: a source given at a higher layer (a --set, --urls) replaces the
 * source of the layers below it instead of adding a second one, as a user who types {@code --set job.urls=[...]} over a
 * config file of flags means. Two sources in one layer stay an error that names both.
 */
final class UrlSourceLayers {

  /** The three forms of source and the keys each is given by. */
  private enum Kind {
    URLS("urls", "fetchpipe.job.urls"),
    URL_FILE("url-file", "fetchpipe.job.url-file"),
    FLAGS("base-url with codes", "fetchpipe.job.base-url", "fetchpipe.job.codes");

    final String label;
    final List<String> keys;

    Kind(String label, String... keys) {
      this.label = label;
      this.keys = List.of(keys);
    }
  }

  /** One layer of config and what to call it in an error. */
  record Layer(String name, Config config) {}

  private UrlSourceLayers() {}

  /**
   * The layers, lowest first, with every source key below the highest layer that gives a source removed, unless it is
   * of the same form (codes given on the command line still go with the file's base-url).
   */
  static List<Config> replaceLowerSources(List<Layer> lowestFirst) {
    List<Config> result = new ArrayList<>();
    lowestFirst.forEach(layer -> result.add(layer.config()));
    for (int top = lowestFirst.size() - 1; top >= 0; top--) {
      Set<Kind> given = given(lowestFirst.get(top).config());
      if (given.isEmpty()) continue;
      if (given.size() > 1) {
        throw new SettingsException("fetchpipe.job", "two URL sources in " + lowestFirst.get(top).name() + ": "
            + String.join(" and ", given.stream().map(kind -> kind.label).toList()) + "; give one");
      }
      Kind winner = given.iterator().next();
      for (int below = 0; below < top; below++) {
        Config config = result.get(below);
        for (Kind kind : Kind.values()) {
          if (kind == winner) continue;
          for (String key : kind.keys) config = config.withoutPath(key);
        }
        result.set(below, config);
      }
      break;
    }
    return result;
  }

  /**
   * What the command line gives as its URL source, by the names the user typed: "--urls" and "the URL arguments"
   * for the shortcuts, "--set job.KEY" for each source key --set gives (base-url and codes together are one source).
   * Two sources at once are an error naming both: which one the user meant is not for fetchpipe to guess.
   *
   * @return the one source's name, or null when the command line gives none
   */
  static String commandLineSource(Config shortcuts, Config sets) {
    List<String> named = new ArrayList<>();
    if (gives(shortcuts, Kind.URL_FILE.keys.get(0))) named.add("--urls");
    if (gives(shortcuts, Kind.URLS.keys.get(0))) named.add("the URL arguments");
    for (Kind kind : given(sets)) {
      named.add("--set " + String.join(" with ", kind.keys.stream().filter(key -> gives(sets, key))
          .map(key -> key.substring("fetchpipe.".length())).toList()));
    }
    if (named.size() > 1) {
      throw new SettingsException("fetchpipe.job", "two URL sources on the command line: " + String.join(" and ", named)
          + "; give one");
    }
    return named.isEmpty() ? null : named.get(0);
  }

  /**
   * True when the command line gives URLs of its own: a list, a file, or a base URL. Codes alone are not: they pick
   * other flags from the config file's base URL.
   */
  static boolean ownUrls(Config shortcuts, Config sets) {
    if (commandLineSource(shortcuts, sets) == null) return false;
    return !given(shortcuts).isEmpty() || !given(sets).contains(Kind.FLAGS) || gives(sets, "fetchpipe.job.base-url");
  }

  private static Set<Kind> given(Config layer) {
    Set<Kind> kinds = new LinkedHashSet<>();
    for (Kind kind : Kind.values()) {
      if (kind.keys.stream().anyMatch(key -> gives(layer, key))) kinds.add(kind);
    }
    return kinds;
  }

  /** An empty list or blank string gives nothing: it is the "none" the reference itself has. */
  private static boolean gives(Config layer, String key) {
    try {
      if (!layer.hasPath(key)) return false;
      ConfigValue value = layer.getValue(key);
      Object unwrapped = value.unwrapped();
      if (unwrapped instanceof List<?> list) return !list.isEmpty();
      return unwrapped != null && !String.valueOf(unwrapped).isBlank();
    } catch (ConfigException.NotResolved e) {
      return true; // a ${substitution}: something is given, what it is shows once resolved
    }
  }
}
