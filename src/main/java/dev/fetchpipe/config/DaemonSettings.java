package dev.fetchpipe.config;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How `fetchpipe daemon` runs: where its API listens, where it keeps its state, and what it allows a job.
 *
 * @param stateDir         where daemon.json and the jobs are kept, already resolved (never empty)
 * @param token            the token every request must carry, or null for a random one per start
 * @param maxInFlightLimit the highest max-in-flight or max-per-host a job may ask for or be resized to
 * @param metricsJobsKept  how many ended jobs keep their series in GET /metrics (running jobs always do)
 * @param cluster          whether and how the daemon is a node of a cluster of daemons
 * @param idleTimeout      how long a daemon {@code run} started waits with no job and no client before it stops; null
 *                         for never
 */
public record DaemonSettings(
    String host,
    int port,
    Path stateDir,
    String token,
    int maxJobs,
    long maxBodySize,
    int maxInFlightLimit,
    int metricsJobsKept,
    ClusterSettings cluster,
    Duration idleTimeout) {

  private static final String KEY = "fetchpipe.daemon.";
  /** The state dir when neither daemon.state-dir nor $FETCHPIPE_STATE_DIR names one, under the user's home. */
  static final String DEFAULT_STATE_DIR = ".local/state/fetchpipe";
  public static final String STATE_DIR_VARIABLE = "FETCHPIPE_STATE_DIR";
  /** The shortest token accepted when the user sets one: a guessable token is no protection. */
  static final int MIN_TOKEN_LENGTH = 16;

  /** Reads and validates the daemon's keys; {@code environment} supplies $FETCHPIPE_STATE_DIR and $HOME. */
  public static DaemonSettings from(Config merged, Map<String, String> environment) {
    ConfigReader read = new ConfigReader(merged);
    String host = read.string(KEY + "host").trim();
    if (host.isEmpty()) throw new SettingsException(KEY + "host", "must not be empty");
    String token = read.string(KEY + "token").trim();
    if (!token.isEmpty() && (token.length() < MIN_TOKEN_LENGTH || !token.matches("[A-Za-z0-9._~-]+"))) {
      throw new SettingsException(KEY + "token",
          "must be at least " + MIN_TOKEN_LENGTH + " characters of letters, digits and . _ ~ -");
    }
    if (token.isEmpty() && !isLoopbackHost(host)) {
      throw new SettingsException(KEY + "host", "\"" + host + "\" is reachable from other machines: set "
          + KEY + "token too (at least " + MIN_TOKEN_LENGTH + " characters), or bind 127.0.0.1");
    }
    return new DaemonSettings(
        host,
        read.intBetween(KEY + "port", 0, 65_535),
        stateDir(read.string(KEY + "state-dir").trim(), environment),
        token.isEmpty() ? null : token,
        read.intBetween(KEY + "max-jobs", 1, 1000),
        positive(read, KEY + "max-body-size"),
        read.intBetween(KEY + "max-in-flight-limit", 1, 100_000),
        read.intBetween(KEY + "metrics-jobs-kept", 0, 10_000),
        ClusterSettings.from(read),
        idleTimeout(read));
  }

  /** daemon.idle-timeout: a duration, or off. */
  public static Duration idleTimeout(Config config) {
    return idleTimeout(new ConfigReader(config));
  }

  private static Duration idleTimeout(ConfigReader read) {
    return read.isOff(KEY + "idle-timeout") ? null : read.positiveDuration(KEY + "idle-timeout");
  }

  /** daemon.state-dir, else $FETCHPIPE_STATE_DIR, else ~/.local/state/fetchpipe: the same rule the clients follow. */
  public static Path stateDir(String configured, Map<String, String> environment) {
    String chosen = configured;
    String key = KEY + "state-dir";
    if (chosen.isEmpty()) {
      chosen = environment.getOrDefault(STATE_DIR_VARIABLE, "").trim();
      key = "$" + STATE_DIR_VARIABLE;
    }
    if (chosen.isEmpty()) {
      String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
      return Path.of(home).resolve(DEFAULT_STATE_DIR).toAbsolutePath().normalize();
    }
    try {
      return Path.of(chosen).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new SettingsException(key, "not a usable path: " + chosen);
    }
  }

  /** True for 127.0.0.0/8, ::1 and "localhost": addresses no other machine can reach. */
  public static boolean isLoopbackHost(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    // Only literal addresses are looked at: resolving a name could take seconds, and it could change later.
    if (!host.matches("[0-9.]+|\\[?[0-9A-Fa-f:]+]?")) return false;
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static long positive(ConfigReader read, String key) {
    long value = read.bytes(key);
    if (value == 0) throw new SettingsException(key, "must be more than zero");
    return value;
  }
}
