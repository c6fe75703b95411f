package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.DaemonSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The daemon's HTTP server around its {@link DaemonRoutes}, holding out against clients that would starve it: a
 * connection that has not sent a whole request head within daemon.header-read-timeout is closed (Pekko has no such
 * timeout: a client sending a byte now and then beats its idle timeout), a request without the token closes its
 * connection once answered, and {@link Connections} keeps the number of connections within daemon.max-connections,
 * strangers first out, idle users next. A {@code StackOverflowError} in a route is that request's 500, not the end of the JVM.
 */
final class ApiServer {
  /** Pekko's own limit sits above ours, so that it keeps accepting while ours makes room. */
  private static final int PEKKO_HEADROOM = 64;
  /**
   * Connections waiting to be accepted (the kernel caps it at net.core.somaxconn). Pekko's 100 overflows under a burst
   * of connections, and then the kernel drops new ones' first packet: a user's connection among them waits a second
   * or more for its retry, while the daemon would have accepted it (and closed a stranger's) in milliseconds.
   */
  private static final int BACKLOG = 4096;

  private ApiServer() {}

  /** Pekko HTTP's server settings that go with the daemon's limits. */
  static Config pekkoConfig(DaemonSettings settings) {
    return ConfigFactory.parseString(String.join("\n",
        "pekko.http.server.idle-timeout = " + settings.limits().idleTimeout().toMillis() + "ms",
        "pekko.http.server.max-connections = " + (settings.limits().maxConnections() + PEKKO_HEADROOM),
        "pekko.http.server.backlog = " + BACKLOG,
        "pekko.http.server.parsing.max-content-length = " + settings.maxBodySize()));
  }

  static CompletionStage<ServerBinding> bind(ActorSystem<?> system, DaemonSettings settings, DaemonRoutes routes) {
    Connections connections = new Connections(settings.limits().maxConnections());
    Function<HttpRequest, CompletionStage<HttpResponse>> handler = routes.route().handler(system);
    Duration headerReadTimeout = settings.limits().headerReadTimeout();
    Flow<HttpRequest, HttpResponse, ?> perConnection = Flow.fromMaterializer((materializer, attributes) -> {
      Connections.Connection connection = connections.open();
      Cancellable headerTimer = system.scheduler().scheduleOnce(headerReadTimeout, () -> {
        if (!connection.requested) connection.close();
      }, system.executionContext());
      return Flow.<HttpRequest>create()
          .via(connection.closer.flow())
          .mapAsync(1, request -> answer(routes, handler, connection, request))
          .watchTermination((notUsed, done) -> {
            done.whenComplete((ignored, failure) -> {
              headerTimer.cancel();
              connections.closed(connection);
            });
            return notUsed;
          });
    });
    return Http.get(system).newServerAt(settings.host(), settings.port()).bindFlow(perConnection);
  }

  private static CompletionStage<HttpResponse> answer(DaemonRoutes routes,
      Function<HttpRequest, CompletionStage<HttpResponse>> handler, Connections.Connection connection,
      HttpRequest request) {
    connection.requested = true;
    boolean allowed = routes.verdict(request) == Access.Verdict.ALLOWED;
    if (allowed) connection.known = true;
    // An event stream's connection is at work for as long as the stream lasts: never closed to make room.
    if (allowed && request.getUri().path().endsWith("/events")) connection.streaming = true;
    connection.answering();
    CompletionStage<HttpResponse> response;
    try {
      response = handler.apply(request);
    } catch (StackOverflowError e) {
      response = CompletableFuture.completedFuture(HttpResponse.create().withStatus(500).withEntity(
          HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"error\": \"the request could not be handled\"}")));
    } catch (Exception e) {
      connection.answered();
      return CompletableFuture.failedFuture(e);
    }
    response = response.whenComplete((answer, failure) -> {
      connection.answered();
      // A refused stream is no stream: its connection may make room like any idle one.
      if (answer != null && answer.status().intValue() != 200) connection.streaming = false;
    });
    // A stranger's connection is not kept open for a next try: it would hold a place a user of the daemon needs.
    return allowed || connection.known ? response : response.thenApply(answer -> answer.addHeader(Connection.create("close")));
  }
}
