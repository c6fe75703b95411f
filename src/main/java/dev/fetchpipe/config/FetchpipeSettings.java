package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.report.Durations;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * Every setting fetchpipe uses, read once from the merged config and validated. Code takes its values from here;
 * nothing else reads the config.
 *
 * @param config             the merged config, with Pekko HTTP's client fitted to the fetch settings: the actor
 *                           system's config for run, and the job's connection pool settings everywhere
 * @param maxInFlightCeiling the most URLs a resize may put in flight at once (and per host); run's is its own
 *                           max-in-flight
 */
public record FetchpipeSettings(
    Config config,
    JobSettings job,
    FetchSettings fetch,
    CancelSettings cancel,
    WriterSettings writer,
    ProgressSettings progress,
    OriginSettings origin,
    int maxInFlightCeiling) {

  /** The dispatcher that runs every blocking file operation. */
  public static final String BLOCKING_IO_DISPATCHER = "fetchpipe.blocking-io-dispatcher";
  /**
   * The executor the blocking-io dispatcher must use: a thread pool a running job can resize (a class name, as Pekko
   * takes a custom executor; this package does not depend on the pipeline's classes).
   */
  public static final String RESIZABLE_EXECUTOR = "dev.fetchpipe.pipeline.ResizableThreadPoolConfigurator";
  /** The base-url value that starts the built-in origin inside the process. */
  public static final String EMBEDDED = "embedded";

  /**
   * Reads and validates everything, fitted for this job's own max-in-flight (run's way: no resize goes beyond it);
   * throws {@link SettingsException} naming the first bad key.
   */
  public static FetchpipeSettings from(Config merged) {
    return from(merged, 0);
  }

  /**
   * Like {@link #from(Config)}, with {@code maxInFlightCeiling} as the most a resize may raise max-in-flight (and
   * max-per-host) to, when that is higher than the job's own max-in-flight.
   *
   * @throws SettingsException also when the job's max-in-flight is above a ceiling given (more than 0)
   */
  public static FetchpipeSettings from(Config merged, int maxInFlightCeiling) {
    ConfigReader read = new ConfigReader(merged);
    FetchSettings fetch = fetch(read, NetSettings.read(read, merged));
    if (maxInFlightCeiling > 0 && fetch.maxInFlight() > maxInFlightCeiling) {
      throw new SettingsException("fetchpipe.fetch.max-in-flight",
          "must be at most " + maxInFlightCeiling + " (daemon.max-in-flight-limit), got " + fetch.maxInFlight());
    }
    int ceiling = Math.max(maxInFlightCeiling, fetch.maxInFlight());
    CancelSettings cancel = new CancelSettings(
        read.duration("fetchpipe.cancel.grace"),
        read.isOff("fetchpipe.cancel.deadline") ? null : read.positiveDuration("fetchpipe.cancel.deadline"),
        read.isOff("fetchpipe.cancel.max-errors") ? 0 : read.intAtLeast("fetchpipe.cancel.max-errors", 1));
    WriterSettings writer = new WriterSettings(
        BLOCKING_IO_DISPATCHER,
        read.intBetween(BLOCKING_IO_DISPATCHER + ".thread-pool-executor.fixed-pool-size", 1, 1024),
        read.bool("fetchpipe.writer.fsync"),
        read.bytes("fetchpipe.writer.stream-above"));
    requireThreadPool(read);
    ProgressSettings progress = progress(read);
    OriginSettings origin = origin(read);
    JobSettings job = new JobSettings(urlSource(read), path(read, "fetchpipe.job.output-dir"), read.bool("fetchpipe.job.resume"),
        layout(read.string("fetchpipe.job.layout")), read.bool("fetchpipe.job.resume-partial"),
        names(read.string("fetchpipe.job.names")), refresh(read.string("fetchpipe.job.refresh")));
    return new FetchpipeSettings(fitPekkoHttp(merged, fetch), job, fetch, cancel, writer, progress, origin, ceiling);
  }

  /**
   * The same settings with the writer on another dispatcher, e.g. one registered for this job alone (the daemon runs
   * several jobs in one system, and each resizes its own writer pool). Its size is the writer's pool size.
   */
  public FetchpipeSettings withWriterDispatcher(String dispatcherId) {
    WriterSettings moved = new WriterSettings(dispatcherId, writer.poolSize(), writer.fsync(), writer.streamAbove());
    return new FetchpipeSettings(config, job, fetch, cancel, moved, progress, origin, maxInFlightCeiling);
  }

  /** fetch.max-in-flight alone, checked: the ceiling of a job that may go beyond a daemon's (run's). */
  public static int maxInFlight(Config merged) {
    return new ConfigReader(merged).intBetween("fetchpipe.fetch.max-in-flight", 1, 100_000);
  }

  /** The progress keys alone, for a client that shows a job's progress but runs no job. */
  public static ProgressSettings progress(Config merged) {
    return progress(new ConfigReader(merged));
  }

  private static ProgressSettings progress(ConfigReader read) {
    return new ProgressSettings(
        style(read.string("fetchpipe.progress.style")),
        read.positiveDuration("fetchpipe.progress.spinner-interval"),
        read.positiveDuration("fetchpipe.progress.plain-interval"));
  }

  /**
   * The job's Pekko HTTP pool settings, from its fitted config, sending from fetch.local-address when one is set (a
   * setting Pekko has only in code, not in config). Made once per job; each of its fetchers narrows them to connection
   * pools of its own (pipeline's FetcherHttp), so that it can tear down the connection of a request it gave up on.
   */
  public ConnectionPoolSettings connectionPool() {
    ConnectionPoolSettings pool = ConnectionPoolSettings.create(config);
    return fetch.localAddress()
        .map(address -> pool.withConnectionSettings(
            pool.getConnectionSettings().withLocalAddress(Optional.of(new InetSocketAddress(address, 0)))))
        .orElse(pool);
  }

  private static FetchSettings fetch(ConfigReader read, dev.fetchpipe.net.NetPlan net) {
    int maxInFlight = read.intBetween("fetchpipe.fetch.max-in-flight", 1, 100_000);
    String perHost = "fetchpipe.fetch.max-per-host";
    int perHostGiven = read.isOff(perHost) ? FetchSettings.NO_HOST_LIMIT : read.intBetween(perHost, 1, 100_000);
    return new FetchSettings(
        maxInFlight,
        Math.min(maxInFlight, perHostGiven),
        read.positiveDuration("fetchpipe.fetch.connect-timeout"),
        read.positiveDuration("fetchpipe.fetch.response-timeout"),
        read.positiveDuration("fetchpipe.fetch.idle-timeout"),
        read.positiveDuration("fetchpipe.fetch.request-timeout"),
        read.isOff("fetchpipe.fetch.max-body-size") ? FetchSettings.UNLIMITED : positiveBytes(read, "fetchpipe.fetch.max-body-size"),
        read.intBetween("fetchpipe.fetch.max-redirects", 0, 50),
        new RetrySettings(
            read.intBetween("fetchpipe.fetch.retry.max-attempts", 1, 100),
            read.positiveDuration("fetchpipe.fetch.retry.min-backoff"),
            read.positiveDuration("fetchpipe.fetch.retry.max-backoff"),
            read.numberBetween("fetchpipe.fetch.retry.random-factor", 0.0, 1.0),
            read.duration("fetchpipe.fetch.retry.max-retry-after")),
        LocalAddresses.read(read, "fetchpipe.fetch.local-address"),
        perHostGiven,
        RequestSettings.from(read),
        read.byteRate("fetchpipe.fetch.max-bytes-per-second"),
        read.byteRate("fetchpipe.fetch.max-bytes-per-second-per-url"),
        net,
        perHostDelay(read),
        read.isOff("fetchpipe.fetch.per-host-rate") ? 0
            : read.numberBetween("fetchpipe.fetch.per-host-rate", 0, PerHostPace.MOST_RATE),
        robots(read.string("fetchpipe.fetch.robots")));
  }

  /** As a resize takes it (see {@link PerHostPace}): at most an hour. */
  private static Duration perHostDelay(ConfigReader read) {
    String key = "fetchpipe.fetch.per-host-delay";
    if (read.isOff(key)) return Duration.ZERO;
    Duration delay = read.duration(key);
    if (delay.compareTo(PerHostPace.MOST_DELAY) > 0) {
      throw new SettingsException(key, "must be at most 1h, got " + Durations.words(delay));
    }
    return delay;
  }

  private static boolean robots(String value) {
    if (value.equals("obey") || value.equals("ignore")) return value.equals("obey");
    throw new SettingsException("fetchpipe.fetch.robots", "must be ignore or obey, not \"" + value + "\"");
  }

  private static long positiveBytes(ConfigReader read, String key) {
    long value = read.bytes(key);
    if (value == 0) throw new SettingsException(key, "must be more than zero (or off for no limit)");
    return value;
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
        read.fraction("fetchpipe.origin.error-rate"),
        read.intBetween("fetchpipe.origin.error-status", 400, 599),
        read.isOff("fetchpipe.origin.rate-per-client")
            ? OriginSettings.UNLIMITED : read.bytesPerSecond("fetchpipe.origin.rate-per-client", Integer.MAX_VALUE),
        NetSettings.file(read, "fetchpipe.origin.tls.cert-file"), NetSettings.file(read, "fetchpipe.origin.tls.key-file"));
  }

  /**
   * Fits Pekko HTTP's client to the fetch settings. How many connections and requests a pool takes is not fitted
   * here: each fetcher has pools of its own, sized for its one request at a time (pipeline's FetcherHttp), so they
   * never overflow whatever max-in-flight is. The limits themselves are not in the pool's settings (the job keeps
   * them). The connect timeout is Pekko's own; its connection idle timeout is a backstop behind fetchpipe's response
   * and idle timeouts, which tear down a connection at once.
   */
  private static Config fitPekkoHttp(Config merged, FetchSettings fetch) {
    Duration slowest = fetch.responseTimeout().compareTo(fetch.idleTimeout()) > 0 ? fetch.responseTimeout() : fetch.idleTimeout();
    return ConfigFactory.parseMap(Map.of(
            "pekko.http.client.connecting-timeout", fetch.connectTimeout().toMillis() + "ms",
            "pekko.http.client.idle-timeout", slowest.plusSeconds(1).toMillis() + "ms"), "fitted to fetchpipe.fetch")
        .withFallback(merged);
  }

  private static void requireThreadPool(ConfigReader read) {
    String key = BLOCKING_IO_DISPATCHER + ".executor";
    if (!read.string(key).equals(RESIZABLE_EXECUTOR)) {
      throw new SettingsException(key, "must be \"" + RESIZABLE_EXECUTOR
          + "\": blocking writes need a pool of threads, one a running job can resize");
    }
  }

  private static ProgressSettings.Style style(String value) {
    try {
      return ProgressSettings.Style.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("fetchpipe.progress.style", "expected auto, spinner, plain or off, got \"" + value + "\"");
    }
  }

  private static JobSettings.Names names(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "url" -> JobSettings.Names.URL;
      case "content-disposition" -> JobSettings.Names.CONTENT_DISPOSITION;
      default -> throw new SettingsException("fetchpipe.job.names", "expected url or content-disposition, got \"" + value + "\"");
    };
  }

  private static JobSettings.Refresh refresh(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "keep" -> JobSettings.Refresh.KEEP;
      case "if-changed" -> JobSettings.Refresh.IF_CHANGED;
      case "always" -> JobSettings.Refresh.ALWAYS;
      default -> throw new SettingsException("fetchpipe.job.refresh", "expected keep, if-changed or always, got \"" + value + "\"");
    };
  }

  private static JobSettings.Layout layout(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "flat" -> JobSettings.Layout.FLAT;
      case "host-path" -> JobSettings.Layout.HOST_PATH;
      default -> throw new SettingsException("fetchpipe.job.layout", "expected flat or host-path, got \"" + value + "\"");
    };
  }

  private static UrlSource urlSource(ConfigReader read) {
    List<String> urls = read.strings("fetchpipe.job.urls");
    String urlFile = read.string("fetchpipe.job.url-file").trim();
    String baseUrl = read.string("fetchpipe.job.base-url").trim();
    List<String> codes = read.codes("fetchpipe.job.codes");

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
