package dev.fetchpipe.config;

import com.typesafe.config.Config;

/**
 * How {@code fetchpipe run} runs its job: handed to a daemon in the background, or in its own process. Read from the
 * user's layers alone (the config file, the shortcuts, --set), since the thin client that decides parses no
 * reference.conf: a key the layers leave out has its default, the one reference.conf documents
 * ({@code RunSettingsTest} holds the two together).
 *
 * @param daemon      run.daemon: through a daemon
 * @param idleTimeout daemon.idle-timeout as the user gave it, checked, for a daemon run starts; null when not given
 *                    (the daemon then takes its default)
 */
public record RunSettings(boolean daemon, String idleTimeout) {
  static final String DAEMON = "fetchpipe.run.daemon";
  static final String IDLE_TIMEOUT = "fetchpipe.daemon.idle-timeout";
  /** run.daemon's default, as in reference.conf. */
  static final boolean DAEMON_BY_DEFAULT = true;

  /** @throws SettingsException naming the key when a value given is not one */
  public static RunSettings from(Config layers) {
    ConfigReader read = new ConfigReader(layers);
    boolean daemon = layers.hasPath(DAEMON) ? read.bool(DAEMON) : DAEMON_BY_DEFAULT;
    String idleTimeout = null;
    if (layers.hasPath(IDLE_TIMEOUT)) {
      DaemonSettings.idleTimeout(layers);
      idleTimeout = String.valueOf(layers.getValue(IDLE_TIMEOUT).unwrapped()).trim();
    }
    return new RunSettings(daemon, idleTimeout);
  }
}
