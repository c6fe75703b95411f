package dev.fetchpipe.origin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The faults the origin's HTTP server cannot commit, because Pekko HTTP writes only well-formed responses: a plain TCP
 * listener of its own, on a free port of the origin's host, that answers each connection's first request with bytes
 * written by hand and then closes it. {@code /fault/slow-headers} and {@code /fault/malformed/{kind}} redirect here
 * (see {@link FaultRoutes}), so they are reached through the origin's own address.
 *
 * <ul>
 *   <li>{@code /raw/slow-headers?every=MS}: {@code HTTP/1.1 200 OK}, then the head goes on one byte every MS
 *       (default 1000) and never ends, for as long as the client stays.
 *   <li>{@code /raw/malformed/status}: a status line whose code is not a number.
 *   <li>{@code /raw/malformed/length}: a {@code Content-Length} that is not a number.
 *   <li>{@code /raw/malformed/chunk}: a chunked body whose second chunk's size is not hexadecimal.
 *   <li>{@code /raw/no-head/{n}}: a server that refuses HEAD (405, {@code Allow: GET}) and serves a GET the n bytes of
 *       {@code /bytes/{n}}, or their first byte as a 206 for {@code Range: bytes=0-0}.
 * </ul>
 *
 * Its requests are counted with the origin's others ({@link OriginStats}), each in flight from its request line until
 * its connection closes, whichever side closes it: {@code inFlight("/raw")} is 0 once every client sent here has
 * gone, or tore its connection down.
 */
final class RawFaults {
  static final long DEFAULT_EVERY_MS = 1000;
  /** A request head longer than this is not read further: the answer is 400. */
  private static final int MAX_REQUEST_LINE = 8192;
  private static final String NO_HEAD = "/raw/no-head/";

  private final Materializer materializer;
  private final OriginStats stats;

  RawFaults(ActorSystem<?> system, OriginStats stats) {
    this.materializer = Materializer.matFromSystem(system);
    this.stats = stats;
  }

  /** Binds a free port of {@code host}; completes with it once connections are accepted. */
  CompletionStage<Tcp.ServerBinding> bind(ActorSystem<?> system, String host) {
    return Tcp.get(system).bind(host, 0)
        .to(Sink.foreach(connection -> connection.handleWith(answer(), materializer)))
        .run(materializer);
  }

  /**
   * One connection: its bytes are read (and ignored) until it closes, its first request line picks the answer, and
   * the connection closes when the answer is written, or when the client goes.
   */
  private Flow<ByteString, ByteString, NotUsed> answer() {
    RequestLine line = new RequestLine();
    Source<ByteString, NotUsed> out = Source.completionStage(line.head).flatMapConcat(head -> {
      String target = head.target();
      int query = target.indexOf('?');
      OriginStats.Ticket ticket = stats.arrived(query < 0 ? target : target.substring(0, query));
      Source<ByteString, NotUsed> answer = target.startsWith(NO_HEAD) ? noHead(head) : respond(target);
      return answer.watchTermination((notUsed, done) -> {
        done.whenComplete((ok, failure) -> ticket.done());
        return notUsed;
      });
    });
    return Flow.fromSinkAndSourceCoupled(Sink.foreach(line::read), out);
  }

  /** A request's method, target and Range header (or null). */
  record Head(String method, String target, String range) {}

  /** The head of a connection's first request, once it has arrived whole. */
  private static final class RequestLine {
    final CompletableFuture<Head> head = new CompletableFuture<>();
    private ByteString seen = ByteString.emptyByteString();

    void read(ByteString bytes) {
      if (head.isDone()) return;
      seen = seen.concat(bytes);
      String text = seen.decodeString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0 && seen.size() <= MAX_REQUEST_LINE) return;
      String[] lines = end < 0 ? new String[0] : text.substring(0, end).split("\r\n");
      String[] parts = lines.length == 0 ? new String[0] : lines[0].strip().split(" ");
      String range = null;
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].regionMatches(true, 0, "Range:", 0, 6)) range = lines[i].substring(6).strip();
      }
      boolean usable = parts.length == 3 && parts[1].startsWith("/");
      head.complete(usable ? new Head(parts[0], parts[1], range) : new Head("GET", "/", null));
    }
  }

  /** {@code /raw/no-head/{n}}: HEAD refused; a GET gets the bytes, or its first one for {@code Range: bytes=0-0}. */
  static Source<ByteString, NotUsed> noHead(Head head) {
    var n = OriginRoutes.parseInRange(head.target().substring(NO_HEAD.length()), 1, OriginRoutes.MAX_BYTES);
    if (n.isEmpty()) return bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    long length = n.getAsLong();
    if (head.method().equals("HEAD")) {
      return bytes("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    if ("bytes=0-0".equals(head.range())) {
      return bytes("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-0/" + length
          + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\n").concat(DeterministicBytes.stream(1));
    }
    return bytes("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
        .concat(DeterministicBytes.stream(length));
  }

  static Source<ByteString, NotUsed> respond(String target) {
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    return switch (path) {
      case "/raw/slow-headers" -> slowHeaders(everyMs(query < 0 ? "" : target.substring(query + 1)));
      case "/raw/malformed/status" -> bytes("HTTP/1.1 2x0 Not A Status\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
      case "/raw/malformed/length" -> bytes("HTTP/1.1 200 OK\r\nContent-Length: twelve\r\nConnection: close\r\n\r\nhello world!");
      case "/raw/malformed/chunk" -> bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");
      case "/" -> bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      default -> bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    };
  }

  /** A status line, then a header that never ends: one more byte every {@code everyMs}. */
  private static Source<ByteString, NotUsed> slowHeaders(long everyMs) {
    return bytes("HTTP/1.1 200 OK\r\nX-Slow: ")
        .concat(Source.repeat(ByteString.fromString("x"))
            .throttle(1, Duration.ofMillis(everyMs), 1, ThrottleMode.shaping()));
  }

  /** {@code every=MS} from the query, 1 to the origin's longest delay; the default when absent or unusable. */
  private static long everyMs(String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("every=")) {
        var ms = OriginRoutes.parseInRange(pair.substring("every=".length()), 1, OriginRoutes.MAX_DELAY_MS);
        if (ms.isPresent()) return ms.getAsLong();
      }
    }
    return DEFAULT_EVERY_MS;
  }

  private static Source<ByteString, NotUsed> bytes(String text) {
    return Source.single(ByteString.fromString(text, StandardCharsets.ISO_8859_1));
  }
}
