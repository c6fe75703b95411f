package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetchers' connections outlive them: lent to one fetcher at a time, so a later job (in a daemon) sends through the
 * pools and open connections of an earlier one instead of opening its own, and a tear-down still reaches only the
 * connections of the fetcher that holds them. Against a real Pekko HTTP server that counts the connections it accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionLeasesTest {
  private static final int FETCHERS = 4;

  private final ActorTestKit testKit = ActorTestKit.create();
  /** The origin's own system, so that its connections are not the client's. */
  private final ActorTestKit originKit = ActorTestKit.create();
  private final AtomicInteger accepted = new AtomicInteger();
  private ServerBinding origin;

  @BeforeAll
  void start() throws Exception {
    Materializer materializer = Materializer.matFromSystem(originKit.system());
    origin = Http.get(originKit.system()).newServerAt("127.0.0.1", 0).connectionSource()
        .to(Sink.foreach(connection -> {
          accepted.incrementAndGet();
          connection.handleWithSyncHandler(request -> HttpResponse.create().withEntity(request.getUri().path()),
              materializer);
        }))
        .run(materializer).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    originKit.shutdownTestKit();
  }

  private List<String> urls(String job) {
    int port = origin.localAddress().getPort();
    return IntStream.range(0, 40).mapToObj(i -> "http://127.0.0.1:" + port + "/" + job + "-" + i).toList();
  }

  private JobReport runJob(Path out, String job) throws Exception {
    try (LiveJob live = new LiveJob(testKit, TestJobs.settings(FETCHERS, out, urls(job),
        "fetch.max-in-flight=" + FETCHERS))) {
      return live.awaitEnd();
    }
  }

  @Test
  void aLaterJobSendsThroughTheConnectionsAnEarlierOneOpened(@TempDir Path dir) throws Exception {
    JobReport first = runJob(dir.resolve("first"), "first");
    assertTrue(first.items().stream().allMatch(item -> item.outcome() == Outcome.OK), first.toString());
    int afterFirst = accepted.get();
    assertTrue(afterFirst >= 1 && afterFirst <= FETCHERS, "one connection a fetcher at most: " + afterFirst);

    JobReport second = runJob(dir.resolve("second"), "second");
    assertEquals(List.of(Outcome.OK), second.items().stream().map(ItemResult::outcome).distinct().toList());
    assertEquals(afterFirst, accepted.get(), "the second job's fetchers found the first's connections open");
    assertTrue(ConnectionLeases.get(testKit.system()).waiting() >= 1, "every fetcher gave its transport back");
  }

  @Test
  void aTransportIsLentToOneHolderAtATimeAndTheLastGivenBackIsLentFirst() {
    ConnectionLeases leases = new ConnectionLeases();
    FetcherConnections one = leases.lease(FetcherConnections.TCP);
    FetcherConnections two = leases.lease(FetcherConnections.TCP);
    assertNotSame(one, two, "held by one fetcher, not lent to another");

    leases.giveBack(one);
    leases.giveBack(two);
    assertSame(two, leases.lease(FetcherConnections.TCP), "the last given back, its connections the likeliest open");
    assertSame(one, leases.lease(FetcherConnections.TCP));
    assertEquals(0, leases.waiting());
  }

  @Test
  void transportsOverAnotherTransportUnderneathAreKeptApart() {
    ConnectionLeases leases = new ConnectionLeases();
    ClientTransport proxy = ClientTransport.httpsProxy(new java.net.InetSocketAddress("127.0.0.1", 3128));
    FetcherConnections plain = leases.lease(FetcherConnections.TCP);
    leases.giveBack(plain);
    FetcherConnections proxied = leases.lease(proxy);
    assertNotSame(plain, proxied, "a connection through a proxy is not one straight to the host");
    assertSame(proxy, proxied.underneath());
    assertSame(plain, leases.lease(FetcherConnections.TCP));
  }
}
