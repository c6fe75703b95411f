package dev.fetchpipe.origin;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faults as fetchpipe's own client meets them: Pekko HTTP's {@code singleRequest}, reading
 * {@code entity().getDataBytes()}, with the project's pool settings (no retries behind our back).
 */
class OriginFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static RunningOrigin origin;
  private static ActorSystem<Void> client;

  @BeforeAll
  static void start() {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    client = ActorSystem.create(Behaviors.empty(), "fault-client", ConfigFactory.load());
  }

  @AfterAll
  static void stop() throws Exception {
    // Pools first: terminating with pools still open makes Pekko log that they shut down unexpectedly.
    Http.get(client).shutdownAllConnectionPools().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.terminate();
    origin.close();
  }

  @Test
  void resetSendsHeadersAndPartOfTheBodyThenResetsTheConnection() throws Exception {
    Fetched fetched = fetch(origin.url("/fault/reset/100000?sent=30000"), Optional.empty());
    assertEquals(StatusCodes.OK, fetched.status());
    assertEquals(100_000, fetched.declaredLength());
    // The body stream fails; it does not end normally with fewer bytes.
    assertInstanceOf(StreamTcpException.class, fetched.bodyError());
    assertTrue(fetched.bodyError().getMessage().contains("Connection reset"), fetched.bodyError().getMessage());
    // What did arrive is the start of /bytes (a reset may drop bytes the client had not read yet).
    assertTrue(fetched.body().length <= 30_000, fetched.body().length + " bytes");
    assertArrayEquals(bytes(fetched.body().length), fetched.body());
  }

  @Test
  void resetWithNothingSentStillHasTheHeaders() throws Exception {
    Fetched fetched = fetch(origin.url("/fault/reset/10?sent=0"), Optional.empty());
    assertEquals(StatusCodes.OK, fetched.status());
    assertEquals(0, fetched.body().length);
    assertInstanceOf(StreamTcpException.class, fetched.bodyError());
  }

  @Test
  void truncateDeclaresTheFullLengthSendsLessAndClosesNormally() throws Exception {
    Fetched fetched = fetch(origin.url("/fault/truncate/1000?sent=400"), Optional.empty());
    assertEquals(StatusCodes.OK, fetched.status());
    assertEquals(1000, fetched.declaredLength());
    assertInstanceOf(EntityStreamException.class, fetched.bodyError());
    assertTrue(fetched.bodyError().getMessage().contains("truncation"), fetched.bodyError().getMessage());
    // A normal close loses nothing: every byte sent arrives.
    assertArrayEquals(bytes(400), fetched.body());
  }

  @Test
  void truncateSendsHalfByDefault() throws Exception {
    Fetched fetched = fetch(origin.url("/fault/truncate/300000"), Optional.empty());
    assertEquals(300_000, fetched.declaredLength());
    assertNotNull(fetched.bodyError());
    assertEquals(150_000, fetched.body().length);
  }

  @Test
  void trickleSendsEveryByteSlowly() throws Exception {
    long started = System.nanoTime();
    Fetched fetched = fetch(origin.url("/fault/trickle/1000?chunk=100&every=20"), Optional.empty());
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertNull(fetched.bodyError());
    assertEquals(1000, fetched.declaredLength());
    assertArrayEquals(bytes(1000), fetched.body());
    // Ten chunks, nine waits of 20 ms between them; a busy machine only makes it slower.
    assertTrue(elapsedMs >= 170, "took " + elapsedMs + " ms");
  }

  @Test
  void trickleTripsABodyIdleTimeoutShorterThanItsInterval() throws Exception {
    Fetched fetched = fetch(origin.url("/fault/trickle/300?chunk=100&every=400"), Optional.of(Duration.ofMillis(100)));
    assertEquals(StatusCodes.OK, fetched.status());
    assertInstanceOf(StreamIdleTimeoutException.class, fetched.bodyError());
    // The first chunk comes with the headers; the timeout strikes while waiting for the second.
    assertArrayEquals(bytes(100), fetched.body());
  }

  @Test
  void aBodyTheClientCancelsIsNoLongerInFlightAtTheOrigin() throws Exception {
    // The second byte would come after a minute; the client takes the first and cancels, as an abort does.
    String path = "/fault/trickle/3?chunk=1&every=60000";
    // Connection: close, as in fetch(): no later test reuses this connection.
    HttpResponse response = Http.get(client)
        .singleRequest(HttpRequest.GET(origin.url(path)).addHeader(Connection.create("close")))
        .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(1, origin.inFlight("/fault/trickle/3"));
    response.entity().getDataBytes().take(1).runWith(Sink.ignore(), client)
        .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    eventually(WAIT, "no trickle in flight at the origin", () -> origin.inFlight("/fault/trickle/3"), n -> n == 0);
    assertEquals(1, origin.peakInFlight("/fault/trickle/3"));
  }

  @Test
  void tooManyRequestsCarriesRetryAfterForTheFirstAttemptsThenSucceeds() throws Exception {
    String url = origin.url("/fault/429/retry-after-key?times=2&after=7");
    for (int attempt = 1; attempt <= 2; attempt++) {
      Fetched refused = fetch(url, Optional.empty());
      assertEquals(StatusCodes.TOO_MANY_REQUESTS, refused.status(), "attempt " + attempt);
      assertEquals(Optional.of(7L), refused.retryAfterSeconds(), "attempt " + attempt);
    }
    Fetched ok = fetch(url, Optional.empty());
    assertEquals(StatusCodes.OK, ok.status());
    assertEquals("ok /fault/429/retry-after-key\n", ok.text());
    assertEquals(Optional.empty(), ok.retryAfterSeconds());
  }

  @Test
  void eachKeyCountsItsOwnAttempts() throws Exception {
    assertEquals(StatusCodes.TOO_MANY_REQUESTS, fetch(origin.url("/fault/429/key-a"), Optional.empty()).status());
    assertEquals(StatusCodes.TOO_MANY_REQUESTS, fetch(origin.url("/fault/429/key-b"), Optional.empty()).status());
    assertEquals(StatusCodes.OK, fetch(origin.url("/fault/429/key-a"), Optional.empty()).status());
    // The same key under another fault is another count.
    assertEquals(StatusCodes.SERVICE_UNAVAILABLE, fetch(origin.url("/fault/503/key-a"), Optional.empty()).status());
  }

  @Test
  void unavailableComesInABurstThenGoesAway() throws Exception {
    List<StatusCode> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Fetched fetched = fetch(origin.url("/fault/503/burst-key?times=3"), Optional.empty());
      statuses.add(fetched.status());
      assertEquals(Optional.empty(), fetched.retryAfterSeconds(), "no Retry-After unless asked for");
    }
    assertEquals(List.of(StatusCodes.SERVICE_UNAVAILABLE, StatusCodes.SERVICE_UNAVAILABLE,
        StatusCodes.SERVICE_UNAVAILABLE, StatusCodes.OK), statuses);
    Fetched withRetryAfter = fetch(origin.url("/fault/503/burst-with-after?after=2"), Optional.empty());
    assertEquals(StatusCodes.SERVICE_UNAVAILABLE, withRetryAfter.status());
    assertEquals(Optional.of(2L), withRetryAfter.retryAfterSeconds());
  }

  @Test
  void flakyFailsTheFirstAttemptsWithEveryTransientStatusThenSucceeds() throws Exception {
    var seen = new ArrayList<StatusCode>();
    for (int attempt = 1; attempt <= 5; attempt++) {
      StatusCode status = fetch(origin.url("/fault/flaky/flaky-key?fail=5"), Optional.empty()).status();
      assertEquals(FaultRoutes.transientStatus("flaky-key", attempt), status, "attempt " + attempt);
      seen.add(status);
    }
    assertEquals(new HashSet<>(FaultRoutes.TRANSIENT), new HashSet<>(seen));
    Fetched ok = fetch(origin.url("/fault/flaky/flaky-key?fail=5"), Optional.empty());
    assertEquals(StatusCodes.OK, ok.status());
    assertEquals("ok /fault/flaky/flaky-key\n", ok.text());
  }

  @Test
  void flakyWithNothingToFailSucceedsAtOnce() throws Exception {
    assertEquals(StatusCodes.OK, fetch(origin.url("/fault/flaky/never-fails?fail=0"), Optional.empty()).status());
  }

  @Test
  void badParametersAre400AndUseNoAttempt() throws Exception {
    assertEquals(StatusCodes.BAD_REQUEST, fetch(origin.url("/fault/429/bad-key?times=lots"), Optional.empty()).status());
    assertEquals(StatusCodes.BAD_REQUEST, fetch(origin.url("/fault/reset/10?sent=10"), Optional.empty()).status());
    assertEquals(StatusCodes.BAD_REQUEST, fetch(origin.url("/fault/truncate/0"), Optional.empty()).status());
    assertEquals(StatusCodes.BAD_REQUEST, fetch(origin.url("/fault/trickle/10?chunk=0"), Optional.empty()).status());
    assertEquals(StatusCodes.BAD_REQUEST, fetch(origin.url("/fault/flaky/bad-key?fail=-1"), Optional.empty()).status());
    assertEquals(StatusCodes.NOT_FOUND, fetch(origin.url("/fault/nonsense/1"), Optional.empty()).status());
    // The refused request did not count: the key still fails its first attempt.
    assertEquals(StatusCodes.TOO_MANY_REQUESTS, fetch(origin.url("/fault/429/bad-key"), Optional.empty()).status());
  }

  /** What the client saw: the response head, the bytes that arrived, and how the body stream ended. */
  private record Fetched(HttpResponse response, byte[] body, Throwable bodyError) {
    StatusCode status() {
      return response.status();
    }

    long declaredLength() {
      return response.entity().getContentLengthOption().orElse(-1);
    }

    Optional<Long> retryAfterSeconds() {
      // By name: fetchpipe's client keeps response headers as text (modeled-header-parsing = off).
      return response.getHeader("Retry-After").map(header -> Long.parseLong(header.value().trim()));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** One request the way the fetcher makes it; the body is read to its end or its failure. */
  private static Fetched fetch(String url, Optional<Duration> bodyIdleTimeout) throws Exception {
    // Connection: close, so a connection whose body a test cuts off is never reused by the next test's request
    // (Pekko would fail that request with the earlier body's error).
    HttpResponse response = Http.get(client).singleRequest(HttpRequest.GET(url).addHeader(Connection.create("close")))
        .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    Source<ByteString, Object> data = response.entity().getDataBytes();
    if (bodyIdleTimeout.isPresent()) {
      data = data.idleTimeout(bodyIdleTimeout.get());
    }
    var received = new ByteArrayOutputStream();
    try {
      // Only the stream's own thread writes to the buffer, one element after another.
      data.runForeach(bytes -> received.write(bytes.toArray()), client)
          .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new Fetched(response, received.toByteArray(), null);
    } catch (ExecutionException e) {
      return new Fetched(response, received.toByteArray(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the body neither ended nor failed within " + WAIT, e);
    }
  }

  /** The first n bytes of /bytes, which every fault body is made of. */
  private static byte[] bytes(int n) throws Exception {
    ByteString all = DeterministicBytes.stream(n).runFold(ByteString.emptyByteString(), ByteString::concat, client)
        .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return Arrays.copyOf(all.toArray(), n);
  }
}
