package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A fetcher's switch on its connections, on real Pekko streams: pulled, it fails every connection opened under it,
 * both ways (what makes the TCP stage reset the socket), and none opened under the next one; a connection opened under
 * a switch already pulled (a tear-down racing the pool's open) fails at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionSwitchTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  private final Materializer materializer = Materializer.matFromSystem(testKit.system());

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  /** The client's end of one connection, what it received, how the server's end ended, its first bytes there. */
  private record Connection(BoundedSourceQueue<ByteString> client, CompletionStage<List<ByteString>> received,
      CompletionStage<Done> server, CompletableFuture<ByteString> arrived) {}

  /** A connection to an echoing server, under {@code under}. */
  private Connection open(ConnectionSwitch.Switch under) {
    CompletableFuture<ByteString> arrived = new CompletableFuture<>();
    Flow<ByteString, ByteString, CompletionStage<Done>> server =
        Flow.of(ByteString.class).wireTap(arrived::complete).watchTermination(Keep.right());
    Flow<ByteString, ByteString, CompletionStage<Done>> connection =
        BidiFlow.fromGraph(new ConnectionSwitch(() -> under)).join(server, (none, ended) -> ended);
    Pair<Pair<BoundedSourceQueue<ByteString>, CompletionStage<Done>>, CompletionStage<List<ByteString>>> running =
        Source.<ByteString>queue(16).viaMat(connection, Keep.both()).toMat(Sink.seq(), Keep.both()).run(materializer);
    return new Connection(running.first().first(), running.second(), running.first().second(), arrived);
  }

  private static Throwable failure(CompletionStage<?> stage) {
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return failed.getCause();
  }

  @Test
  void pullingASwitchFailsItsConnectionsBothWaysAndNoneOpenedUnderTheNext() throws Exception {
    ConnectionSwitch.Switch first = new ConnectionSwitch.Switch();
    Connection a = open(first);
    Connection b = open(first);
    // Bytes through it: the connection is open under the switch, not only being opened.
    a.client().offer(ByteString.fromString("sent before"));
    a.arrived().get(10, TimeUnit.SECONDS);
    ConnectionSwitch.Switch next = new ConnectionSwitch.Switch();
    Connection c = open(next);

    IllegalStateException why = new IllegalStateException("torn down");
    first.abort(why);
    for (Connection torn : List.of(a, b)) {
      assertEquals(why, failure(torn.received()), "the client's side fails with the switch's cause");
      assertEquals(why, failure(torn.server()), "and so does the server's side");
    }

    c.client().offer(ByteString.fromString("hello"));
    c.client().complete();
    assertEquals(List.of(ByteString.fromString("hello")), c.received().toCompletableFuture().get(10, TimeUnit.SECONDS),
        "a connection under the next switch carries its bytes both ways");
    assertEquals(Done.getInstance(), c.server().toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aConnectionOpenedUnderAPulledSwitchFailsAtOnce() {
    ConnectionSwitch.Switch pulled = new ConnectionSwitch.Switch();
    IllegalStateException why = new IllegalStateException("pulled before the pool opened it");
    pulled.abort(why);
    Connection late = open(pulled);
    assertEquals(why, failure(late.received()));
    assertEquals(why, failure(late.server()));
  }
}
