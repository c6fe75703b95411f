package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSettingsTest {
  @TempDir
  static Path temp;
  private Path keys;

  @BeforeAll
  void makeKeys() {
    keys = ClusterKeyMaker.make(temp.resolve("keys"), "node").nodeDir();
  }

  private static ClusterSettings cluster(String... sets) {
    return DaemonSettings.from(ConfigLayers.merge(null, Map.of(), List.of(sets)), Map.of("HOME", "/h")).cluster();
  }

  @Test
  void offByDefaultOnPort25520WithNoSeeds() {
    ClusterSettings settings = cluster();
    assertFalse(settings.enabled());
    assertEquals("127.0.0.1", settings.host());
    assertEquals(25520, settings.port());
    assertEquals(List.of(), settings.seedNodes());
  }

  @Test
  void aNodeWithoutSeedsFormsAClusterOfItsOwn() {
    Config pekko = cluster("daemon.cluster.enabled=on", "daemon.cluster.port=25601", "daemon.cluster.keys=" + keys)
        .pekkoConfig();
    assertEquals("cluster", pekko.getString("pekko.actor.provider"));
    assertEquals(25601, pekko.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(List.of("pekko://fetchpipe-daemon@127.0.0.1:25601"), pekko.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void seedsAreHostAndPortOfOtherNodes() {
    Config pekko = cluster("daemon.cluster.host=10.0.0.5", "daemon.cluster.seed-nodes=[\"10.0.0.1:25520\", \"10.0.0.2:25520\"]")
        .pekkoConfig();
    assertEquals("10.0.0.5", pekko.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(List.of("pekko://fetchpipe-daemon@10.0.0.1:25520", "pekko://fetchpipe-daemon@10.0.0.2:25520"),
        pekko.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void aSeedThatIsNotHostAndPortIsOneLineNamingTheKey() {
    for (String bad : List.of("10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", ":25520", "10.0.0.1:x")) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> cluster("daemon.cluster.seed-nodes=[\"" + bad + "\"]"));
      assertTrue(e.getMessage().startsWith("fetchpipe.daemon.cluster.seed-nodes: expected \"host:port\""), e.getMessage());
    }
  }

  @Test
  void aPortOutOfRangeOrAnEmptyHostIsRefused() {
    assertThrows(SettingsException.class, () -> cluster("daemon.cluster.port=70000"));
    SettingsException e = assertThrows(SettingsException.class, () -> cluster("daemon.cluster.host=\"\""));
    assertTrue(e.getMessage().startsWith("fetchpipe.daemon.cluster.host: "), e.getMessage());
  }

  @Test
  void aNodeSpeaksTlsWithMutualAuthenticationAndItsKeys() {
    Config pekko = cluster("daemon.cluster.enabled=on", "daemon.cluster.keys=" + keys).pekkoConfig();
    assertEquals("tls-tcp", pekko.getString("pekko.remote.artery.transport"));
    assertTrue(pekko.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertEquals(keys.resolve("node.p12").toString(), pekko.getString("pekko.remote.artery.ssl.config-ssl-engine.key-store"));
    assertEquals(keys.resolve("trust.p12").toString(), pekko.getString("pekko.remote.artery.ssl.config-ssl-engine.trust-store"));
  }

  @Test
  void aNodeWithoutKeysIsOneLineSayingHowToMakeThem() {
    SettingsException e = assertThrows(SettingsException.class, () -> cluster("daemon.cluster.enabled=on"));
    assertTrue(e.getMessage().startsWith("fetchpipe.daemon.cluster.keys: a node of a cluster needs the cluster's keys"),
        e.getMessage());
    assertTrue(e.getMessage().contains("fetchpipe cluster-keys"), e.getMessage());
    SettingsException missing = assertThrows(SettingsException.class,
        () -> cluster("daemon.cluster.enabled=on", "daemon.cluster.keys=" + temp.resolve("nowhere")));
    assertTrue(missing.getMessage().contains("no folder"), missing.getMessage());
    // Off, a cluster needs no keys.
    assertFalse(cluster().enabled());
  }
}
