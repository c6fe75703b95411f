package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonSettingsTest {
  private static final Map<String, String> ENV = Map.of("HOME", "/home/user");

  private static DaemonSettings settings(Map<String, String> env, String... sets) {
    return DaemonSettings.from(ConfigLayers.merge(null, Map.of(), List.of(sets)), env);
  }

  @Test
  void defaultsListenOnLoopbackWithARandomToken() {
    DaemonSettings settings = settings(ENV);
    assertEquals("127.0.0.1", settings.host());
    assertEquals(8642, settings.port());
    assertNull(settings.token());
    assertEquals(Path.of("/home/user/.local/state/fetchpipe"), settings.stateDir());
  }

  @Test
  void theStateDirComesFromTheKeyThenTheEnvironmentThenHome() {
    assertEquals(Path.of("/srv/fp"), settings(Map.of("HOME", "/h", "FETCHPIPE_STATE_DIR", "/srv/fp")).stateDir());
    assertEquals(Path.of("/opt/state"),
        settings(Map.of("FETCHPIPE_STATE_DIR", "/srv/fp"), "daemon.state-dir=/opt/state").stateDir());
  }

  @Test
  void anotherInterfaceNeedsAToken() {
    SettingsException e = assertThrows(SettingsException.class, () -> settings(ENV, "daemon.host=0.0.0.0"));
    assertTrue(e.getMessage().startsWith("fetchpipe.daemon.host: "), e.getMessage());
    assertTrue(e.getMessage().contains("daemon.token"), e.getMessage());
    DaemonSettings withToken = settings(ENV, "daemon.host=0.0.0.0", "daemon.token=abcdefghijklmnop-1234");
    assertEquals("abcdefghijklmnop-1234", withToken.token());
    settings(ENV, "daemon.host=localhost");
    settings(ENV, "daemon.host=127.0.0.2");
  }

  @Test
  void aShortOrOddTokenIsRefused() {
    SettingsException e = assertThrows(SettingsException.class, () -> settings(ENV, "daemon.token=short"));
    assertEquals("fetchpipe.daemon.token", e.key());
    assertThrows(SettingsException.class, () -> settings(ENV, "daemon.token=has spaces in it, long enough"));
  }

  @Test
  void numbersOutOfRangeNameTheirKey() {
    assertEquals("fetchpipe.daemon.port", assertThrows(SettingsException.class, () -> settings(ENV, "daemon.port=70000")).key());
    assertEquals("fetchpipe.daemon.max-jobs", assertThrows(SettingsException.class, () -> settings(ENV, "daemon.max-jobs=0")).key());
    assertEquals("fetchpipe.daemon.max-body-size",
        assertThrows(SettingsException.class, () -> settings(ENV, "daemon.max-body-size=0")).key());
    assertEquals("fetchpipe.daemon.api-threads",
        assertThrows(SettingsException.class, () -> settings(ENV, "daemon.api-threads=0")).key());
  }

  @Test
  void theApiHasThreadsOfItsOwnMoreThanTheJobs() {
    assertEquals(4, settings(ENV).limits().threads());
    assertEquals(6, settings(ENV, "daemon.api-threads=6").limits().threads());
  }

  @Test
  void allowedRootsAreAbsoluteAndADaemonOthersCanReachIsAlwaysConfined() {
    assertEquals(List.of(), settings(ENV).allowedRoots());
    assertEquals(List.of(Path.of("/srv/a"), Path.of("/srv/b")),
        settings(ENV, "daemon.allowed-roots=[\"/srv/a\", \"/srv/b\"]").allowedRoots());
    SettingsException relative = assertThrows(SettingsException.class, () -> settings(ENV, "daemon.allowed-roots=[downloads]"));
    assertEquals("fetchpipe.daemon.allowed-roots", relative.key());
    assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
    DaemonSettings reachable = settings(ENV, "daemon.host=0.0.0.0", "daemon.token=abcdefghijklmnop-1234",
        "daemon.state-dir=/srv/state");
    assertEquals(List.of(Path.of("/srv/state/files")), reachable.allowedRoots());
    assertEquals(List.of(Path.of("/srv/a")), settings(ENV, "daemon.host=0.0.0.0", "daemon.token=abcdefghijklmnop-1234",
        "daemon.allowed-roots=[\"/srv/a\"]").allowedRoots());
  }

  @Test
  void theApiLimitsAndKeepEndedAreRead() {
    DaemonSettings defaults = settings(ENV);
    assertEquals(256, defaults.limits().maxConnections());
    assertEquals(java.time.Duration.ofSeconds(10), defaults.limits().headerReadTimeout());
    assertEquals(1000, defaults.keepEnded().jobs());
    assertEquals(java.time.Duration.ofDays(30), defaults.keepEnded().age());
    assertEquals("fetchpipe.daemon.max-connections",
        assertThrows(SettingsException.class, () -> settings(ENV, "daemon.max-connections=2")).key());
    assertEquals("fetchpipe.daemon.header-read-timeout",
        assertThrows(SettingsException.class, () -> settings(ENV, "daemon.header-read-timeout=0s")).key());
  }

  @Test
  void theShutdownTimeoutIsTwentySecondsAndAtLeastTwo() {
    assertEquals(java.time.Duration.ofSeconds(20), settings(ENV).shutdownTimeout());
    assertEquals(java.time.Duration.ofSeconds(4), settings(ENV, "daemon.shutdown-timeout=4s").shutdownTimeout());
    SettingsException tooShort = assertThrows(SettingsException.class, () -> settings(ENV, "daemon.shutdown-timeout=1s"));
    assertEquals("fetchpipe.daemon.shutdown-timeout", tooShort.key());
    assertTrue(tooShort.getMessage().contains("at least 2s"), tooShort.getMessage());
  }
}
