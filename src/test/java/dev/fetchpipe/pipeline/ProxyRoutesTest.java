package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.Proxies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs through real proxies (tinyproxy for HTTP, microsocks for SOCKS5), each proxy's own log showing what went
 * through it: plain http in absolute form, no_proxy hosts direct, credentials, and every way a proxy says no.
 */
class ProxyRoutesTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  @TempDir
  Path dir;
  /** Each job writes into an output dir of its own, so none keeps another's files. */
  private int jobs;

  private JobReport run(List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("fetch.retry.min-backoff=50ms");
    return TestJobs.run(TestJobs.settings(dir.resolve("out" + ++jobs), urls, all.toArray(String[]::new)), ProgressStyle.OFF).report();
  }

  private static ItemResult item(JobReport report, int index) {
    return report.items().stream().filter(item -> item.index() == index).findFirst().orElseThrow();
  }

  private static String localhost(String url) {
    return url.replace("://127.0.0.1:", "://localhost:");
  }

  @Test
  void plainHttpGoesThroughAnHttpProxyInAbsoluteFormAndNoProxyHostsGoDirect() throws Exception {
    try (Proxies.Running proxy = Proxies.tinyproxy(dir, null, null)) {
      String proxied = localhost(ORIGIN.get().url("/bytes/5000"));
      String direct = ORIGIN.get().url("/bytes/6000");
      JobReport report = run(List.of(proxied, direct), "fetch.proxy=\"http://127.0.0.1:" + proxy.port() + "\"",
          "fetch.no-proxy=\"127.0.0.1\"");
      assertEquals(2, report.counts().ok(), report.toString());
      assertEquals("proxy http://127.0.0.1:" + proxy.port(), item(report, 0).route());
      assertNull(item(report, 1).route(), "direct: no route in the report");
      assertArrayEquals(TestJobs.independentGet(proxied), Files.readAllBytes(Path.of(item(report, 0).path())));
      String log = proxy.log();
      assertTrue(log.contains("GET " + proxied + " HTTP/1.1"), "absolute form, through the proxy: " + log);
      assertFalse(log.contains("/bytes/6000"), "the no_proxy host went direct: " + log);
    }
  }

  @Test
  void aProxyWithBasicAuthTakesTheUserAndPasswordOfItsUrlAndRefusesAWrongOneInOneLine() {
    try (Proxies.Running proxy = Proxies.tinyproxy(dir, "fetch", "s3cret")) {
      String url = ORIGIN.get().url("/bytes/700");
      JobReport good = run(List.of(url), "fetch.proxy=\"http://fetch:s3cret@127.0.0.1:" + proxy.port() + "\"");
      assertEquals(1, good.counts().ok(), good.toString());
      assertEquals("proxy http://fetch:***@127.0.0.1:" + proxy.port(), item(good, 0).route());
      assertTrue(proxy.log().contains("GET " + url), proxy.log());

      JobReport none = run(List.of(url), "fetch.proxy=\"http://127.0.0.1:" + proxy.port() + "\"");
      ItemResult refused = item(none, 0);
      assertEquals(Outcome.ERROR, refused.outcome());
      assertEquals("proxy http://127.0.0.1:" + proxy.port() + " refused: 407 Proxy Authentication Required "
          + "(give user:password in its URL)", refused.error());
      assertEquals(1, refused.attempts().size(), "not retried");

      JobReport wrong = run(List.of(url), "fetch.proxy=\"http://fetch:WRONG@127.0.0.1:" + proxy.port() + "\"");
      ItemResult bad = item(wrong, 0);
      assertEquals(Outcome.ERROR, bad.outcome());
      assertTrue(bad.error().contains("proxy http://fetch:***@127.0.0.1:" + proxy.port()), bad.error());
      assertFalse(bad.error().contains("WRONG"), bad.error());
      assertEquals(1, bad.attempts().size(), "not retried");
      assertEquals(List.of(), bad.path() == null ? List.of() : List.of(bad.path()), "nothing on disk");
    }
  }

  @Test
  void aProxyThatIsNotThereIsNamedAndTriedOnlyAsOftenAsAnyFailure() {
    int closed = dev.fetchpipe.testing.DebianTool.freePort();
    JobReport report = run(List.of(ORIGIN.get().url("/bytes/10")), "fetch.proxy=\"http://u:pw@127.0.0.1:" + closed + "\"",
        "fetch.retry.max-attempts=2");
    ItemResult item = item(report, 0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("proxy http://u:***@127.0.0.1:" + closed + " could not be reached: connection refused (after 2 attempts)", item.error());
    assertEquals(2, item.attempts().size());
  }

  @Test
  void socks5WithUserAndPasswordResolvesHereAndSocks5hLetsTheProxyResolve() throws Exception {
    try (Proxies.Running socks = Proxies.microsocks(dir, "sockuser", "sockpass")) {
      String url = localhost(ORIGIN.get().url("/bytes/3000"));
      JobReport here = run(List.of(url), "fetch.proxy=\"socks5://sockuser:sockpass@127.0.0.1:" + socks.port() + "\"");
      assertEquals(1, here.counts().ok(), here.toString());
      assertEquals("proxy socks5://sockuser:***@127.0.0.1:" + socks.port(), item(here, 0).route());
      assertArrayEquals(TestJobs.independentGet(url), Files.readAllBytes(Path.of(item(here, 0).path())));
      int port = ORIGIN.get().port();
      assertTrue(socks.log().contains("127.0.0.1:" + port), "socks5: the proxy got an address: " + socks.log());
      assertFalse(socks.log().contains("localhost:" + port), socks.log());

      JobReport remote = run(List.of(url), "fetch.proxy=\"socks5h://sockuser:sockpass@127.0.0.1:" + socks.port() + "\"");
      assertEquals(1, remote.counts().ok(), remote.toString());
      assertTrue(socks.log().contains("localhost:" + port), "socks5h: the proxy got the name: " + socks.log());

      JobReport wrong = run(List.of(url), "fetch.proxy=\"socks5://sockuser:nope@127.0.0.1:" + socks.port() + "\"");
      ItemResult bad = item(wrong, 0);
      assertEquals(Outcome.ERROR, bad.outcome());
      assertEquals("SOCKS5 proxy socks5://sockuser:***@127.0.0.1:" + socks.port() + " refused the user name or password",
          bad.error());
      assertEquals(1, bad.attempts().size(), "not retried");
    }
  }

  /**
   * A wrong SOCKS5 password must reach the pool as the refusal itself, never as a connection "cancelled" (which is
   * retried, and says nothing): many connections refused at once, each fetcher with pools of its own, so that the
   * order in which a refused connection's signals reach Pekko HTTP's pool is tried again and again.
   */
  @Test
  void aWrongSocks5PasswordIsRefusedInPlainWordsOnEveryConnectionUnderLoad() throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    try (Proxies.Running socks = Proxies.microsocks(dir, "sockuser", "sockpass")) {
      FetchpipeSettings settings = TestJobs.settings(dir.resolve("unused"), List.of(ORIGIN.get().url("/bytes/1")),
          "fetch.proxy=\"socks5://sockuser:nope@127.0.0.1:" + socks.port() + "\"");
      String refused = "SOCKS5 proxy socks5://sockuser:***@127.0.0.1:" + socks.port() + " refused the user name or password";
      java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
      int sent = 0;
      for (int round = 0; round < 5; round++) {
        List<CompletableFuture<HttpResponse>> answers = new ArrayList<>();
        for (int fetcher = 0; fetcher < 16; fetcher++) {
          FetcherHttp http = new FetcherHttp(kit.system(), settings.connectionPool(), settings.fetch().net(),
              Duration.ofSeconds(1));
          for (int request = 0; request < FetcherHttp.CONNECTIONS_PER_HOST; request++) {
            answers.add(http.send(HttpRequest.GET(localhost(ORIGIN.get().url("/bytes/" + (1 + request))))).toCompletableFuture());
          }
        }
        for (CompletableFuture<HttpResponse> answer : answers) {
          ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(20, TimeUnit.SECONDS));
          reasons.merge(FetchFailures.reason(failed.getCause())
              + (FetchFailures.permanent(failed.getCause()) == null ? " (retried)" : ""), 1, Integer::sum);
          sent++;
        }
      }
      assertEquals(java.util.Map.of(refused, sent), reasons);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aRequestGivenUpOnIsCutAtItsProxyConnectionBySocksAndHttpProxyAlike() throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    try (Proxies.Running tiny = Proxies.tinyproxy(dir, null, null);
        Proxies.Running socks = Proxies.microsocks(dir, null, null)) {
      for (String proxy : List.of("http://127.0.0.1:" + tiny.port(), "socks5h://127.0.0.1:" + socks.port())) {
        FetchpipeSettings settings = TestJobs.settings(dir.resolve("unused"), List.of(ORIGIN.get().url("/bytes/1")),
            "fetch.proxy=\"" + proxy + "\"");
        FetcherHttp http = new FetcherHttp(kit.system(), settings.connectionPool(), settings.fetch().net(),
            Duration.ofSeconds(1));
        HttpResponse redirect = http.send(HttpRequest.GET(ORIGIN.get().url("/fault/slow-headers?every=50")))
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
        String slow = redirect.getHeader("Location").orElseThrow().value();
        http.discard(redirect);
        CompletableFuture<HttpResponse> never = http.send(HttpRequest.GET(slow)).toCompletableFuture();
        assertThrows(TimeoutException.class, () -> never.get(500, TimeUnit.MILLISECONDS), "the head is still coming");

        http.tearDown("no response after 500 ms");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> never.get(5, TimeUnit.SECONDS), proxy);
        assertEquals("no response after 500 ms", FetchFailures.unwrap(failed.getCause()).getMessage(), proxy);
        HttpResponse next = http.send(HttpRequest.GET(ORIGIN.get().url("/bytes/10"))).toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
        assertEquals(200, next.status().intValue(), "a fresh connection through " + proxy);
        http.discard(next);
      }
      assertTrue(tiny.log().contains("GET " + ORIGIN.get().url("/fault/slow-headers")), tiny.log());
      assertTrue(socks.log().contains("127.0.0.1:" + ORIGIN.get().port()), socks.log());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
