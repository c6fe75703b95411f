package dev.fetchpipe.config;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How `fetchpipe daemon` runs: where its API listens, where it keeps its state, and what it allows a job.
 *
 * @param stateDir         where daemon.json and the jobs are kept, already resolved (never empty)
 * @param token            the token every request must carry, or null for a random one per start
 * @param maxInFlightLimit the highest max-in-flight or max-per-host a job may ask for or be resized to
 * @param metricsJobsKept  how many ended jobs keep their series in GET /metrics (running jobs always do)
 * @param allowedRoots     the folders a job's files must lie in (absolute, as given; links are followed at start);
 *                         empty: anywhere. Never empty for a daemon other machines can reach (see {@link #from})
 * @param limits           what one client may hold of the API
 * @param keepEnded        how many ended jobs are kept, and how long
 * @param cluster          whether and how the daemon is a node of a cluster of daemons
 * @param idleTimeout      how long a daemon {@code run} started waits with no job and no client before it stops; null
 *                         for never
 * @param shutdownTimeout  longest a stop (a signal) takes: jobs cancelled, aborted at half of it, the process ended at it
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
    List<Path> allowedRoots,
    ApiLimits limits,
    KeepEnded keepEnded,
    ClusterSettings cluster,
    Duration idleTimeout,
    Duration shutdownTimeout) {

  public DaemonSettings {
    allowedRoots = List.copyOf(allowedRoots);
  }

  /**
   * What the API holds any one client to, so that no client without the token (nor one with it) can starve the rest.
   *
   * @param headerReadTimeout   a connection that has not sent a whole request head by then is closed
   * @param idleTimeout         a connection with no traffic for this long is closed
   * @param maxConnections      connections open at once; past it the oldest not yet shown the token is closed
   * @param maxEventStreams     event streams open at once, over all jobs
   * @param maxEventStreamsPerJob event streams open at once on one job
   * @param eventBuffer         events a stream's reader may fall behind by before it is dropped
   * @param parseTimeout        longest reading a submitted job may take
   * @param threads             threads of the API's own actor system (its dispatcher's size)
   */
  public record ApiLimits(Duration headerReadTimeout, Duration idleTimeout, int maxConnections, int maxEventStreams,
      int maxEventStreamsPerJob, int eventBuffer, Duration parseTimeout, int threads) {}

  /**
   * Ended jobs the daemon keeps (listed, with their status and report on disk); older ones are pruned.
   *
   * @param jobs the most ended jobs kept; past it the oldest is pruned
   * @param age  an ended job older than this is pruned
   */
  public record KeepEnded(int jobs, Duration age) {}

  private static final String KEY = "fetchpipe.daemon.";
  /** The state dir when neither daemon.state-dir nor $FETCHPIPE_STATE_DIR names one, under the user's home. */
  static final String DEFAULT_STATE_DIR = ".local/state/fetchpipe";
  public static final String STATE_DIR_VARIABLE = "FETCHPIPE_STATE_DIR";
  /**
   * The state dir's folder for jobs' files: the only place in it a job may write, and the allowed root of a daemon
   * other machines can reach when daemon.allowed-roots names none.
   */
  public static final String STATE_FILES_DIR = "files";
  /** Where a daemon reads submitted jobs, off the actors' threads (docs/security.md). */
  public static final String PARSING_DISPATCHER = "fetchpipe.daemon.parsing-dispatcher";
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
    Path stateDir = stateDir(read.string(KEY + "state-dir").trim(), environment);
    List<Path> roots = allowedRoots(read);
    // A daemon others can reach is confined even when no root is named: its token is then all that stands between
    // a stranger and every file the daemon's user may write.
    if (roots.isEmpty() && !isLoopbackHost(host)) roots = List.of(stateDir.resolve(STATE_FILES_DIR));
    ApiLimits limits = new ApiLimits(
        read.positiveDuration(KEY + "header-read-timeout"),
        read.positiveDuration(KEY + "connection-idle-timeout"),
        read.intBetween(KEY + "max-connections", 8, 100_000),
        read.intBetween(KEY + "max-event-streams", 1, 100_000),
        read.intBetween(KEY + "max-event-streams-per-job", 1, 100_000),
        read.intBetween(KEY + "event-buffer", 16, 1_000_000),
        read.positiveDuration(KEY + "parse-timeout"),
        read.intBetween(KEY + "api-threads", 1, 64));
    KeepEnded keepEnded = new KeepEnded(read.intBetween(KEY + "keep-ended.jobs", 0, 1_000_000),
        read.positiveDuration(KEY + "keep-ended.age"));
    return new DaemonSettings(
        host,
        read.intBetween(KEY + "port", 0, 65_535),
        stateDir,
        token.isEmpty() ? null : token,
        read.intBetween(KEY + "max-jobs", 1, 1000),
        positive(read, KEY + "max-body-size"),
        read.intBetween(KEY + "max-in-flight-limit", 1, 100_000),
        read.intBetween(KEY + "metrics-jobs-kept", 0, 10_000),
        roots,
        limits,
        keepEnded,
        ClusterSettings.from(read),
        idleTimeout(read),
        atLeast(read, KEY + "shutdown-timeout", Duration.ofSeconds(2)));
  }

  private static Duration atLeast(ConfigReader read, String key, Duration least) {
    Duration value = read.positiveDuration(key);
    if (value.compareTo(least) < 0) throw new SettingsException(key, "must be at least " + least.toSeconds() + "s");
    return value;
  }

  /** daemon.idle-timeout: a duration, or off. */
  public static Duration idleTimeout(Config config) {
    return idleTimeout(new ConfigReader(config));
  }

  private static Duration idleTimeout(ConfigReader read) {
    return read.isOff(KEY + "idle-timeout") ? null : read.positiveDuration(KEY + "idle-timeout");
  }

  /** daemon.allowed-roots: absolute paths only (a relative one would depend on where the daemon was started). */
  private static List<Path> allowedRoots(ConfigReader read) {
    String key = KEY + "allowed-roots";
    List<Path> roots = new ArrayList<>();
    for (String root : read.strings(key)) {
      String trimmed = root.trim();
      Path path;
      try {
        path = Path.of(trimmed);
      } catch (InvalidPathException e) {
        throw new SettingsException(key, "not a usable path: " + trimmed);
      }
      if (trimmed.isEmpty() || !path.isAbsolute()) {
        throw new SettingsException(key, "expected absolute paths, got \"" + trimmed + "\"");
      }
      roots.add(path);
    }
    return roots;
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
