package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Keys made by the JDK's keytool, read back as a daemon reads them: every way they can be wrong is one line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterKeysTest {
  @TempDir
  static Path temp;
  private Path clusterA;
  private Path clusterB;

  @BeforeAll
  void makeKeys() {
    clusterA = temp.resolve("a");
    clusterB = temp.resolve("b");
    ClusterKeyMaker.make(clusterA, "node");
    ClusterKeyMaker.make(clusterB, "node");
  }

  private static String refused(Path dir) {
    SettingsException e = assertThrows(SettingsException.class, () -> ClusterKeys.read(dir));
    assertEquals("fetchpipe.daemon.cluster.keys", e.key());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void keysAreMadeForThisUserAloneAndReadBack() throws Exception {
    ClusterKeys.read(clusterA.resolve("node"));
    for (Path dir : new Path[] {clusterA, clusterA.resolve("ca"), clusterA.resolve("node")}) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
    }
    for (String file : new String[] {"node.p12", "trust.p12", "password"}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(clusterA.resolve("node").resolve(file))));
    }
    // A second node of the same cluster: signed by the same CA, read as well.
    ClusterKeyMaker.Made second = ClusterKeyMaker.make(clusterA, "second");
    assertTrue(!second.caMadeNow());
    ClusterKeys.read(second.nodeDir());
    assertTrue(assertThrows(SettingsException.class, () -> ClusterKeyMaker.make(clusterA, "second")).getMessage()
        .contains("exists already"));
    assertThrows(SettingsException.class, () -> ClusterKeyMaker.make(clusterA, "../escape"));
    assertThrows(SettingsException.class, () -> ClusterKeyMaker.make(clusterA, "ca"));
  }

  @Test
  void aNodeKeyFromOneClusterWithAnothersTrustIsRefused() throws Exception {
    Path mixed = Files.createDirectories(temp.resolve("mixed"));
    Files.setPosixFilePermissions(mixed, PosixFilePermissions.fromString("rwx------"));
    // Both clusters' stores opened with one password: each store copied with its own password would not do.
    Files.copy(clusterA.resolve("node/node.p12"), mixed.resolve("node.p12"));
    Files.copy(clusterA.resolve("node/password"), mixed.resolve("password"));
    Files.copy(clusterB.resolve("node/trust.p12"), mixed.resolve("trust.p12"));
    assertTrue(refused(mixed).contains("cannot read"), "B's trust store does not open with A's password");
    // Re-made with A's password, B's trust store is still B's CA: the node's key was not signed by it.
    Files.delete(mixed.resolve("trust.p12"));
    Path caCert = clusterB.resolve("ca/ca.crt");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-importcert", "-noprompt", "-keystore", mixed.resolve("trust.p12").toString(), "-storetype", "PKCS12",
        "-storepass:file", mixed.resolve("password").toString(), "-alias", "other-ca", "-file", caCert.toString())
        .redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
    Files.setPosixFilePermissions(mixed.resolve("trust.p12"), PosixFilePermissions.fromString("rw-------"));
    assertTrue(refused(mixed).contains("was not signed by the CA"), refused(mixed));
  }

  @Test
  void missingLooseOrUnreadableKeysAreRefused() throws Exception {
    assertTrue(refused(temp.resolve("nowhere")).contains("no folder"));
    Path loose = temp.resolve("loose");
    copyNode(loose);
    Files.setPosixFilePermissions(loose.resolve("node.p12"), PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(refused(loose).contains("chmod 600"), refused(loose));
    Path half = temp.resolve("half");
    copyNode(half);
    Files.delete(half.resolve("trust.p12"));
    assertTrue(refused(half).contains("no trust.p12"), refused(half));
    Path wrong = temp.resolve("wrong");
    copyNode(wrong);
    Files.writeString(wrong.resolve("password"), "not-the-password\n");
    assertTrue(refused(wrong).contains("cannot read"), refused(wrong));
    Path garbage = temp.resolve("garbage");
    copyNode(garbage);
    Files.writeString(garbage.resolve("node.p12"), "garbage");
    assertTrue(refused(garbage).contains("cannot read"), refused(garbage));
  }

  private void copyNode(Path to) throws Exception {
    Files.createDirectories(to);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    for (String file : new String[] {"node.p12", "trust.p12", "password"}) {
      Files.copy(clusterA.resolve("node").resolve(file), to.resolve(file));
    }
  }
}
