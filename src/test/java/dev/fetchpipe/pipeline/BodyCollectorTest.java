package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bodies read in one shared stream: each whole, each cut off on its own, none failing another. */
class BodyCollectorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final BodyCollector BODIES = BodyCollector.get(KIT.system());
  private static final Duration IDLE = Duration.ofSeconds(5);

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private static Source<ByteString, ?> chunks(String... parts) {
    return Source.from(List.of(parts)).map(part -> ByteString.fromString(part, StandardCharsets.UTF_8));
  }

  private static String text(CompletionStage<ByteString> body) throws Exception {
    return body.toCompletableFuture().get(5, TimeUnit.SECONDS).utf8String();
  }

  private static Throwable failure(CompletionStage<ByteString> body) {
    return assertThrows(ExecutionException.class, () -> body.toCompletableFuture().get(5, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void aBodyArrivesWholeInItsChunksOrder() throws Exception {
    assertEquals("GIF89a-flag", text(BODIES.read(chunks("GIF", "89a", "-flag"), IDLE, 100).body()));
  }

  @Test
  void aBodyOverItsLimitFailsAndTheNextIsReadAsUsual() throws Exception {
    Throwable tooLarge = failure(BODIES.read(chunks("0123456789", "0123456789"), IDLE, 15).body());

    assertInstanceOf(StreamLimitReachedException.class, tooLarge);
    assertEquals("after", text(BODIES.read(chunks("after"), IDLE, 15).body()));
  }

  @Test
  void aBodyCutOffByItsSwitchFailsWithItsCauseWhileAnotherGoesOn() throws Exception {
    BodyCollector.Reading stuck = BODIES.read(Source.<ByteString>maybe(), IDLE, 100);
    BodyCollector.Reading other = BODIES.read(Source.<ByteString>never().prepend(chunks("x")).take(1), IDLE, 100);
    IllegalStateException cause = new IllegalStateException("fetch aborted");

    stuck.killSwitch().abort(cause);

    assertSame(cause, failure(stuck.body()));
    assertEquals("x", text(other.body()));
  }

  @Test
  void aStreamThatEndedAnywayIsStartedAgainForTheNextBody() throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    try {
      BodyCollector bodies = BodyCollector.get(kit.system());
      // No body can fail the stream itself, but a bug can: here, a body with no data at all.
      bodies.read(null, IDLE, 100);

      // A body offered while the stream is still failing is lost with it (its fetcher's request timeout ends it);
      // the next one goes to a new stream.
      String read = null;
      for (int attempt = 0; attempt < 3 && read == null; attempt++) {
        try {
          read = bodies.read(chunks("next"), IDLE, 100).body().toCompletableFuture().get(1, TimeUnit.SECONDS).utf8String();
        } catch (TimeoutException lostWithTheOldStream) {
          // try again
        }
      }
      assertEquals("next", read);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aBodyThatGoesQuietFailsAfterTheIdleTimeout() {
    Throwable idle = failure(BODIES.read(Source.<ByteString>maybe(), Duration.ofMillis(100), 100).body());

    assertInstanceOf(StreamIdleTimeoutException.class, idle);
  }
}
