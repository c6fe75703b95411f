package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.DaemonSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 *
 * <p>The server runs in an actor system of its own ({@link #system}): its connection actors, its accepting and its
 * requests' streams on threads the jobs never use. On the jobs' system a busy job fills the dispatcher's queues, and
 * Pekko accepts one connection per round trip through them: a burst of a thousand strangers' connections then took
 * the accept queue many seconds to drain, a token holder's connection waiting behind them all (docs/bench-log.md).
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
  /** The name of the API's actor system (its threads are named after it). */
  static final String SYSTEM_NAME = "fetchpipe-api";

  private ApiServer() {}

  /** Pekko HTTP's server settings that go with the daemon's limits. */
  static Config pekkoConfig(DaemonSettings settings) {
    return ConfigFactory.parseString(String.join("\n",
        "pekko.http.server.idle-timeout = " + settings.limits().idleTimeout().toMillis() + "ms",
        "pekko.http.server.max-connections = " + (settings.limits().maxConnections() + PEKKO_HEADROOM),
        "pekko.http.server.backlog = " + BACKLOG,
        "pekko.http.server.parsing.max-content-length = " + settings.maxBodySize()));
  }

  /**
   * The API's own actor system, local whatever the daemon's is (a cluster's keys and port stay the jobs' system's):
   * the daemon's config with Pekko HTTP's server settings, its shutdown left to the daemon's (which unbinds the API
   * first and stops this system last: {@link #stopWith}).
   */
  static ActorSystem<Void> system(Config merged, DaemonSettings settings) {
    Config own = ConfigFactory.parseString(String.join("\n",
        "pekko.actor.provider = local",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
        "pekko.coordinated-shutdown.exit-jvm = off",
        // Its own size, not the jobs' (a thread a core): with as many threads as a busy job's system, the kernel gave
        // each API thread a sliver of a core while a thousand connections waited to be accepted (docs/bench-log.md).
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + settings.limits().threads(),
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + settings.limits().threads()));
    return ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, own.withFallback(pekkoConfig(settings)).withFallback(merged));
  }

  /** The API's system terminates as the daemon's last phase runs, once the API is unbound and every job stopped. */
  static void stopWith(ActorSystem<?> daemon, ActorSystem<Void> api) {
    CoordinatedShutdown.get(daemon).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-api-system",
        () -> {
          api.terminate();
          return api.getWhenTerminated();
        });
  }

  /** Binds the API in {@code api}, the system {@link #system} made. */
  static CompletionStage<ServerBinding> bind(ActorSystem<Void> api, DaemonSettings settings, DaemonRoutes routes) {
    Connections connections = new Connections(settings.limits().maxConnections());
    Function<HttpRequest, CompletionStage<HttpResponse>> handler = routes.route().handler(api);
    Duration headerReadTimeout = settings.limits().headerReadTimeout();
    Flow<HttpRequest, HttpResponse, ?> perConnection = Flow.fromMaterializer((materializer, attributes) -> {
      Connections.Connection connection = connections.open();
      Cancellable headerTimer = api.scheduler().scheduleOnce(headerReadTimeout, () -> {
        if (!connection.requested) connection.close();
      }, api.executionContext());
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
    return Http.get(api).newServerAt(settings.host(), settings.port()).bindFlow(perConnection);
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
