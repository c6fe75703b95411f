package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * origin.tls: the built-in origin serves HTTPS with a PEM certificate and key made by openssl at test time, and a job
 * fetches from it, trusting the test CA with fetch.tls.ca-file; without it the certificate is refused in plain words.
 * A job with fetch.tls.insecure on is marked so in its report.
 */
class OriginTlsTest {
  @TempDir
  Path dir;

  @Test
  void theOriginServesHttpsWithTheGivenCertificateAndAJobTrustingItsCaFetchesFromIt() throws Exception {
    Path pki = TestPki.make(dir.resolve("pki"));
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("origin.port=0",
        "origin.tls.cert-file=\"" + pki.resolve("server.crt") + "\"", "origin.tls.key-file=\"" + pki.resolve("server.key") + "\""));
    try (RunningOrigin origin = OriginServer.start(merged, FetchpipeSettings.originFrom(merged))) {
      assertTrue(origin.baseUrl().startsWith("https://127.0.0.1:"), origin.baseUrl());
      String url = origin.url("/bytes/70000");

      JobReport trusted = run("trusted", url, "fetch.tls.ca-file=\"" + pki.resolve("ca.crt") + "\"");
      ItemResult ok = trusted.items().get(0);
      assertEquals(Outcome.OK, ok.outcome(), ok.toString());
      assertArrayEquals(plainBytes("/bytes/70000"), Files.readAllBytes(Path.of(ok.path())), "the same bytes as over http");
      assertFalse(trusted.tlsInsecure(), "a checked job is not marked");

      ItemResult refused = run("untrusted", url).items().get(0);
      assertEquals(Outcome.ERROR, refused.outcome(), refused.toString());
      assertEquals("certificate not trusted: issued by CN=fetchpipe test CA, give fetch.tls.ca-file", refused.error());

      JobReport insecure = run("insecure", url, "fetch.tls.insecure=on");
      assertEquals(Outcome.OK, insecure.items().get(0).outcome());
      assertTrue(insecure.tlsInsecure(), "the report says no certificate was checked");
      assertEquals(2, origin.requestCount("/bytes/70000"), "the refused handshake never became a request");
    }
  }

  /** The body of {@code path} from a plain-HTTP origin. */
  private static byte[] plainBytes(String path) throws Exception {
    try (RunningOrigin plain = OriginServer.start(ConfigLayers.merge(null, Map.of(), List.of()), OriginSettings.fastLoopback())) {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain.url(path))).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
    }
  }

  private JobReport run(String name, String url, String... sets) {
    List<String> all = new java.util.ArrayList<>(List.of(sets));
    all.add("fetch.retry.max-attempts=1");
    return TestJobs.run(TestJobs.settings(dir.resolve(name), List.of(url), all.toArray(String[]::new)), ProgressStyle.OFF)
        .report();
  }
}
