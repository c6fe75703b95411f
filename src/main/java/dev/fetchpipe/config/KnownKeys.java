package dev.fetchpipe.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/** Checks a key a user names on the command line (e.g. sweep's --vary) against every key fetchpipe and Pekko know. */
public final class KnownKeys {

  private KnownKeys() {}

  /**
   * The full key ("fetchpipe." added when left out, as --set does) when reference.conf (fetchpipe's own, merged with
   * Pekko's) has it; else a {@link SettingsException} naming {@code option}. Stricter than --set, which lets keys under
   * Pekko's open sections through unchecked: a sweep over a misspelt key would run the same job N times.
   */
  public static String require(String option, String key) {
    String full = ConfigLayers.fullKey(key.trim());
    if (key.isBlank() || !known(full)) {
      throw new SettingsException(option, "unknown key \"" + key.trim() + "\"; see reference.conf for the keys");
    }
    return full;
  }

  private static boolean known(String full) {
    try {
      return ConfigFactory.defaultReference().hasPathOrNull(full);
    } catch (ConfigException badPath) {
      return false; // not even a path, e.g. "fetch..max-in-flight"
    }
  }
}
