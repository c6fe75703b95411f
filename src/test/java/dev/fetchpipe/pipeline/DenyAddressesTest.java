package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.Proxies;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch.deny-addresses: a URL, or a redirect, to a cloud's metadata address or any denied range is a per-URL ERROR in
 * plain words, checked on the address actually connected to, direct or through a proxy.
 */
class DenyAddressesTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  @TempDir
  Path dir;
  private int jobs;

  private JobReport run(List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("fetch.retry.min-backoff=50ms");
    return TestJobs.run(TestJobs.settings(dir.resolve("out" + ++jobs), urls, all.toArray(String[]::new)), ProgressStyle.OFF)
        .report();
  }

  private static void assertDenied(ItemResult item, String error) {
    assertEquals(Outcome.ERROR, item.outcome(), item.toString());
    assertEquals(error, item.error());
    assertEquals(1, item.attempts().size(), "a denied address is not retried: " + item.attempts());
    assertNull(item.path(), "nothing on disk");
  }

  @Test
  void theMetadataAddressIsDeniedByDefaultAndSoIsARedirectToIt() throws Exception {
    HttpServer redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirector.createContext("/go", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/iam/");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    redirector.start();
    try {
      String redirect = "http://127.0.0.1:" + redirector.getAddress().getPort() + "/go";
      JobReport report = run(List.of("http://169.254.169.254/latest/meta-data/", redirect, ORIGIN.get().url("/bytes/10")));
      String denied = "address 169.254.169.254 is denied by fetch.deny-addresses (169.254.0.0/16)";
      assertDenied(report.items().get(0), denied);
      ItemResult redirected = report.items().get(1);
      assertDenied(redirected, denied);
      assertEquals(302, redirected.status(), "the redirect was followed, to the denied address");
      assertEquals(Outcome.OK, report.items().get(2).outcome(), "loopback is not denied by default");
      assertEquals(1, Files.list(dir.resolve("out1")).filter(f -> !f.getFileName().toString().startsWith(".")).count(),
          "only the allowed URL's file");
    } finally {
      redirector.stop(0);
    }
  }

  @Test
  void aNameIsCheckedByTheAddressItResolvesToDirectOrThroughAProxy() {
    String url = ORIGIN.get().url("/bytes/10").replace("://127.0.0.1:", "://localhost:");
    ItemResult direct = run(List.of(url), "fetch.deny-addresses=[loopback]").items().get(0);
    assertEquals(Outcome.ERROR, direct.outcome());
    assertTrue(direct.error().matches("address localhost \\((127\\.0\\.0\\.1|0:0:0:0:0:0:0:1)\\) is denied by "
        + "fetch\\.deny-addresses \\((127\\.0\\.0\\.0/8|::1)\\)"), direct.error());

    try (Proxies.Running proxy = Proxies.tinyproxy(dir, null, null)) {
      ItemResult proxied = run(List.of(url), "fetch.deny-addresses=[loopback]",
          "fetch.proxy=\"http://127.0.0.1:" + proxy.port() + "\"").items().get(0);
      assertEquals(Outcome.ERROR, proxied.outcome());
      assertTrue(proxied.error().startsWith("address localhost ("), proxied.error());
      assertFalse(proxy.log().contains("/bytes/10"), "never sent to the proxy: " + proxy.log());
    }
  }

  @Test
  void aDenyListEntryThatIsNoAddressIsOneLineNamingTheKey() {
    SettingsException bad = assertThrows(SettingsException.class, () -> TestJobs.settings(dir, List.of("http://x/"),
        "fetch.deny-addresses=[\"metadata.internal\"]"));
    assertTrue(bad.getMessage().contains("fetch.deny-addresses"), bad.getMessage());
    assertTrue(bad.getMessage().contains("\"metadata.internal\" is not an IP address or range"), bad.getMessage());
    SettingsException proxy = assertThrows(SettingsException.class, () -> TestJobs.settings(dir, List.of("http://x/"),
        "fetch.proxy=\"ftp://me:secret@p\""));
    assertTrue(proxy.getMessage().contains("fetch.proxy"), proxy.getMessage());
    assertFalse(proxy.getMessage().contains("secret"), proxy.getMessage());
  }
}
