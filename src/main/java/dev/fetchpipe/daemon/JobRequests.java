package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns a submitted job (HOCON or JSON, in the form of a config file) into the settings it runs with, validated
 * exactly as {@code run} validates its config: a bad job is a {@link SettingsException} naming the key, the same line
 * {@code run} prints before it exits 2.
 *
 * <p>The job is one more layer over the daemon's own config (reference.conf, its --config file, its --set), except
 * that the daemon's URL source is never inherited: every job says what it fetches. Relative paths are made absolute
 * against the daemon's working directory, so a job kept for a restart means the same files wherever the daemon
 * starts from.
 */
final class JobRequests {
  private static final String ROOT = "fetchpipe";
  private static final List<String> URL_SOURCE = List.of("job.urls", "job.url-file", "job.base-url", "job.codes");
  /** Paths a job gives, the files fetch.tls reads included: each confined to daemon.allowed-roots. */
  private static final List<String> PATHS = List.of("job.output-dir", "job.url-file", "fetch.netrc",
      "fetch.cookies.file", "fetch.cookies.save", "fetch.tls.ca-file",
      "fetch.tls.client-cert", "fetch.tls.client-key", "fetch.tls.client-p12");

  private JobRequests() {}

  /**
   * A job ready to start.
   *
   * @param layer    the job's own layer with absolute paths, as JSON: what the state dir keeps
   * @param settings the job's settings over the daemon's config
   */
  record Parsed(String layer, FetchpipeSettings settings) {}

  /**
   * What the daemon holds every job to.
   *
   * @param daemonConfig     the daemon's merged config
   * @param workingDir       what a job's relative paths are relative to
   * @param maxInFlightLimit daemon.max-in-flight-limit: the job's HTTP pool is sized for it, so a resize up to it is safe
   * @param maxBodySize      daemon.max-body-size: the longest job text read
   * @param confinement      where the job's files may lie
   */
  record Rules(Config daemonConfig, Path workingDir, int maxInFlightLimit, long maxBodySize, Confinement confinement) {}

  /** For tests: a daemon with no allowed roots and no state dir. */
  static Parsed parse(String body, Config daemonConfig, Path workingDir, int maxInFlightLimit) {
    return parse(body, daemonConfig, workingDir, maxInFlightLimit, false);
  }

  static Parsed parse(String body, Config daemonConfig, Path workingDir, int maxInFlightLimit, boolean carryOn) {
    return parse(body, new Rules(daemonConfig, workingDir, maxInFlightLimit, Integer.MAX_VALUE, Confinement.none()), carryOn);
  }

  /**
   * @param carryOn a job carried on after the daemon restarted: the files it finished are KEPT from its journal
   *                whatever it said of resuming, since they are its own
   */
  static Parsed parse(String body, Rules rules, boolean carryOn) {
    return parse(body, rules, carryOn, false);
  }

  /**
   * @param run a job {@code run} hands over: it may ask for more than the daemon's max-in-flight-limit, as run in
   *            process may (its pool is then sized for its own max-in-flight)
   */
  static Parsed parse(String body, Rules rules, boolean carryOn, boolean run) {
    // A job carried on is the daemon's own record of one that passed the size limit when it came (as JSON it may be
    // longer than the text sent, and the limit may have changed since).
    long maxChars = carryOn ? Long.MAX_VALUE : rules.maxBodySize();
    Config layer = absolutePaths(rooted(JobBodyParser.parse(body, maxChars)), rules);
    if (carryOn) layer = layer.withValue(ROOT + ".job.resume", ConfigValueFactory.fromAnyRef(true, "carried on"));
    Config merged = ConfigLayers.over(withoutUrlSource(rules.daemonConfig()), layer, "the job");
    // The ceiling also refuses a job asking for more than it: the pool is sized for the ceiling, never beyond.
    int ceiling = run ? Math.max(rules.maxInFlightLimit(), FetchpipeSettings.maxInFlight(merged))
        : rules.maxInFlightLimit();
    FetchpipeSettings settings = FetchpipeSettings.from(merged, ceiling);
    Parsed parsed = new Parsed(layer.root().render(ConfigRenderOptions.concise()), settings);
    // A job carried on is checked by its carrier (Daemon at start, off the actors); a cluster node that fetches for
    // another's job reads no url-file: the coordinator hands it the URLs.
    if (!carryOn) checkUrlFile(parsed);
    return parsed;
  }

  /** A job's url-file must be a list of URLs (see {@link UrlFileCheck}). Blocking: it reads the file's head. */
  static void checkUrlFile(Parsed parsed) {
    if (parsed.settings().job().source() instanceof UrlSource.FromFile file) UrlFileCheck.check(file.file());
  }

  /** The leading "fetchpipe" may be left out, as with --set; Pekko's own keys are the daemon's, not a job's. */
  private static Config rooted(Config parsed) {
    Config result = ConfigFactory.empty();
    for (Map.Entry<String, com.typesafe.config.ConfigValue> top : parsed.root().entrySet()) {
      String key = top.getKey();
      if (key.equals("pekko")) {
        throw new SettingsException("pekko", "Pekko's settings belong to the daemon, not to a job: give them to "
            + "`fetchpipe daemon --set` instead");
      }
      if (key.equals("daemon") || (key.equals(ROOT) && top.getValue() instanceof ConfigObject object
          && object.containsKey("daemon"))) {
        throw new SettingsException(ROOT + ".daemon", "the daemon's own settings cannot be changed by a job");
      }
      result = (key.equals(ROOT) ? parsed.withOnlyPath(ROOT) : parsed.withOnlyPath(quoted(key)).atKey(ROOT))
          .withFallback(result);
    }
    return result;
  }

  /** A top-level key exactly as written, even one with a dot in it (which then is, rightly, an unknown key). */
  private static String quoted(String key) {
    return com.typesafe.config.ConfigUtil.joinPath(key);
  }

  private static Config withoutUrlSource(Config daemonConfig) {
    Config result = daemonConfig;
    for (String key : URL_SOURCE) result = result.withoutPath(ROOT + "." + key);
    Config reference = ConfigFactory.defaultReference();
    for (String key : URL_SOURCE) result = result.withValue(ROOT + "." + key, reference.getValue(ROOT + "." + key));
    return result;
  }

  /**
   * Every path key the job (or the daemon's config) gives, absolute, written into the job's own layer; each must lie
   * under the daemon's allowed roots, and where they are set it is written as the path really leads (links resolved).
   */
  private static Config absolutePaths(Config layer, Rules rules) {
    Config result = layer;
    for (String key : PATHS) {
      String full = ROOT + "." + key;
      Config source = layer.hasPath(full) ? layer : key.equals("job.output-dir") ? rules.daemonConfig() : null;
      if (source == null || !source.hasPath(full)) continue;
      String value;
      try {
        value = source.getString(full).trim();
      } catch (ConfigException.WrongType e) {
        continue; // reported, naming the key, when the settings are read
      }
      if (value.isEmpty()) continue;
      Path absolute;
      try {
        absolute = rules.workingDir().resolve(value).normalize();
      } catch (InvalidPathException e) {
        throw new SettingsException(full, "not a usable path: " + value);
      }
      Path real = rules.confinement().check(full, rules.workingDir().resolve(value));
      Path used = rules.confinement().confined() ? real : absolute;
      result = result.withValue(full, ConfigValueFactory.fromAnyRef(used.toString(), "the job"));
    }
    return result;
  }
}
