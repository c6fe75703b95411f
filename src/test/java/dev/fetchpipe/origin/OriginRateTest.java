package dev.fetchpipe.origin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * origin.rate-per-client against real sockets sent from different loopback addresses (all of 127/8 is loopback on
 * Linux). Timing is asserted one way only, where the effect is large: a limited client cannot be fast, and clients on
 * different addresses together get clearly more than one client's rate.
 */
class OriginRateTest {

  private static final long RATE = 1024 * 1024;
  private static final int SIZE = 3 * 1024 * 1024;

  private static RunningOrigin origin;
  private static ActorSystem expected;
  private static byte[] bytes;

  @BeforeAll
  static void start() throws Exception {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback().withRatePerClient(RATE));
    expected = ActorSystem.create("expected-bytes");
    bytes = DeterministicBytes.stream(SIZE).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), expected)
        .toCompletableFuture().get(10, TimeUnit.SECONDS).toArray();
  }

  @AfterAll
  static void stop() {
    origin.close();
    expected.terminate();
  }

  @BeforeEach
  void countAfresh() {
    origin.resetCounters();
  }

  @Test
  void oneClientIsHeldToItsRateAndGetsExactBytes() throws Exception {
    long start = System.nanoTime();
    byte[] body = get("127.0.0.1", "/bytes/" + SIZE);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertArrayEquals(bytes, body);
    // 3 MiB at 1 MiB/s is 3 s; unlimited, loopback sends it in milliseconds.
    assertTrue(seconds >= 2.2, () -> "3 MiB at 1 MiB/s came in " + seconds + " s");
    assertEquals(SIZE, origin.clientBytes("127.0.0.1"));
  }

  @Test
  void oneAddressSharesItsRateAcrossConnections() throws Exception {
    int half = SIZE / 2;
    long start = System.nanoTime();
    List<byte[]> bodies = both(() -> get("127.0.0.1", "/bytes/" + half), () -> get("127.0.0.1", "/bytes/" + half));
    double seconds = (System.nanoTime() - start) / 1e9;
    bodies.forEach(body -> assertArrayEquals(Arrays.copyOf(bytes, half), body));
    // Two connections from one address still share its 1 MiB/s: 3 MiB in about 3 s, not 1.5 s.
    assertTrue(seconds >= 2.2, () -> "2 x 1.5 MiB from one address came in " + seconds + " s");
    assertEquals(2, origin.clientRequests("127.0.0.1"));
  }

  @Test
  void eachAddressGetsItsOwnRate() throws Exception {
    long start = System.nanoTime();
    List<byte[]> bodies = both(() -> get("127.0.0.1", "/bytes/" + SIZE), () -> get("127.0.0.2", "/bytes/" + SIZE));
    double seconds = (System.nanoTime() - start) / 1e9;
    bodies.forEach(body -> assertArrayEquals(bytes, body));
    double rate = 2.0 * SIZE / RATE / seconds;
    // Sharing one rate would give 1x (6 s); two addresses give about 2x.
    assertTrue(rate >= 1.5, () -> "two addresses together got " + rate + " x one client's rate (" + seconds + " s)");
    assertEquals(SIZE, origin.clientBytes("127.0.0.1"));
    assertEquals(SIZE, origin.clientBytes("127.0.0.2"));
    assertEquals(1, origin.clientRequests("127.0.0.2"));
  }

  @Test
  void aClientThatHangsUpStopsDrawingOnItsAddressesRate() throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.3", 0));
      socket.connect(new InetSocketAddress(origin.host(), origin.port()), 5_000);
      String request = "GET /bytes/" + 20 * SIZE + " HTTP/1.1\r\nHost: " + origin.host() + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().readNBytes(1024);
    }
    long start = System.nanoTime();
    byte[] body = get("127.0.0.3", "/bytes/" + SIZE);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertArrayEquals(bytes, body);
    // 3 s at the address's whole rate. Were the abandoned 60 MiB body still drawing on 127.0.0.3's rate, the two would
    // take turns and this would take 6 s.
    assertTrue(seconds < 4.8, () -> "3 MiB after a hang-up took " + seconds + " s: the abandoned body still draws");
  }

  private interface Download {
    byte[] get() throws Exception;
  }

  private static List<byte[]> both(Download first, Download second) throws Exception {
    var a = CompletableFuture.supplyAsync(() -> unchecked(first));
    var b = CompletableFuture.supplyAsync(() -> unchecked(second));
    return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
  }

  private static byte[] unchecked(Download download) {
    try {
      return download.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A GET over a socket bound to localAddress, so the origin sees that address; returns the 200's body. */
  static byte[] get(String localAddress, String path) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress(origin.host(), origin.port()), 5_000);
      socket.setSoTimeout(30_000);
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + origin.host() + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      byte[] all = socket.getInputStream().readAllBytes();
      int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = new String(all, 0, end, StandardCharsets.US_ASCII);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      var body = new ByteArrayOutputStream();
      body.write(all, end + 4, all.length - end - 4);
      return body.toByteArray();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    throw new AssertionError("no end of headers in " + haystack.length + " bytes");
  }
}
