package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fetch.headers, fetch.host-headers and fetch.decode as read from a config file and --set, and every bad header refused
 * in one line naming its key, never showing the value (it may be a secret).
 */
class RequestSettingsTest {
  private static final String URLS = "job.urls=[\"http://127.0.0.1:1/a\"]";

  @TempDir
  Path dir;

  private static RequestSettings fromSets(String... sets) {
    List<String> all = new java.util.ArrayList<>(List.of(sets));
    all.add(URLS);
    return FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(), all)).fetch().request();
  }

  @Test
  void defaultsSendNoHeadersOfTheirOwnAndDecode() {
    RequestSettings request = fromSets();
    assertEquals(List.of(), request.headers());
    assertEquals(Map.of(), request.hostHeaders());
    assertTrue(request.decode());
  }

  @Test
  void aConfigFileGivesHeadersHostHeadersAndSecretsFromTheEnvironment() throws Exception {
    Path file = dir.resolve("web.conf");
    Files.writeString(file, """
        fetchpipe.job.urls = ["http://127.0.0.1:1/a"]
        fetchpipe.fetch.headers { Accept = "application/json", User-Agent = "crawler/1" }
        fetchpipe.fetch.host-headers { "API.example.com" { Authorization = "Bearer "${?HOME} } }
        fetchpipe.fetch.decode = off
        """);
    RequestSettings request = FetchpipeSettings.from(ConfigLayers.merge(file, Map.of(), List.of())).fetch().request();
    assertEquals(List.of(new RequestSettings.Header("Accept", "application/json"),
        new RequestSettings.Header("User-Agent", "crawler/1")), request.headers());
    assertEquals(List.of(new RequestSettings.Header("Authorization", "Bearer " + System.getenv("HOME"))),
        request.hostHeaders().get("api.example.com"), "host names are kept in lower case");
    assertFalse(request.decode());
    assertFalse(request.toString().contains(System.getenv("HOME")), "a value is never shown: " + request);
  }

  @Test
  void setMergesHeadersOverTheFilesAndShortcutsAddThem() {
    Map<String, Object> shortcuts = Map.of("fetchpipe.fetch.headers", Map.of("X-From", "option"));
    RequestSettings request = FetchpipeSettings.from(ConfigLayers.merge(null, shortcuts,
        List.of(URLS, "fetch.headers={X-Set=\"set\"}"))).fetch().request();
    assertEquals(2, request.headers().size(), request.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "fetch.headers={Host=\"evil.example\"}",
      "fetch.headers={Content-Length=\"0\"}",
      "fetch.headers={transfer-encoding=\"chunked\"}",
      "fetch.headers={Connection=\"close\"}",
      "fetch.headers={Raw-Request-URI=\"/other\"}",
      "fetch.headers={Accept-Encoding=\"br\"}",
      "fetch.headers={\"Bad Name\"=\"s3cret-value\"}",
      "fetch.headers={\"X-A\"=\"s3cret-value\\r\\nX-Smuggled: 1\"}",
      "fetch.headers={\"X-A\"=\"s3cret-value\\n\"}",
      "fetch.headers={X-A={nested=s3cret-value}}",
      "fetch.headers={X-A=s3cret-value, x-a=s3cret-value}",
      "fetch.headers=s3cret-value",
      "fetch.host-headers={\"http://api.example.com/\"={X-A=s3cret-value}}",
      "fetch.host-headers={\"api.example.com\"=s3cret-value}",
      "fetch.host-headers={\"api.example.com\"={Host=s3cret-value}}",
  })
  void aBadHeaderIsOneLineNamingItsKeyWithoutItsValue(String set) {
    SettingsException e = assertThrows(SettingsException.class, () -> fromSets(set), set);
    assertTrue(e.getMessage().startsWith("fetchpipe.fetch."), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), "the value is not shown: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }

  @Test
  void aHeaderLineIsNameColonValue() {
    assertEquals(new RequestSettings.Header("X-A", "b: c"), RequestSettings.headerLine("X-A:  b: c "));
    assertEquals(new RequestSettings.Header("User-Agent", ""), RequestSettings.headerLine("User-Agent:"));
    SettingsException none = assertThrows(SettingsException.class, () -> RequestSettings.headerLine("no colon"));
    assertTrue(none.getMessage().startsWith("--header: expected 'Name: value'"), none.getMessage());
    SettingsException owned = assertThrows(SettingsException.class, () -> RequestSettings.headerLine("Host: x"));
    assertEquals("--header Host: Host is written by the HTTP layer itself and cannot be set", owned.getMessage());
  }
}
