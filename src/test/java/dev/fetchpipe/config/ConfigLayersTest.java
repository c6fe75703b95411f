package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers of configuration and their order: reference.conf, then the config file, then shortcuts, then --set. */
class ConfigLayersTest {
  private static final String URLS = "fetchpipe.job.urls = [\"http://127.0.0.1:1/a.gif\"]\n";

  @TempDir
  Path dir;

  private Path configFile(String hocon) throws IOException {
    Path file = dir.resolve("application.conf");
    Files.writeString(file, hocon);
    return file;
  }

  private static FetchpipeSettings settings(Path file, Map<String, Object> shortcuts, List<String> sets) {
    return FetchpipeSettings.from(ConfigLayers.merge(file, shortcuts, sets));
  }

  private static void assertOneLineNaming(String key, SettingsException e) {
    assertTrue(e.getMessage().contains(key), () -> "message should name " + key + ": " + e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), () -> "not one line: " + e.getMessage());
  }

  // ---- precedence ----

  @Test
  void referenceGivesTheDefaultsWhenNothingElseIsSet() throws IOException {
    FetchpipeSettings s = settings(configFile(URLS), Map.of(), List.of());
    assertEquals(20, s.fetch().maxInFlight());
    assertEquals(Path.of("downloads"), s.job().outputDir());
    assertEquals(Duration.ofSeconds(60), s.fetch().requestTimeout());
  }

  @Test
  void configFileBeatsReference() throws IOException {
    Path file = configFile(URLS
        + "fetchpipe.fetch.max-in-flight = 7\n"
        + "fetchpipe.job.output-dir = \"from-file\"\n");
    FetchpipeSettings s = settings(file, Map.of(), List.of());
    assertEquals(7, s.fetch().maxInFlight());
    assertEquals(Path.of("from-file"), s.job().outputDir());
  }

  @Test
  void shortcutBeatsConfigFileWhichBeatsReference() throws IOException {
    Path file = configFile(URLS
        + "fetchpipe.fetch.max-in-flight = 7\n"
        + "fetchpipe.job.output-dir = \"from-file\"\n");
    Map<String, Object> shortcuts = Map.of(
        "fetchpipe.fetch.max-in-flight", "8",
        "fetchpipe.job.output-dir", "from-shortcut");
    FetchpipeSettings s = settings(file, shortcuts, List.of());
    assertEquals(8, s.fetch().maxInFlight());
    assertEquals(Path.of("from-shortcut"), s.job().outputDir());
  }

  @Test
  void setBeatsShortcutWhichBeatsConfigFile() throws IOException {
    Path file = configFile(URLS
        + "fetchpipe.fetch.max-in-flight = 7\n"
        + "fetchpipe.job.output-dir = \"from-file\"\n");
    Map<String, Object> shortcuts = Map.of(
        "fetchpipe.fetch.max-in-flight", "8",
        "fetchpipe.job.output-dir", "from-shortcut");
    FetchpipeSettings s = settings(file, shortcuts, List.of("fetch.max-in-flight=9", "job.output-dir=from-set"));
    assertEquals(9, s.fetch().maxInFlight());
    assertEquals(Path.of("from-set"), s.job().outputDir());
  }

  @Test
  void setBeatsConfigFileWhichBeatsReference() throws IOException {
    Path file = configFile(URLS + "fetchpipe.fetch.max-in-flight = 7\n");
    FetchpipeSettings s = settings(file, Map.of(), List.of("job.output-dir=from-set"));
    assertEquals(7, s.fetch().maxInFlight(), "the file's value is kept where --set says nothing");
    assertEquals(Path.of("from-set"), s.job().outputDir());
  }

  @Test
  void keyOnlyReferenceSetsKeepsItsReferenceValueUnderEveryLayer() throws IOException {
    Path file = configFile(URLS + "fetchpipe.fetch.max-in-flight = 7\n");
    FetchpipeSettings s = settings(file, Map.of("fetchpipe.fetch.max-in-flight", "8"), List.of("fetch.max-in-flight=9"));
    assertEquals(Duration.ofSeconds(60), s.fetch().requestTimeout());
    assertEquals(5, s.fetch().maxRedirects());
  }

  @Test
  void shortcutsAloneBeatReference() {
    FetchpipeSettings s = settings(null,
        Map.of("fetchpipe.job.urls", List.of("http://127.0.0.1:1/a.gif"), "fetchpipe.fetch.max-in-flight", "3"),
        List.of());
    assertEquals(3, s.fetch().maxInFlight());
    assertEquals(new UrlSource.Listed(List.of("http://127.0.0.1:1/a.gif")), s.job().source());
  }

  @Test
  void laterSetOfTheSameKeyWins() throws IOException {
    FetchpipeSettings s = settings(configFile(URLS), Map.of(),
        List.of("fetch.max-in-flight=5", "fetch.max-in-flight=6", "fetchpipe.fetch.max-in-flight=11"));
    assertEquals(11, s.fetch().maxInFlight());
    FetchpipeSettings t = settings(configFile(URLS), Map.of(),
        List.of("fetchpipe.fetch.max-in-flight=11", "fetch.max-in-flight=6"));
    assertEquals(6, t.fetch().maxInFlight());
  }

  // ---- --set parsing ----

  @Test
  void setKeyWorksWithoutTheFetchpipePrefix() throws IOException {
    assertEquals(33, settings(configFile(URLS), Map.of(), List.of("fetch.max-in-flight=33")).fetch().maxInFlight());
  }

  @Test
  void setKeyWorksWithTheFetchpipePrefix() throws IOException {
    assertEquals(34, settings(configFile(URLS), Map.of(), List.of("fetchpipe.fetch.max-in-flight=34")).fetch().maxInFlight());
  }

  @Test
  void setTrimsSpaceAroundKeyAndValue() throws IOException {
    assertEquals(35, settings(configFile(URLS), Map.of(), List.of(" fetch.max-in-flight = 35 ")).fetch().maxInFlight());
  }

  @Test
  void setUrlValueKeepsItsDoubleSlashInsteadOfStartingAComment() {
    Config merged = ConfigLayers.merge(null, Map.of(),
        List.of("job.base-url=http://127.0.0.1:8000/flags", "job.codes=[CN]"));
    assertEquals("http://127.0.0.1:8000/flags", merged.getString("fetchpipe.job.base-url"));
    UrlSource source = FetchpipeSettings.from(merged).job().source();
    assertEquals(new UrlSource.Flags("http://127.0.0.1:8000/flags", List.of("CN")), source);
  }

  @Test
  void setListValueParses() {
    Config merged = ConfigLayers.merge(null, Map.of(),
        List.of("job.base-url=http://127.0.0.1:8000/flags", "job.codes=[CN, US]"));
    assertEquals(List.of("CN", "US"), merged.getStringList("fetchpipe.job.codes"));
    assertEquals(List.of("CN", "US"), ((UrlSource.Flags) FetchpipeSettings.from(merged).job().source()).codes());
  }

  @Test
  void setListOfQuotedUrlsParses() {
    Config merged = ConfigLayers.merge(null, Map.of(),
        List.of("job.urls=[\"http://127.0.0.1:1/a.gif\", \"http://127.0.0.1:1/b.gif\"]"));
    assertEquals(new UrlSource.Listed(List.of("http://127.0.0.1:1/a.gif", "http://127.0.0.1:1/b.gif")),
        FetchpipeSettings.from(merged).job().source());
  }

  @Test
  void setPekkoKeyPassesThroughToPekkoUnprefixed() {
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("pekko.loglevel=ERROR"));
    assertEquals("ERROR", merged.getString("pekko.loglevel"));
    assertFalse(merged.hasPath("fetchpipe.pekko"));
  }

  // ---- errors the layers themselves report ----

  @Test
  void unknownKeyInSetIsRejectedNamingTheKey() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(null, Map.of(), List.of("fetch.max-inflight=3")));
    assertEquals("fetchpipe.fetch.max-inflight", e.key());
    assertOneLineNaming("fetchpipe.fetch.max-inflight", e);
  }

  @Test
  void unknownKeyInConfigFileIsRejectedNamingTheKey() throws IOException {
    Path file = configFile(URLS + "fetchpipe {\n  fetch {\n    max-inflight = 3\n  }\n}\n");
    SettingsException e = assertThrows(SettingsException.class, () -> ConfigLayers.merge(file, Map.of(), List.of()));
    assertEquals("fetchpipe.fetch.max-inflight", e.key());
    assertOneLineNaming("fetchpipe.fetch.max-inflight", e);
  }

  @Test
  void unknownTopLevelSectionUnderFetchpipeIsRejected() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(null, Map.of(), List.of("jobs.urls=[\"http://h/x\"]")));
    assertEquals("fetchpipe.jobs.urls", e.key());
    assertOneLineNaming("fetchpipe.jobs.urls", e);
  }

  @Test
  void setWithoutEqualsSignIsRejectedNamingTheSetArgument() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(null, Map.of(), List.of("fetch.max-in-flight")));
    assertTrue(e.key().startsWith("--set"), e.key());
    assertTrue(e.key().contains("fetch.max-in-flight"), e.key());
    assertOneLineNaming("--set", e);
  }

  @Test
  void setWithEmptyKeyIsRejectedNamingTheSetArgument() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(null, Map.of(), List.of("=5")));
    assertTrue(e.key().startsWith("--set"), e.key());
    assertOneLineNaming("--set", e);
  }

  @Test
  void setWithBrokenListIsRejectedOnOneLine() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(null, Map.of(), List.of("job.codes=[CN,")));
    assertTrue(e.key().startsWith("--set"), e.key());
    assertOneLineNaming("--set", e);
  }

  @Test
  void missingConfigFileIsRejectedAsConfigOption() {
    Path missing = dir.resolve("nope.conf");
    SettingsException e = assertThrows(SettingsException.class, () -> ConfigLayers.merge(missing, Map.of(), List.of()));
    assertEquals("--config", e.key());
    assertOneLineNaming("--config", e);
    assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
  }

  @Test
  void directoryAsConfigFileIsRejectedAsConfigOption() {
    SettingsException e = assertThrows(SettingsException.class, () -> ConfigLayers.merge(dir, Map.of(), List.of()));
    assertEquals("--config", e.key());
  }

  @Test
  void configFileWithHoconSyntaxErrorIsRejectedOnOneLine() throws IOException {
    Path file = configFile("fetchpipe {\n  fetch {\n    max-in-flight = 3\n\n# the closing braces are missing\n");
    SettingsException e = assertThrows(SettingsException.class, () -> ConfigLayers.merge(file, Map.of(), List.of()));
    assertOneLineNaming(e.key(), e);
    assertTrue(e.getMessage().contains("application.conf"), e.getMessage());
  }

  @Test
  void configFileWithUnresolvableSubstitutionIsRejectedOnOneLine() throws IOException {
    Path file = configFile(URLS + "fetchpipe.job.output-dir = ${no.such.key}\n");
    SettingsException e = assertThrows(SettingsException.class, () -> ConfigLayers.merge(file, Map.of(), List.of()));
    assertOneLineNaming(e.key(), e);
    assertTrue(e.getMessage().contains("no.such.key"), e.getMessage());
  }

  @Test
  void everyKeyInReferenceIsAcceptedWithoutUnknownKeyComplaint() {
    // Setting every fetchpipe key reference.conf has (to its own value) must never trip the unknown-key check.
    Config reference = com.typesafe.config.ConfigFactory.defaultReference().getConfig("fetchpipe");
    List<String> sets = reference.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue().render(com.typesafe.config.ConfigRenderOptions.concise()))
        .toList();
    Config merged = ConfigLayers.merge(null, Map.of(), sets);
    assertTrue(merged.hasPath("fetchpipe.fetch.max-in-flight"));
  }

  // ---- the URL source: a higher layer's replaces a lower one's ----

  private static final String FLAGS = "fetchpipe.job { base-url = embedded, codes = [CN, US] }\n";

  @Test
  void setJobUrlsReplacesTheFilesFlags() throws IOException {
    FetchpipeSettings s = settings(configFile(FLAGS), Map.of(), List.of("job.urls=[\"http://127.0.0.1:8001/uuid\"]"));
    assertEquals(new UrlSource.Listed(List.of("http://127.0.0.1:8001/uuid")), s.job().source());
  }

  @Test
  void setJobUrlFileReplacesTheFilesUrls() throws IOException {
    FetchpipeSettings s = settings(configFile(URLS), Map.of(), List.of("job.url-file=urls.txt"));
    assertEquals(new UrlSource.FromFile(Path.of("urls.txt")), s.job().source());
  }

  @Test
  void urlsShortcutReplacesTheFilesFlags() throws IOException {
    Map<String, Object> urlsOption = Map.of("fetchpipe.job.url-file", "list.txt");
    assertEquals(new UrlSource.FromFile(Path.of("list.txt")), settings(configFile(FLAGS), urlsOption, List.of()).job().source());
  }

  @Test
  void twoSourcesOnTheCommandLineAreAnErrorNamingBothAsTyped() throws IOException {
    Path file = configFile(FLAGS);
    Map<String, Object> urlsOption = Map.of("fetchpipe.job.url-file", "one.txt");
    SettingsException codes = assertThrows(SettingsException.class,
        () -> settings(file, urlsOption, List.of("job.codes=[CN]")));
    assertEquals("fetchpipe.job: two URL sources on the command line: --urls and --set job.codes; give one",
        codes.getMessage());
    SettingsException urls = assertThrows(SettingsException.class,
        () -> settings(file, urlsOption, List.of("job.urls=[\"http://127.0.0.1:1/x\"]")));
    assertOneLineNaming("--urls and --set job.urls", urls);
    SettingsException arguments = assertThrows(SettingsException.class, () -> settings(null,
        Map.of("fetchpipe.job.url-file", "one.txt", "fetchpipe.job.urls", List.of("http://h/a")), List.of()));
    assertOneLineNaming("--urls and the URL arguments", arguments);
    SettingsException flagsAndFile = assertThrows(SettingsException.class,
        () -> ConfigLayers.ownUrls(Map.of(), List.of("job.base-url=http://h/flags", "job.codes=[CN]", "job.url-file=u.txt")));
    assertOneLineNaming("--set job.url-file and --set job.base-url with job.codes", flagsAndFile);
  }

  @Test
  void aCommandLineGivesUrlsOfItsOwnWithAListAFileOrABaseUrlButNotWithCodesAlone() {
    assertFalse(ConfigLayers.ownUrls(Map.of(), List.of()));
    assertFalse(ConfigLayers.ownUrls(Map.of("fetchpipe.fetch.max-in-flight", "3"), List.of("origin.delay=1s")));
    assertFalse(ConfigLayers.ownUrls(Map.of(), List.of("job.codes=[CN]")), "the demo's base URL, other flags");
    assertFalse(ConfigLayers.ownUrls(Map.of(), List.of("job.urls=[]")), "an empty list gives nothing");
    assertTrue(ConfigLayers.ownUrls(Map.of("fetchpipe.job.url-file", "u.txt"), List.of()));
    assertTrue(ConfigLayers.ownUrls(Map.of("fetchpipe.job.urls", List.of("http://h/a")), List.of()));
    assertTrue(ConfigLayers.ownUrls(Map.of(), List.of("job.urls=[\"http://h/a\"]")));
    assertTrue(ConfigLayers.ownUrls(Map.of(), List.of("fetchpipe.job.url-file=u.txt")));
    assertTrue(ConfigLayers.ownUrls(Map.of(), List.of("job.base-url=http://h/flags", "job.codes=[CN]")));
  }

  @Test
  void codesOnTheCommandLineStillGoWithTheFilesBaseUrl() throws IOException {
    FetchpipeSettings s = settings(configFile(FLAGS), Map.of(), List.of("job.codes=[BR]"));
    assertEquals(new UrlSource.Flags(null, List.of("BR")), s.job().source());
  }

  @Test
  void twoSourcesInOneLayerAreAnErrorNamingBoth() throws IOException {
    SettingsException inFile = assertThrows(SettingsException.class,
        () -> settings(configFile(URLS + "fetchpipe.job.url-file = \"u.txt\"\n"), Map.of(), List.of()));
    assertOneLineNaming("urls and url-file", inFile);
    assertTrue(inFile.getMessage().contains("application.conf"), inFile.getMessage());
    SettingsException inSets = assertThrows(SettingsException.class,
        () -> settings(configFile(FLAGS), Map.of(), List.of("job.urls=[\"http://127.0.0.1:1/x\"]", "job.url-file=u.txt")));
    assertOneLineNaming("--set job.urls and --set job.url-file", inSets);
    assertTrue(inSets.getMessage().contains("--set"), inSets.getMessage());
  }

  // ---- pekko. values are checked as Pekko would, before anything starts ----

  @Test
  void aLogLevelPekkoRejectsIsOneLineNamingTheKey() throws IOException {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ConfigLayers.merge(configFile(URLS), Map.of(), List.of("pekko.loglevel=DEBUGX")));
    assertOneLineNaming("pekko.loglevel", e);
    assertTrue(e.getMessage().contains("DEBUGX"), e.getMessage());
  }

  @Test
  void aPoolValuePekkoRejectsIsOneLineNamingTheKey() throws IOException {
    SettingsException e = assertThrows(SettingsException.class, () -> ConfigLayers.merge(
        configFile(URLS + "pekko.http.host-connection-pool.max-retries = lots\n"), Map.of(), List.of()));
    assertOneLineNaming("max-retries", e);
  }

  @Test
  void goodPekkoValuesPass() throws IOException {
    Config merged = ConfigLayers.merge(configFile(URLS), Map.of(), List.of("pekko.loglevel=INFO", "pekko.http.client.user-agent-header=me"));
    assertEquals("INFO", merged.getString("pekko.loglevel"));
  }

  // ---- codes = all / every: Fluent Python's -a and -e ----

  @Test
  void codesAllIsTheOriginsCountriesAndEveryIsEveryTwoLetterCode() throws IOException {
    UrlSource.Flags all = (UrlSource.Flags) settings(configFile(FLAGS), Map.of(), List.of("job.codes=all")).job().source();
    assertEquals(dev.fetchpipe.config.CountryCodes.all(), all.codes());
    assertEquals(194, all.codes().size());
    UrlSource.Flags every = (UrlSource.Flags) settings(configFile(FLAGS), Map.of(), List.of("job.codes=EVERY")).job().source();
    assertEquals(676, every.codes().size());
    assertEquals(List.of("AA", "AB"), every.codes().subList(0, 2));
    assertEquals("ZZ", every.codes().get(675));
  }

  @Test
  void anotherWordForCodesIsOneLineNamingTheKey() throws IOException {
    SettingsException e = assertThrows(SettingsException.class,
        () -> settings(configFile(FLAGS), Map.of(), List.of("job.codes=most")));
    assertOneLineNaming("fetchpipe.job.codes", e);
    assertTrue(e.getMessage().contains("all or every"), e.getMessage());
  }
}
