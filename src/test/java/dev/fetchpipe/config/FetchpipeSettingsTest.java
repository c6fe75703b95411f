package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of every setting, the URL source rules, and the Pekko HTTP pool sizing. */
class FetchpipeSettingsTest {
  /** A valid URL source of each kind, so only the value under test can be wrong. */
  private static final String LISTED_FILE = "fetchpipe.job.urls = [\"http://127.0.0.1:1/a.gif\"]";
  private static final List<String> LISTED_SETS = List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]");
  private static final String FLAGS_FILE =
      "fetchpipe.job.base-url = \"http://127.0.0.1:1/flags\"\nfetchpipe.job.codes = [CN]";
  private static final List<String> FLAGS_SETS = List.of("job.base-url=http://127.0.0.1:1/flags", "job.codes=[CN]");

  @TempDir
  Path dir;

  private static FetchpipeSettings fromSets(String... sets) {
    return FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(), List.of(sets)));
  }

  private static SettingsException rejectedSets(List<String> sets) {
    return assertThrows(SettingsException.class,
        () -> FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(), sets)), () -> "accepted " + sets);
  }

  private SettingsException rejectedFile(String hocon) throws IOException {
    Path file = dir.resolve("application.conf");
    Files.writeString(file, hocon);
    return assertThrows(SettingsException.class,
        () -> FetchpipeSettings.from(ConfigLayers.merge(file, Map.of(), List.of())), () -> "accepted " + hocon);
  }

  private static void assertNamesKeyOnOneLine(String key, SettingsException e) {
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(key), () -> "message should name " + key + ": " + e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), () -> "not one line: " + e.getMessage());
  }

  // ---- a bad value, in the config file or in --set, names its full key on one line ----

  /** key (without "fetchpipe."), the value as HOCON in a file, the value as typed after --set KEY=, the job it needs. */
  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("fetch.max-in-flight", "-3", "-3", "urls"),
        Arguments.of("fetch.max-in-flight", "0", "0", "urls"),
        Arguments.of("fetch.max-in-flight", "\"abc\"", "abc", "urls"),
        Arguments.of("fetch.max-in-flight", "2.5", "2.5", "urls"),
        Arguments.of("fetch.max-in-flight", "3000000000", "3000000000", "urls"),
        Arguments.of("fetch.request-timeout", "\"soon\"", "soon", "urls"),
        Arguments.of("fetch.request-timeout", "\"-1s\"", "-1s", "urls"),
        Arguments.of("fetch.request-timeout", "0s", "0s", "urls"),
        Arguments.of("fetch.max-redirects", "-1", "-1", "urls"),
        Arguments.of("fetch.max-per-host", "0", "0", "urls"),
        Arguments.of("fetch.max-per-host", "some", "some", "urls"),
        Arguments.of("fetch.connect-timeout", "0s", "0s", "urls"),
        Arguments.of("fetch.response-timeout", "\"never\"", "never", "urls"),
        Arguments.of("fetch.idle-timeout", "\"-2s\"", "-2s", "urls"),
        Arguments.of("fetch.max-body-size", "\"huge\"", "huge", "urls"),
        Arguments.of("fetch.max-body-size", "0", "0", "urls"),
        Arguments.of("fetch.retry.max-attempts", "0", "0", "urls"),
        Arguments.of("fetch.retry.max-attempts", "1.5", "1.5", "urls"),
        Arguments.of("fetch.retry.min-backoff", "0ms", "0ms", "urls"),
        Arguments.of("fetch.retry.max-backoff", "\"later\"", "later", "urls"),
        Arguments.of("fetch.retry.random-factor", "1.5", "1.5", "urls"),
        Arguments.of("fetch.retry.max-retry-after", "\"-1s\"", "-1s", "urls"),
        Arguments.of("writer.stream-above", "\"big\"", "big", "urls"),
        Arguments.of("job.resume", "maybe", "maybe", "urls"),
        Arguments.of("job.layout", "tree", "tree", "urls"),
        Arguments.of("job.names", "header", "header", "urls"),
        Arguments.of("job.refresh", "sometimes", "sometimes", "urls"),
        Arguments.of("origin.error-rate", "1.5", "1.5", "urls"),
        Arguments.of("origin.error-rate", "\"lots\"", "lots", "urls"),
        Arguments.of("origin.error-rate", "-0.1", "-0.1", "urls"),
        Arguments.of("origin.delay", "\"-5ms\"", "-5ms", "urls"),
        Arguments.of("origin.host", "\"  \"", "", "urls"),
        Arguments.of("progress.style", "fancy", "fancy", "urls"),
        Arguments.of("progress.spinner-interval", "0ms", "0ms", "urls"),
        Arguments.of("blocking-io-dispatcher.thread-pool-executor.fixed-pool-size", "0", "0", "urls"),
        Arguments.of("blocking-io-dispatcher.executor", "fork-join-executor", "fork-join-executor", "urls"),
        Arguments.of("blocking-io-dispatcher.executor", "thread-pool-executor", "thread-pool-executor", "urls"),
        Arguments.of("writer.fsync", "maybe", "maybe", "urls"),
        Arguments.of("origin.port", "70000", "70000", "urls"),
        Arguments.of("origin.port", "-1", "-1", "urls"),
        Arguments.of("origin.port", "8001.5", "8001.5", "urls"),
        Arguments.of("origin.rate-per-client", "fast", "fast", "urls"),
        Arguments.of("origin.rate-per-client", "2MiB", "2MiB", "urls"),
        Arguments.of("origin.rate-per-client", "1048576", "1048576", "urls"),
        Arguments.of("origin.rate-per-client", "\"0/s\"", "0/s", "urls"),
        Arguments.of("origin.rate-per-client", "\"-1MiB/s\"", "-1MiB/s", "urls"),
        Arguments.of("origin.rate-per-client", "\"2 lots/s\"", "2 lots/s", "urls"),
        Arguments.of("origin.rate-per-client", "\"3GiB/s\"", "3GiB/s", "urls"),
        Arguments.of("fetch.local-address", "localhost", "localhost", "urls"),
        Arguments.of("fetch.local-address", "\"999.1.1.1\"", "999.1.1.1", "urls"),
        // TEST-NET-1 (RFC 5737): a well-formed address no machine of ours has.
        Arguments.of("fetch.local-address", "\"192.0.2.1\"", "192.0.2.1", "urls"),
        Arguments.of("fetch.local-address", "\"127.0.0.2:80\"", "127.0.0.2:80", "urls"),
        Arguments.of("job.output-dir", "\"\"", "", "urls"),
        Arguments.of("job.output-dir", "\"   \"", "   ", "urls"),
        Arguments.of("job.codes", "[\"C/N\"]", "[\"C/N\"]", "flags"),
        Arguments.of("job.codes", "[\"\"]", "[\"\"]", "flags"),
        Arguments.of("job.base-url", "\"ftp://x\"", "ftp://x", "flags"),
        Arguments.of("job.base-url", "\"http://\"", "http://", "flags"),
        Arguments.of("job.base-url", "\"not a url\"", "not a url", "flags"));
  }

  // ---- a duration says its unit: a bare number is not taken for milliseconds ----

  @ParameterizedTest(name = "--set {0}")
  @ValueSource(strings = {"fetch.response-timeout=5", "fetch.connect-timeout=10", "fetch.idle-timeout=2.5",
      "fetch.request-timeout=60", "fetch.retry.min-backoff=200", "fetch.retry.max-backoff=10",
      "fetch.retry.max-retry-after=0", "cancel.grace=5", "cancel.deadline=30", "progress.spinner-interval=100",
      "progress.plain-interval=2", "origin.delay=500", "origin.jitter=0"})
  void aDurationWithoutAUnitIsAnErrorShowingTheFix(String set) {
    String key = "fetchpipe." + set.substring(0, set.indexOf('='));
    String number = set.substring(set.indexOf('=') + 1);
    SettingsException e = rejectedSets(concat(LISTED_SETS, set));
    assertEquals(key + ": a duration needs a unit, got " + number + "; write " + number + "s for seconds (or " + number
        + "ms, " + number + "m)", e.getMessage());
  }

  @Test
  void aDurationWithoutAUnitInAFileIsRefusedToo() throws IOException {
    SettingsException e = rejectedFile(LISTED_FILE + "\nfetchpipe.fetch.response-timeout = 5\n");
    assertEquals("fetchpipe.fetch.response-timeout: a duration needs a unit, got 5; write 5s for seconds (or 5ms, 5m)",
        e.getMessage());
    assertEquals(Duration.ofSeconds(5),
        FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(), concat(LISTED_SETS, "fetch.response-timeout=5 s")))
            .fetch().responseTimeout());
  }

  private static List<String> concat(List<String> sets, String more) {
    List<String> all = new ArrayList<>(sets);
    all.add(more);
    return all;
  }

  @ParameterizedTest(name = "file: {0} = {1}")
  @MethodSource("invalidValues")
  void invalidValueInConfigFileNamesItsFullKeyOnOneLine(String key, String hocon, String raw, String job)
      throws IOException {
    String base = job.equals("urls") ? LISTED_FILE : FLAGS_FILE;
    SettingsException e = rejectedFile(base + "\nfetchpipe." + key + " = " + hocon + "\n");
    assertNamesKeyOnOneLine("fetchpipe." + key, e);
  }

  @ParameterizedTest(name = "--set {0}={2}")
  @MethodSource("invalidValues")
  void invalidValueInSetNamesItsFullKeyOnOneLine(String key, String hocon, String raw, String job) {
    List<String> sets = new ArrayList<>(job.equals("urls") ? LISTED_SETS : FLAGS_SETS);
    sets.add(key + "=" + raw);
    assertNamesKeyOnOneLine("fetchpipe." + key, rejectedSets(sets));
  }

  @Test
  void invalidMaxInFlightFromShortcutNamesItsFullKey() {
    SettingsException e = assertThrows(SettingsException.class, () -> FetchpipeSettings.from(ConfigLayers.merge(
        null, Map.of("fetchpipe.fetch.max-in-flight", "lots"), LISTED_SETS)));
    assertNamesKeyOnOneLine("fetchpipe.fetch.max-in-flight", e);
  }

  /** A value with a line break in it must not break the one-line message. */
  static Stream<Arguments> valuesWithLineBreaks() {
    return Stream.of(
        Arguments.of("progress.style", "\"fan\\ncy\"", "urls"),
        Arguments.of("job.codes", "[\"C\\nN\"]", "flags"),
        Arguments.of("job.base-url", "\"ftp://x\\ny\"", "flags"),
        Arguments.of("fetch.max-in-flight", "\"1\\n2\"", "urls"),
        Arguments.of("fetch.request-timeout", "\"1s\\r\\n2s\"", "urls"));
  }

  @ParameterizedTest(name = "file: {0} = {1}")
  @MethodSource("valuesWithLineBreaks")
  void invalidValueWithLineBreakStillGivesOneLineMessage(String key, String hocon, String job) throws IOException {
    String base = job.equals("urls") ? LISTED_FILE : FLAGS_FILE;
    SettingsException e = rejectedFile(base + "\nfetchpipe." + key + " = " + hocon + "\n");
    assertNamesKeyOnOneLine("fetchpipe." + key, e);
  }

  @Test
  void setValueWithLineBreakStillGivesOneLineMessage() {
    List<String> sets = new ArrayList<>(LISTED_SETS);
    sets.add("progress.style=fan\ncy");
    SettingsException e = rejectedSets(sets);
    assertNamesKeyOnOneLine("fetchpipe.progress.style", e);
    assertTrue(e.getMessage().contains("fan\\ncy"), () -> "the value is shown with its line break escaped: " + e.getMessage());
  }

  @Test
  void setKeyWithLineBreakStillGivesOneLineMessage() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(null, Map.of(), List.of("fetch.max\nin-flight=3")));
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), () -> "not one line: " + e.getMessage());
  }

  // ---- valid values are read as given ----

  @Test
  void validValuesAreReadIntoTheSettings() {
    FetchpipeSettings s = fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=3",
        "fetch.request-timeout=1500ms", "writer.fsync=on", "progress.style=PLAIN", "origin.error-rate=0.25",
        "origin.port=0", "blocking-io-dispatcher.thread-pool-executor.fixed-pool-size=2", "job.output-dir=out");
    assertEquals(3, s.fetch().maxInFlight());
    assertEquals(Duration.ofMillis(1500), s.fetch().requestTimeout());
    assertTrue(s.writer().fsync());
    assertEquals(2, s.writer().poolSize());
    assertEquals(FetchpipeSettings.BLOCKING_IO_DISPATCHER, s.writer().dispatcher());
    assertEquals(ProgressSettings.Style.PLAIN, s.progress().style());
    assertEquals(0.25, s.origin().errorRate());
    assertEquals(0, s.origin().port());
    assertEquals(Path.of("out"), s.job().outputDir());
  }

  // ---- the URL source: exactly one of urls, url-file, base-url + codes ----

  @Test
  void noUrlSourceIsRejectedNamingTheJob() {
    SettingsException e = rejectedSets(List.of());
    assertNamesKeyOnOneLine("fetchpipe.job", e);
  }

  @Test
  void urlsAndUrlFileTogetherAreRejectedNamingTheJob() {
    SettingsException e = rejectedSets(List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "job.url-file=urls.txt"));
    assertNamesKeyOnOneLine("fetchpipe.job", e);
  }

  @Test
  void urlsAndFlagsTogetherAreRejectedNamingTheJob() {
    SettingsException e = rejectedSets(List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]",
        "job.base-url=http://127.0.0.1:1/flags", "job.codes=[CN]"));
    assertNamesKeyOnOneLine("fetchpipe.job", e);
  }

  @Test
  void urlFileAndFlagsTogetherAreRejectedNamingTheJob() {
    SettingsException e = rejectedSets(List.of("job.url-file=urls.txt", "job.base-url=embedded"));
    assertNamesKeyOnOneLine("fetchpipe.job", e);
  }

  @Test
  void baseUrlWithoutCodesNamesCodes() {
    SettingsException e = rejectedSets(List.of("job.base-url=http://127.0.0.1:1/flags"));
    assertNamesKeyOnOneLine("fetchpipe.job.codes", e);
  }

  @Test
  void codesWithoutBaseUrlNamesBaseUrl() {
    SettingsException e = rejectedSets(List.of("job.codes=[CN, US]"));
    assertNamesKeyOnOneLine("fetchpipe.job.base-url", e);
  }

  @Test
  void urlsListGivesListedSource() {
    assertEquals(new UrlSource.Listed(List.of("http://127.0.0.1:1/a.gif")),
        fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]").job().source());
  }

  @Test
  void urlFileGivesFromFileSource() {
    assertEquals(new UrlSource.FromFile(Path.of("urls.txt")), fromSets("job.url-file= urls.txt ").job().source());
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "EMBEDDED", "Embedded", " embedded "})
  void embeddedInAnyCaseGivesEmbeddedFlags(String baseUrl) {
    UrlSource source = fromSets("job.base-url=" + baseUrl, "job.codes=[CN, US]").job().source();
    UrlSource.Flags flags = assertInstanceOfFlags(source);
    assertTrue(flags.embedded());
    assertNull(flags.baseUrl());
    assertEquals(List.of("CN", "US"), flags.codes());
  }

  @Test
  void realBaseUrlIsNotEmbedded() {
    UrlSource.Flags flags = assertInstanceOfFlags(
        fromSets("job.base-url=http://127.0.0.1:8000/flags", "job.codes=[CN]").job().source());
    assertFalse(flags.embedded());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8000/flags/", "http://127.0.0.1:8000/flags///", "http://127.0.0.1:8000/flags"})
  void trailingSlashesOfBaseUrlAreTrimmed(String baseUrl) {
    UrlSource.Flags flags = assertInstanceOfFlags(fromSets("job.base-url=" + baseUrl, "job.codes=[CN]").job().source());
    assertEquals("http://127.0.0.1:8000/flags", flags.baseUrl());
  }

  @Test
  void httpsBaseUrlIsAccepted() {
    UrlSource.Flags flags = assertInstanceOfFlags(
        fromSets("job.base-url=HTTPS://example.com/flags/", "job.codes=[cn]").job().source());
    assertEquals("HTTPS://example.com/flags", flags.baseUrl());
  }

  private static UrlSource.Flags assertInstanceOfFlags(UrlSource source) {
    assertTrue(source instanceof UrlSource.Flags, String.valueOf(source));
    return (UrlSource.Flags) source;
  }

  // ---- Pekko HTTP's client fits the fetch settings ----

  @Test
  void aCeilingBoundsResizesAndJobsThatDifferOnlyInLimitsGetEqualPoolSettings() {
    FetchpipeSettings small = FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(),
        List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=5", "fetch.max-per-host=2")), 200);
    FetchpipeSettings large = FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(),
        List.of("job.urls=[\"http://127.0.0.1:1/b.gif\"]", "fetch.max-in-flight=150")), 200);
    assertEquals(200, small.maxInFlightCeiling());
    assertEquals(5, small.fetch().maxInFlight());
    assertEquals(ConnectionPoolSettings.create(small.config()), ConnectionPoolSettings.create(large.config()),
        "equal pool settings: Pekko HTTP reuses its pools for the next job");
    assertEquals(20, fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]").maxInFlightCeiling(), "run's: its own max-in-flight");
  }

  @Test
  void aMaxInFlightAboveTheCeilingIsRefused() {
    SettingsException e = assertThrows(SettingsException.class, () -> FetchpipeSettings.from(ConfigLayers.merge(null,
        Map.of(), List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=300")), 200));
    assertEquals("fetchpipe.fetch.max-in-flight: must be at most 200 (daemon.max-in-flight-limit), got 300", e.getMessage());
  }

  @Test
  void faultHandlingKeysAreReadAndTheTimeoutsReachPekkoHttp() {
    FetchpipeSettings settings = fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=50",
        "fetch.max-per-host=8", "fetch.connect-timeout=3s", "fetch.response-timeout=7s", "fetch.idle-timeout=9s",
        "fetch.max-body-size=2MiB", "fetch.retry.max-attempts=6", "fetch.retry.min-backoff=50ms",
        "fetch.retry.max-backoff=2s", "fetch.retry.random-factor=0", "fetch.retry.max-retry-after=5s",
        "writer.stream-above=1k", "job.resume=off");
    FetchSettings fetch = settings.fetch();
    assertEquals(8, fetch.maxPerHost());
    assertEquals(2 * 1024 * 1024, fetch.maxBodySize());
    assertEquals(new RetrySettings(6, Duration.ofMillis(50), Duration.ofSeconds(2), 0.0, Duration.ofSeconds(5)), fetch.retry());
    assertEquals(1024, settings.writer().streamAbove());
    assertFalse(settings.job().resume());
    Config config = settings.config();
    assertEquals(Duration.ofSeconds(3), config.getDuration("pekko.http.client.connecting-timeout"));
    assertEquals(Duration.ofSeconds(10), config.getDuration("pekko.http.client.idle-timeout"),
        "Pekko's idle timeout backs up the slower of fetchpipe's response and idle timeouts");
  }

  @Test
  void maxPerHostOffOrAboveMaxInFlightIsMaxInFlight() {
    assertEquals(30, fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=30").fetch().maxPerHost());
    assertEquals(30, fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=30", "fetch.max-per-host=99")
        .fetch().maxPerHost());
  }

  @Test
  void aBodyIsAtMostFourGibibytesUnlessSaidOtherwiseAndOffMeansNoLimit() {
    assertEquals(4L * 1024 * 1024 * 1024, fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]").fetch().maxBodySize());
    assertEquals(FetchSettings.UNLIMITED,
        fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-body-size=off").fetch().maxBodySize());
  }

  @Test
  void settingsConfigKeepsTheMergedValues() {
    Config config = fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.max-in-flight=7").config();
    assertEquals(7, config.getInt("fetchpipe.fetch.max-in-flight"));
    assertEquals(FetchpipeSettings.RESIZABLE_EXECUTOR, config.getString(FetchpipeSettings.BLOCKING_IO_DISPATCHER + ".executor"));
  }

  @Test
  void localAddressGoesIntoTheJobsConnectionSettings() {
    FetchpipeSettings s = fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.local-address=127.0.0.2");
    assertEquals("127.0.0.2", s.fetch().localAddress().orElseThrow().getHostAddress());
    InetSocketAddress local = s.connectionPool().getConnectionSettings().getLocalAddress().orElseThrow();
    assertEquals("127.0.0.2", local.getAddress().getHostAddress());
    assertEquals(0, local.getPort(), "any local port: the pool opens many connections");
  }

  @Test
  void noLocalAddressLeavesTheChoiceToTheSystem() {
    FetchpipeSettings s = fromSets("job.urls=[\"http://127.0.0.1:1/a.gif\"]");
    assertTrue(s.fetch().localAddress().isEmpty());
    assertTrue(s.connectionPool().getConnectionSettings().getLocalAddress().isEmpty());
  }

  @Test
  void badLocalAddressSaysWhatIsWrong() {
    SettingsException e = rejectedSets(List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]", "fetch.local-address=192.0.2.1"));
    assertTrue(e.getMessage().contains("not an address of this machine"), e.getMessage());
  }

  // ---- the origin alone ----

  @Test
  void ratePerClientIsReadInBytesPerSecondAndOffByDefault() {
    assertEquals(OriginSettings.UNLIMITED,
        FetchpipeSettings.originFrom(ConfigLayers.merge(null, Map.of(), List.of())).ratePerClient());
    assertEquals(2L * 1024 * 1024, FetchpipeSettings.originFrom(
        ConfigLayers.merge(null, Map.of(), List.of("origin.rate-per-client=2MiB/s"))).ratePerClient());
    assertEquals(500_000, FetchpipeSettings.originFrom(
        ConfigLayers.merge(null, Map.of(), List.of("origin.rate-per-client=500000/s"))).ratePerClient());
  }

  @Test
  void badRatePerClientFailsTheOriginAlone() {
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("origin.rate-per-client=2MiB"));
    SettingsException e = assertThrows(SettingsException.class, () -> FetchpipeSettings.originFrom(merged));
    assertNamesKeyOnOneLine("fetchpipe.origin.rate-per-client", e);
    assertTrue(e.getMessage().contains("2MiB/s"), () -> "says what a rate looks like: " + e.getMessage());
  }

  @Test
  void originFromWorksWithNoJobConfigured() {
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("origin.port=0", "origin.delay=250ms"));
    assertThrows(SettingsException.class, () -> FetchpipeSettings.from(merged), "from() needs a job");
    OriginSettings origin = FetchpipeSettings.originFrom(merged);
    assertEquals("127.0.0.1", origin.host());
    assertEquals(0, origin.port());
    assertEquals(Duration.ofMillis(250), origin.delay());
    assertEquals(0.0, origin.errorRate());
  }

  @Test
  void originFromStillValidatesTheOrigin() {
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("origin.port=70000"));
    SettingsException e = assertThrows(SettingsException.class, () -> FetchpipeSettings.originFrom(merged));
    assertNamesKeyOnOneLine("fetchpipe.origin.port", e);
  }

  @Test
  void thePerHostPaceIsOffByDefaultAndReadAsGiven() {
    FetchSettings off = fromSets("job.urls=[\"http://h/a\"]").fetch();
    assertEquals(java.time.Duration.ZERO, off.perHostDelay());
    assertEquals(0, off.perHostRate());
    FetchSettings paced = fromSets("job.urls=[\"http://h/a\"]", "fetch.per-host-delay=500ms", "fetch.per-host-rate=0.5")
        .fetch();
    assertEquals(java.time.Duration.ofMillis(500), paced.perHostDelay());
    assertEquals(0.5, paced.perHostRate());
  }

  @Test
  void aBadPerHostPaceIsOneLineNamingItsKey() {
    String delay = "fetchpipe.fetch.per-host-delay";
    String rate = "fetchpipe.fetch.per-host-rate";
    SettingsException negative = rejectedSets(List.of("job.urls=[\"http://h/a\"]", "fetch.per-host-rate=-1"));
    assertNamesKeyOnOneLine(rate, negative);
    assertTrue(negative.getMessage().contains("must be from 0.0 to 100000.0, got -1.0"), negative.getMessage());
    assertNamesKeyOnOneLine(rate, rejectedSets(List.of("job.urls=[\"http://h/a\"]", "fetch.per-host-rate=fast")));
    assertEquals(0, fromSets("job.urls=[\"http://h/a\"]", "fetch.per-host-rate=0").fetch().perHostRate(), "0 is off");
    assertNamesKeyOnOneLine(delay, rejectedSets(List.of("job.urls=[\"http://h/a\"]", "fetch.per-host-delay=-1s")));
    SettingsException bare = rejectedSets(List.of("job.urls=[\"http://h/a\"]", "fetch.per-host-delay=500"));
    assertNamesKeyOnOneLine(delay, bare);
    assertTrue(bare.getMessage().contains("needs a unit"), bare.getMessage());
    SettingsException long_ = rejectedSets(List.of("job.urls=[\"http://h/a\"]", "fetch.per-host-delay=2h"));
    assertNamesKeyOnOneLine(delay, long_);
    assertTrue(long_.getMessage().contains("must be at most 1h, got 2 h"), long_.getMessage());
    assertEquals(java.time.Duration.ofHours(1),
        fromSets("job.urls=[\"http://h/a\"]", "fetch.per-host-delay=1h").fetch().perHostDelay(), "as a resize takes it");
  }

  @Test
  void robotsIsIgnoreOrObeyAndAnythingElseIsOneLineNamingItsKey() {
    assertFalse(fromSets("job.urls=[\"http://h/a\"]").fetch().obeyRobots(), "ignored unless asked");
    assertTrue(fromSets("job.urls=[\"http://h/a\"]", "fetch.robots=obey").fetch().obeyRobots());
    assertFalse(fromSets("job.urls=[\"http://h/a\"]", "fetch.robots=ignore").fetch().obeyRobots());
    SettingsException maybe = rejectedSets(List.of("job.urls=[\"http://h/a\"]", "fetch.robots=\"Obey\\nplease\""));
    assertNamesKeyOnOneLine("fetchpipe.fetch.robots", maybe);
    assertTrue(maybe.getMessage().contains("must be ignore or obey"), maybe.getMessage());
  }
}
