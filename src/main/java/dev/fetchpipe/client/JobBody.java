package dev.fetchpipe.client;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.SettingsException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The job a client hands to the daemon: the layers {@code run} merges (the config file, the shortcuts, --set) without
 * reference.conf, since the daemon puts its own config under them. Paths are the client's, so they are sent absolute:
 * the daemon's working directory is not the user's.
 *
 * @param layers           the user's layers, resolved, with {@code job.output-dir} (always) and {@code job.url-file}
 *                         (when set) absolute
 * @param outputDirAsGiven the output dir as the user wrote it (or its default), before it was made absolute: what
 *                         run shows
 */
public record JobBody(Config layers, String outputDirAsGiven) {
  static final String OUTPUT_DIR = "fetchpipe.job.output-dir";
  static final String URL_FILE = "fetchpipe.job.url-file";
  static final String NETRC = "fetchpipe.fetch.netrc";
  private static final List<String> COOKIE_FILES = List.of("fetchpipe.fetch.cookies.file", "fetchpipe.fetch.cookies.save");
  /** fetch.tls's files: the daemon reads them, so they are sent absolute too. */
  static final List<String> TLS_FILES = List.of("fetchpipe.fetch.tls.ca-file", "fetchpipe.fetch.tls.client-cert",
      "fetchpipe.fetch.tls.client-key", "fetchpipe.fetch.tls.client-p12");
  private static final String RUN = "fetchpipe.run";
  private static final String DAEMON = "fetchpipe.daemon";

  /**
   * @param configFile the config file, or null for none
   * @param shortcuts  full keys set by --urls, --out and -m
   * @param sets       --set's KEY=VALUE strings, in order
   * @param workDir    the directory relative paths are relative to: the client's own
   * @throws SettingsException when a layer cannot be read
   */
  public static JobBody of(Path configFile, Map<String, Object> shortcuts, List<String> sets, Path workDir) {
    return of(configFile, shortcuts, sets, workDir, OwnReference::get);
  }

  /**
   * As {@link #of(Path, Map, List, Path)}, with fetchpipe's reference.conf from {@code reference}, asked for only when
   * needed: parsing it took a cold client about 30 ms, and a plain job (the default config file sets an output dir, or
   * --out does, and nothing refers to a default) needs nothing from it.
   */
  static JobBody of(Path configFile, Map<String, Object> shortcuts, List<String> sets, Path workDir,
      Supplier<Config> reference) {
    Config layers = ConfigLayers.userLayers(configFile, shortcuts, sets);
    // A substitution may name a default (${fetchpipe.fetch.max-redirects}), or one that is nowhere, which the
    // reference's failure names: only then is the reference read, and so the error is the one it always was.
    if (!layers.isResolved()) layers = ConfigLayers.resolveOver(layers, reference.get(), configFile);
    // Without an output dir of its own the job would land in the daemon's working directory, not the user's.
    if (!layers.hasPath(OUTPUT_DIR)) {
      layers = layers.withValue(OUTPUT_DIR, ConfigValueFactory.fromAnyRef(reference.get().getString(OUTPUT_DIR)));
    }
    String asGiven = layers.getValue(OUTPUT_DIR).valueType() == ConfigValueType.STRING ? layers.getString(OUTPUT_DIR) : null;
    layers = absolute(layers, OUTPUT_DIR, workDir);
    layers = absolute(layers, URL_FILE, workDir);
    layers = absolute(layers, NETRC, workDir);
    for (String cookieFile : COOKIE_FILES) layers = absolute(layers, cookieFile, workDir);
    for (String tlsFile : TLS_FILES) layers = absolute(layers, tlsFile, workDir);
    return new JobBody(layers, asGiven);
  }

  /** The body of POST /api/jobs. */
  public String json() {
    return layers.root().render(ConfigRenderOptions.concise());
  }

  /**
   * The body of run's job: the layers without the keys that say how run runs it ({@code run.*}) and how a daemon it
   * starts behaves ({@code daemon.*}), which are not the job's.
   */
  public String forDaemon() {
    return layers.withoutPath(RUN).withoutPath(DAEMON).root().render(ConfigRenderOptions.concise());
  }

  /**
   * The layers over fetchpipe's reference.conf: what the client itself reads, such as how to show progress, when the
   * daemon did not say (one older than its 201's {@code progress}).
   */
  public Config withDefaults() {
    return layers.withFallback(OwnReference.get());
  }

  /** The path at {@code key} made absolute against {@code workDir}; a value that is no path is left to the daemon to refuse. */
  private static Config absolute(Config layers, String key, Path workDir) {
    if (!layers.hasPath(key) || layers.getValue(key).valueType() != ConfigValueType.STRING) return layers;
    String value = layers.getString(key);
    if (value.isBlank()) return layers;
    try {
      Path path = workDir.resolve(value).toAbsolutePath().normalize();
      return layers.withValue(key, ConfigValueFactory.fromAnyRef(path.toString(), "made absolute by the client"));
    } catch (InvalidPathException e) {
      throw new SettingsException(key, "not a path: " + e.getMessage());
    }
  }
}
