package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting fetchpipe uses, read once from the merged config and validated. Code takes its values from here;
 * nothing else reads the config.
 *
 * @param config the merged config, with Pekko HTTP's pool sized to fit max-in-flight: the actor system's config
 */
public record FetchpipeSettings(
    Config config,
    JobSettings job,
    FetchSettings fetch,
    CancelSettings cancel,
    WriterSettings writer,
    ProgressSettings progress,
    OriginSettings origin) {

  /** The dispatcher that runs every blocking file operation. */
  public static final String BLOCKING_IO_DISPATCHER = "fetchpipe.blocking-io-dispatcher";
  /** The base-url value that starts the built-in origin inside the process. */
  public static final String EMBEDDED = "embedded";

  /** Reads and validates everything; throws {@link SettingsException} naming the first bad key. */
  public static FetchpipeSettings from(Config merged) {
    ConfigReader read = new ConfigReader(merged);
    FetchSettings fetch = new FetchSettings(
        read.intBetween("fetchpipe.fetch.max-in-flight", 1, 100_000),
        read.positiveDuration("fetchpipe.fetch.request-timeout"),
        read.intBetween("fetchpipe.fetch.max-redirects", 0, 50));
    CancelSettings cancel = new CancelSettings(
        read.duration("fetchpipe.cancel.grace"),
        read.isOff("fetchpipe.cancel.deadline") ? null : read.positiveDuration("fetchpipe.cancel.deadline"),
        read.isOff("fetchpipe.cancel.max-errors") ? 0 : read.intAtLeast("fetchpipe.cancel.max-errors", 1));
    WriterSettings writer = new WriterSettings(
        BLOCKING_IO_DISPATCHER,
        read.intBetween(BLOCKING_IO_DISPATCHER + ".thread-pool-executor.fixed-pool-size", 1, 1024),
        read.bool("fetchpipe.writer.fsync"));
    requireThreadPool(read);
    ProgressSettings progress = new ProgressSettings(
        style(read.string("fetchpipe.progress.style")),
        read.positiveDuration("fetchpipe.progress.spinner-interval"),
        read.positiveDuration("fetchpipe.progress.plain-interval"));
    OriginSettings origin = origin(read);
    JobSettings job = new JobSettings(urlSource(read), path(read, "fetchpipe.job.output-dir"));
    return new FetchpipeSettings(sizePekkoPool(merged, read, fetch.maxInFlight()), job, fetch, cancel, writer, progress, origin);
  }

  /** Only the origin's settings: all that `fetchpipe serve` needs, so it runs without a job configured. */
  public static OriginSettings originFrom(Config merged) {
    return origin(new ConfigReader(merged));
  }

  private static OriginSettings origin(ConfigReader read) {
    return new OriginSettings(
        nonBlank(read, "fetchpipe.origin.host"),
        read.intBetween("fetchpipe.origin.port", 0, 65_535),
        read.duration("fetchpipe.origin.delay"),
        read.duration("fetchpipe.origin.jitter"),
        read.fraction("fetchpipe.origin.error-rate"));
  }

  /**
   * Pekko HTTP queues at most max-open-requests per host and fails the rest with BufferOverflowException; its pool
   * opens at most max-connections. Both are raised to fit max-in-flight, so no setting of ours can overflow them.
   */
  private static Config sizePekkoPool(Config merged, ConfigReader read, int maxInFlight) {
    String pool = "pekko.http.host-connection-pool.";
    int connections = Math.max(maxInFlight, read.intAtLeast(pool + "max-connections", 1));
    int openRequests = Math.max(Integer.highestOneBit(maxInFlight - 1) << 1, read.intAtLeast(pool + "max-open-requests", 1));
    return ConfigFactory.parseMap(Map.of(
            pool + "max-connections", connections,
            pool + "max-open-requests", openRequests), "sized from fetchpipe.fetch.max-in-flight")
        .withFallback(merged);
  }

  private static void requireThreadPool(ConfigReader read) {
    String key = BLOCKING_IO_DISPATCHER + ".executor";
    if (!read.string(key).equals("thread-pool-executor")) {
      throw new SettingsException(key, "must be \"thread-pool-executor\": blocking writes need a fixed pool of threads");
    }
  }

  private static ProgressSettings.Style style(String value) {
    try {
      return ProgressSettings.Style.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("fetchpipe.progress.style", "expected auto, spinner, plain or off, got \"" + value + "\"");
    }
  }

  private static UrlSource urlSource(ConfigReader read) {
    List<String> urls = read.strings("fetchpipe.job.urls");
    String urlFile = read.string("fetchpipe.job.url-file").trim();
    String baseUrl = read.string("fetchpipe.job.base-url").trim();
    List<String> codes = read.strings("fetchpipe.job.codes");

    int given = (urls.isEmpty() ? 0 : 1) + (urlFile.isEmpty() ? 0 : 1) + (baseUrl.isEmpty() && codes.isEmpty() ? 0 : 1);
    if (given != 1) {
      throw new SettingsException("fetchpipe.job", (given == 0 ? "no URLs given" : "more than one URL source given")
          + ": set exactly one of urls, url-file, or base-url with codes");
    }
    if (!urls.isEmpty()) return new UrlSource.Listed(urls);
    if (!urlFile.isEmpty()) return new UrlSource.FromFile(path(read, "fetchpipe.job.url-file"));
    if (baseUrl.isEmpty()) throw new SettingsException("fetchpipe.job.base-url", "is needed with codes");
    if (codes.isEmpty()) throw new SettingsException("fetchpipe.job.codes", "is needed with base-url");
    for (String code : codes) {
      if (!code.matches("[A-Za-z0-9]{1,16}")) {
        throw new SettingsException("fetchpipe.job.codes", "\"" + code + "\" is not a code (letters and digits only)");
      }
    }
    if (baseUrl.equalsIgnoreCase(EMBEDDED)) return new UrlSource.Flags(null, codes);
    requireHttpUrl(baseUrl);
    return new UrlSource.Flags(baseUrl.replaceAll("/+$", ""), codes);
  }

  private static void requireHttpUrl(String baseUrl) {
    try {
      URI uri = new URI(baseUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return;
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new SettingsException("fetchpipe.job.base-url", "expected an http(s) URL or \"embedded\", got \"" + baseUrl + "\"");
  }

  private static String nonBlank(ConfigReader read, String key) {
    String value = read.string(key).trim();
    if (value.isEmpty()) throw new SettingsException(key, "must not be empty");
    return value;
  }

  private static Path path(ConfigReader read, String key) {
    String value = nonBlank(read, key);
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new SettingsException(key, "not a usable path: " + value);
    }
  }
}
