package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fetcher's own way to Pekko HTTP: pools of its own, whose connections it can tear down whatever a server does. */
class FetcherHttpTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private static ConnectionPoolSettings jobPool() {
    FetchpipeSettings settings = TestJobs.settings(Path.of("unused"), List.of(ORIGIN.get().url("/bytes/1")),
        "fetch.max-in-flight=300");
    return settings.connectionPool();
  }

  private static FetcherHttp http() {
    return new FetcherHttp(KIT.system(), jobPool(), dev.fetchpipe.net.NetPlan.open(), Duration.ofSeconds(1));
  }

  @Test
  void eachFetcherHasPoolsOfItsOwnSizedForOneRequestAtATime() {
    FetcherHttp one = http();
    FetcherHttp other = http();
    assertEquals(FetcherHttp.CONNECTIONS_PER_HOST, one.pool().getMaxConnections());
    assertEquals(FetcherHttp.OPEN_REQUESTS, one.pool().getMaxOpenRequests());
    assertInstanceOf(FetcherConnections.class, one.pool().getConnectionSettings().getTransport());
    assertNotEquals(one.pool(), other.pool(), "another transport, so other pools: tearing one down leaves the other");
  }

  @Test
  void aHeadThatNeverEndsIsCutOffByATearDownAndTheNextRequestHasAFreshConnection() throws Exception {
    FetcherHttp http = http();
    // Straight to the raw listener, through the origin's redirect.
    HttpResponse redirect = http.send(HttpRequest.GET(ORIGIN.get().url("/fault/slow-headers?every=50")))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    String slow = redirect.getHeader("Location").orElseThrow().value();
    http.discard(redirect);
    CompletableFuture<HttpResponse> never = http.send(HttpRequest.GET(slow)).toCompletableFuture();
    assertThrows(java.util.concurrent.TimeoutException.class, () -> never.get(500, TimeUnit.MILLISECONDS),
        "the head is still coming, a byte every 50 ms");

    http.tearDown("no response after 500 ms");
    ExecutionException failed = assertThrows(ExecutionException.class, () -> never.get(5, TimeUnit.SECONDS));
    assertEquals("no response after 500 ms", FetchFailures.unwrap(failed.getCause()).getMessage());

    HttpResponse next = http.send(HttpRequest.GET(ORIGIN.get().url("/bytes/10"))).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(200, next.status().intValue());
    http.discard(next);
  }
}
