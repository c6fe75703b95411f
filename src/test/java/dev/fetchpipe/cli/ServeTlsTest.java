package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.testing.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve with origin.tls files it cannot use: one line naming the key at fault, exit 2, nothing bound. */
class ServeTlsTest {
  @TempDir
  Path dir;

  private static void assertRefused(String expected, String cert, String key) {
    MainTest.Result serve = MainTest.fetchpipe("serve", "--port", "0", "--set", "origin.tls.cert-file=\"" + cert + "\"",
        "--set", "origin.tls.key-file=\"" + key + "\"");
    assertEquals(2, serve.exitCode(), serve.err());
    assertEquals("fetchpipe: " + expected + "\n", serve.err());
    assertEquals("", serve.out());
  }

  @Test
  void aFileThatCannotBeUsedIsOneLineNamingItsKey() {
    Path pki = TestPki.make(dir.resolve("pki"));
    String cert = pki.resolve("server.crt").toString();
    String key = pki.resolve("server.key").toString();
    String nope = dir.resolve("nope.pem").toString();
    assertRefused("fetchpipe.origin.tls.cert-file: " + nope + ": no such file", nope, key);
    assertRefused("fetchpipe.origin.tls.key-file: " + nope + ": no such file", cert, nope);
    assertRefused("fetchpipe.origin.tls.cert-file: " + key + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)",
        key, key);
    assertRefused("fetchpipe.origin.tls.key-file: " + cert + ": a certificate, not a private key", cert, cert);
    assertRefused("fetchpipe.origin.tls.key-file: " + pki.resolve("other.key") + " is not the key of " + cert, cert,
        pki.resolve("other.key").toString());
    assertRefused("fetchpipe.origin.tls.key-file: HTTPS needs both origin.tls.cert-file and origin.tls.key-file; give this"
        + " one too", cert, "");
  }
}
