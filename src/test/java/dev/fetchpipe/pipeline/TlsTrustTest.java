package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.TlsNginx;
import dev.fetchpipe.testing.Proxies;
import dev.fetchpipe.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch.tls against real nginx servers with certificates made by openssl at test time: a CA file, a certificate that
 * is untrusted, for another name, or expired (each one plain line, never retried), insecure mode, client
 * certificates (PEM and PKCS#12), files that cannot be used (one line naming the key), and https through a CONNECT
 * tunnel of tinyproxy.
 */
class TlsTrustTest {
  @TempDir
  static Path shared;
  @TempDir
  Path dir;

  private static Path pki;
  private static byte[] body;
  private static TlsNginx good;
  private static TlsNginx other;
  private static TlsNginx expired;
  private static TlsNginx mutual;
  private int jobs;

  @BeforeAll
  static void servers() throws Exception {
    pki = TestPki.make(shared.resolve("pki"));
    Path www = Files.createDirectories(shared.resolve("www"));
    body = new byte[70_000];
    new Random(7).nextBytes(body);
    Files.write(www.resolve("f.bin"), body);
    good = TlsNginx.https(shared, www, pki.resolve("server.crt"), pki.resolve("server.key"), null);
    other = TlsNginx.https(shared, www, pki.resolve("other.crt"), pki.resolve("other.key"), null);
    expired = TlsNginx.https(shared, www, pki.resolve("expired.crt"), pki.resolve("expired.key"), null);
    mutual = TlsNginx.https(shared, www, pki.resolve("server.crt"), pki.resolve("server.key"), pki.resolve("ca.crt"));
  }

  @AfterAll
  static void stop() {
    for (TlsNginx nginx : new TlsNginx[] {good, other, expired, mutual}) if (nginx != null) nginx.close();
  }

  private JobReport run(List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("fetch.retry.min-backoff=50ms");
    return TestJobs.run(TestJobs.settings(dir.resolve("out" + ++jobs), urls, all.toArray(String[]::new)), ProgressStyle.OFF)
        .report();
  }

  private ItemResult one(String url, String... sets) {
    return run(List.of(url), sets).items().get(0);
  }

  private String ca() {
    return "fetch.tls.ca-file=\"" + pki.resolve("ca.crt") + "\"";
  }

  private static void assertRefused(ItemResult item, String error) {
    assertEquals(Outcome.ERROR, item.outcome(), item.toString());
    assertEquals(error, item.error());
    assertEquals(1, item.attempts().size(), "a certificate problem is not retried");
    assertNull(item.path(), "nothing on disk");
  }

  @Test
  void aCaFileIsTrustedBesidesTheJvmsOrAlone() throws Exception {
    ItemResult ok = one(good.url("/f.bin"), ca());
    assertEquals(Outcome.OK, ok.outcome(), ok.toString());
    assertArrayEquals(body, Files.readAllBytes(Path.of(ok.path())));
    assertEquals(Outcome.OK, one(good.url("/f.bin"), ca(), "fetch.tls.ca-only=on").outcome());
    assertTrue(good.log().contains("\"GET /f.bin HTTP/1.1\" 200"), good.log());
  }

  @Test
  void aCertificateProblemIsOnePlainLineAndNeverRetried() {
    assertRefused(one(good.url("/f.bin")),
        "certificate not trusted: issued by CN=fetchpipe test CA, give fetch.tls.ca-file");
    assertRefused(one(other.url("/f.bin"), ca()), "certificate is for other.example, not 127.0.0.1");
    assertRefused(one(expired.url("/f.bin"), ca()), "certificate expired on 2021-01-01");
    assertRefused(one(good.url("/f.bin"), "fetch.tls.ca-file=\"" + pki.resolve("otherca.crt") + "\"", "fetch.tls.ca-only=on"),
        "certificate not trusted: issued by CN=fetchpipe test CA, give fetch.tls.ca-file");
  }

  @Test
  void insecureAcceptsAnyCertificateForAnyName() {
    assertEquals(Outcome.OK, one(other.url("/f.bin"), "fetch.tls.insecure=on").outcome());
    assertEquals(Outcome.OK, one(expired.url("/f.bin"), "fetch.tls.insecure=on").outcome());
  }

  @Test
  void aServerThatAsksForAClientCertificateGetsOneFromPemOrPkcs12() {
    String pemCert = "fetch.tls.client-cert=\"" + pki.resolve("client.crt") + "\"";
    assertEquals(Outcome.OK, one(mutual.url("/f.bin"), ca(), pemCert,
        "fetch.tls.client-key=\"" + pki.resolve("client.key") + "\"").outcome());
    assertEquals(Outcome.OK, one(mutual.url("/f.bin"), ca(), pemCert,
        "fetch.tls.client-key=\"" + pki.resolve("client-pkcs1.key") + "\"").outcome());
    assertEquals(Outcome.OK, one(mutual.url("/f.bin"), ca(), "fetch.tls.client-p12=\"" + pki.resolve("client.p12") + "\"",
        "fetch.tls.client-p12-password=secret").outcome());
    assertTrue(mutual.log().contains("client=\"CN=fetchpipe client\""), mutual.log());

    // nginx answers a missing or unknown client certificate with 400, not a failed handshake.
    ItemResult none = one(mutual.url("/f.bin"), ca());
    assertEquals(Outcome.ERROR, none.outcome());
    assertEquals("HTTP 400 Bad Request", none.error());
    ItemResult wrong = one(mutual.url("/f.bin"), ca(), "fetch.tls.client-cert=\"" + pki.resolve("wrongclient.crt") + "\"",
        "fetch.tls.client-key=\"" + pki.resolve("wrongclient.key") + "\"");
    assertEquals(Outcome.ERROR, wrong.outcome());
    assertEquals(1, wrong.attempts().size());
  }

  @Test
  void aFileThatCannotBeUsedIsOneLineNamingItsKey() throws Exception {
    assertBad("fetch.tls.ca-file", "no such file", "fetch.tls.ca-file=\"" + dir.resolve("nope.pem") + "\"");
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    assertBad("fetch.tls.ca-file", "no PEM certificate", "fetch.tls.ca-file=\"" + notPem + "\"");
    assertBad("fetch.tls.client-p12", "wrong password", "fetch.tls.client-p12=\"" + pki.resolve("client.p12") + "\"",
        "fetch.tls.client-p12-password=wrong");
    assertBad("fetch.tls.client-key", "is not the key of", "fetch.tls.client-cert=\"" + pki.resolve("client.crt") + "\"",
        "fetch.tls.client-key=\"" + pki.resolve("server.key") + "\"");
    assertBad("fetch.tls.ca-only", "give fetch.tls.ca-file too", "fetch.tls.ca-only=on");
  }

  private void assertBad(String key, String problem, String... sets) {
    SettingsException bad = assertThrows(SettingsException.class,
        () -> TestJobs.settings(dir.resolve("never"), List.of(good.url("/f.bin")), sets));
    assertTrue(bad.getMessage().contains(key), bad.getMessage());
    assertTrue(bad.getMessage().contains(problem), bad.getMessage());
    assertTrue(!bad.getMessage().contains("Exception") && !bad.getMessage().contains("\n"), bad.getMessage());
    assertTrue(Files.notExists(dir.resolve("never")), "nothing made on disk");
  }

  @Test
  void httpsGoesThroughAConnectTunnelOfAnHttpProxyWithItsCredentials() throws Exception {
    try (Proxies.Running proxy = Proxies.tinyproxy(dir, "fetch", "s3cret")) {
      ItemResult item = one(good.url("/f.bin"), ca(), "fetch.proxy=\"http://fetch:s3cret@127.0.0.1:" + proxy.port() + "\"");
      assertEquals(Outcome.OK, item.outcome(), item.toString());
      assertEquals("proxy http://fetch:***@127.0.0.1:" + proxy.port() + " (CONNECT)", item.route());
      assertArrayEquals(body, Files.readAllBytes(Path.of(item.path())));
      assertTrue(proxy.log().contains("CONNECT 127.0.0.1:" + good.port()), proxy.log());

      ItemResult refused = one(good.url("/f.bin"), ca(), "fetch.proxy=\"http://fetch:bad@127.0.0.1:" + proxy.port() + "\"");
      assertEquals(Outcome.ERROR, refused.outcome());
      assertTrue(refused.error().startsWith("proxy http://fetch:***@127.0.0.1:" + proxy.port() + " refused: 40"),
          refused.error());
      assertEquals(1, refused.attempts().size());
    }
  }
}
