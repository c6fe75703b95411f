package dev.fetchpipe.origin;

import dev.fetchpipe.pekko.DirectCompletion;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The origin's handler, wrapped so that {@link OriginStats} sees every request from its arrival until its body
 * has been sent, or its client has gone.
 *
 * <p>It is a {@link Flow} because Pekko HTTP materializes a bound flow once per connection: that gives each
 * connection a place to keep its open requests, and signals when the client closes the connection.
 *
 * <p>Where a request ends:
 * <ul>
 *   <li>a strict response (every small answer), when the route hands it over;
 *   <li>a streamed body ({@code /bytes}, the faults), when the body stream completes, fails (a reset fault), or
 *       is cancelled because the connection broke;
 *   <li>any request, when its client closes the connection. Pekko's server sees a client's close (FIN) only as
 *       the end of the incoming requests, and would go on waiting out a {@code /delay} or trickling a body to
 *       nobody until a write fails, perhaps a minute later. So the end of a connection's requests counts as the
 *       client hanging up. A client that only half-closes and still reads would be counted out early; HTTP
 *       clients do not do that (a {@code Connection: close} request does not end the requests early: checked).
 * </ul>
 */
final class CountingHandler {

  // Requests that only read the counters are not traffic: reading /stats must not change it.
  private static final String STATS_PATH = "/stats";

  private CountingHandler() {}

  /**
   * Like the flow Pekko builds from a handler function (one request at a time per connection, responses in
   * order: HTTP/1.1 without pipelining), plus the counting.
   */
  static Flow<HttpRequest, HttpResponse, NotUsed> flow(
      Function<HttpRequest, CompletionStage<HttpResponse>> handler, OriginStats stats, ClientRates rates) {
    return Flow.fromMaterializer((materializer, attributes) -> {
      var connection = new Connection();
      return Flow.of(HttpRequest.class)
          // The requests end when the client closes the connection (or it breaks).
          .watchTermination((notUsed, ended) -> {
            DirectCompletion.of(ended).whenComplete((done, error) -> connection.close());
            return notUsed;
          })
          .mapAsync(1, request -> counted(request, handler, stats, rates, connection))
          // The responses end when the server stops sending: the connection is gone either way.
          .watchTermination((notUsed, ended) -> {
            DirectCompletion.of(ended).whenComplete((done, error) -> connection.close());
            return notUsed;
          });
    }).mapMaterializedValue(ignored -> NotUsed.notUsed());
  }

  private static CompletionStage<HttpResponse> counted(HttpRequest request,
      Function<HttpRequest, CompletionStage<HttpResponse>> handler, OriginStats stats, ClientRates rates,
      Connection connection) throws Exception {
    String path = request.getUri().path();
    if (path.isEmpty()) {
      path = "/";
    }
    if (path.equals(STATS_PATH) || path.startsWith(STATS_PATH + "/")) {
      return handler.apply(request);
    }
    String client = clientAddress(request);
    var body = new Body(client, stats.clientArrived(client), rates);
    OriginStats.Ticket ticket = connection.open(stats.arrived(path));
    CompletionStage<HttpResponse> response;
    try {
      response = handler.apply(request);
    } catch (Exception | Error e) {
      connection.finish(ticket);
      throw e;
    }
    return DirectCompletion.of(response).handle((answer, error) -> {
      if (error != null) {
        connection.finish(ticket);
        throw error instanceof CompletionException wrapped ? wrapped : new CompletionException(error);
      }
      return untilSent(answer, ticket, connection, body);
    });
  }

  /**
   * The client's IP address, as Pekko's server saw the connection's peer (pekko.http.server.remote-address-attribute,
   * which OriginServer turns on); "unknown" only if that attribute were missing.
   */
  private static String clientAddress(HttpRequest request) {
    return request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress)
        .map(InetAddress::getHostAddress)
        .orElse("unknown");
  }

  /** The same response, whose ticket is finished once its body has left (or never will). */
  private static HttpResponse untilSent(
      HttpResponse response, OriginStats.Ticket ticket, Connection connection, Body body) {
    ResponseEntity entity = response.entity();
    if (!connection.isOpen()) {
      connection.finish(ticket);
      return response;
    }
    if (entity.isStrict() && !(body.rates.limited() && !entity.isKnownEmpty())) {
      // Rendered in one piece right after this; the time to write a few bytes is not worth tracking.
      body.sent.add(((HttpEntity.Strict) entity).getData().size());
      connection.finish(ticket);
      return response;
    }
    Source<ByteString, Object> counted = body.rates.limit(body.client, entity.getDataBytes())
        .map(bytes -> {
          body.sent.add(bytes.size());
          return bytes;
        });
    Source<ByteString, Object> watched = counted.watchTermination((mat, ended) -> {
      // Completed, failed (a reset fault), or cancelled because the connection broke.
      DirectCompletion.of(ended).whenComplete((done, error) -> connection.finish(ticket));
      return mat;
    });
    return response.withEntity(sameFraming(entity, watched));
  }

  /** A new entity with other data bytes but the same framing, so the client sees the same headers. */
  private static ResponseEntity sameFraming(HttpEntity entity, Source<ByteString, ?> data) {
    // A strict entity gets here only when it is paced, never empty: a streamed one with the same Content-Length.
    if (entity.isDefault() || entity.isStrict()) {
      return HttpEntities.create(entity.getContentType(), entity.getContentLengthOption().getAsLong(), data);
    }
    if (entity.isCloseDelimited()) {
      return HttpEntities.createCloseDelimited(entity.getContentType(), data);
    }
    return HttpEntities.createChunked(entity.getContentType(), data);
  }

  /** Where a response's body goes: to this client, counted in its bytes, at its rate. */
  private record Body(String client, LongAdder sent, ClientRates rates) {}

  /**
   * One connection's requests still in flight. Synchronized: the route answers, bodies end, and the connection
   * closes on whichever threads run them.
   */
  private static final class Connection {
    private final Set<OriginStats.Ticket> open = new HashSet<>();
    private boolean closed;

    synchronized OriginStats.Ticket open(OriginStats.Ticket ticket) {
      if (closed) {
        // Pekko does not hand over requests after the connection's end; if it ever did, count none in flight.
        ticket.done();
      } else {
        open.add(ticket);
      }
      return ticket;
    }

    synchronized boolean isOpen() {
      return !closed;
    }

    synchronized void finish(OriginStats.Ticket ticket) {
      open.remove(ticket);
      ticket.done();
    }

    /** The client has gone: nothing still open on this connection will reach it. */
    synchronized void close() {
      closed = true;
      open.forEach(OriginStats.Ticket::done);
      open.clear();
    }
  }
}
