package dev.fetchpipe.pipeline;

import dev.fetchpipe.net.NetPlan;
import dev.fetchpipe.net.Route;
import dev.fetchpipe.pekko.DirectCompletion;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * How one {@link Fetcher} talks to Pekko HTTP's client: plumbing with no actor state, so the fetcher keeps its stages.
 * Its requests go through connection pools of its own ({@link FetcherConnections}), so that it can tear down the
 * connection of a request it gave up on; lent for the fetcher's life ({@link ConnectionLeases}), so that its pools and
 * open connections serve the next fetcher, of this job or a later one, rather than being opened again for each.
 */
final class FetcherHttp {
  /**
   * A fetcher has one request open at a time, but the body of one it gave up on, or of a redirect, may still be
   * draining on a second connection to the same host; a third request waits in the pool for one of them.
   */
  static final int CONNECTIONS_PER_HOST = 2;
  static final int OPEN_REQUESTS = 4;
  /** Most bytes of a body nobody reads (an error page, a redirect's) that are read anyway, to keep its connection. */
  static final long DISCARD_AT_MOST = 256 * 1024;

  private final Http http;
  private final ConnectionLeases leases;
  /** The transports this fetcher holds, one for each route its requests took (direct, or through a proxy). */
  private final Map<Route, FetcherConnections> connections = new HashMap<>();
  /** Bodies nobody reads still being drained from a connection of this fetcher's (see {@link #discard}). */
  private final AtomicInteger draining = new AtomicInteger();
  /** The job's pool settings, and the direct route's narrowed to this fetcher's transport. */
  private final ConnectionPoolSettings jobPool;
  private final ConnectionPoolSettings pool;
  private final NetPlan net;
  /** Pekko HTTP's own default log for requests: part of what identifies a pool, so jobs' requests share pools. */
  private final LoggingAdapter log;
  private final Materializer materializer;
  private final Duration discardFor;

  /**
   * @param pool       the job's connection pool settings, made once per job from its fitted config: requests go
   *                   through them rather than the actor system's, which in a long-lived system were fitted to no job
   * @param discardFor longest a body nobody reads is read for (see {@link #discard})
   */
  FetcherHttp(ActorSystem<?> system, ConnectionPoolSettings pool, NetPlan net, Duration discardFor) {
    this.http = Http.get(system);
    this.leases = ConnectionLeases.get(system);
    this.net = net;
    this.jobPool = pool;
    this.pool = settings(Route.DIRECT);
    this.log = system.classicSystem().log();
    this.materializer = Materializer.matFromSystem(system);
    this.discardFor = discardFor;
  }

  /**
   * Sends {@code request} on its route (direct, or through a proxy: see {@link NetPlan}); its answer completes on
   * whichever thread has it (the fetcher pipes it to itself).
   */
  CompletionStage<HttpResponse> send(HttpRequest request) {
    Route route = net.route(request.getUri());
    CompletionStage<HttpResponse> sent =
        http.singleRequest(net.prepare(request, route), https(request), settings(route), log);
    return DirectCompletion.of(net.explained(sent, route, this::discard));
  }

  /**
   * The pool settings of {@code route}'s transport, leased the first time the route is taken. The direct route's
   * transport is equal job after job (see {@link NetPlan#transport}), so its lease finds the pools and open
   * connections of an earlier fetcher; a proxy's is the job's own.
   */
  private ConnectionPoolSettings settings(Route route) {
    FetcherConnections leased = connections.computeIfAbsent(route, taken -> leases.lease(net.transport(taken)));
    return leased.pools(jobPool, jobs -> jobs.withMaxConnections(CONNECTIONS_PER_HOST).withMaxOpenRequests(OPEN_REQUESTS)
        .withTransport(leased));
  }

  /**
   * The job's TLS trust (fetch.tls), the same object for every request of the job, as it is part of what identifies
   * a pool; an http request's pool has none, so it need not be made for a job of http URLs.
   */
  private HttpsConnectionContext https(HttpRequest request) {
    return "https".equals(request.getUri().getScheme()) ? net.httpsContext() : http.defaultClientHttpsContext();
  }

  /** How a request to {@code uri} connects, as the report says it: null for direct (or a URI Pekko cannot read). */
  String routeShown(String uri) {
    if (net.proxies().isNone()) return null;
    try {
      Route route = net.route(org.apache.pekko.http.javadsl.model.Uri.create(uri));
      return route.direct() ? null : route.described();
    } catch (RuntimeException unusable) {
      return null;
    }
  }

  /**
   * Reads a response's body for nothing, as Pekko HTTP requires of every entity nobody reads, so that its connection
   * can carry the next request. But only so much, for so long: a body larger than {@link #DISCARD_AT_MOST} or slower
   * than the idle timeout (an endless error page) is cut off, and its connection closes.
   */
  void discard(HttpResponse response) {
    ResponseEntity entity = response.entity();
    if (entity.isStrict()) return; // whole already: nothing more is read from the connection
    draining.incrementAndGet();
    entity.getDataBytes()
        .limitWeighted(DISCARD_AT_MOST, chunk -> (long) chunk.size())
        .completionTimeout(discardFor)
        .runWith(Sink.ignore(), materializer)
        .whenComplete((done, failure) -> draining.decrementAndGet());
  }

  /** Resets every connection of this fetcher now (see {@link FetcherConnections#tearDown}). */
  void tearDown(String why) {
    connections.values().forEach(leased -> leased.tearDown(why));
  }

  /**
   * The fetcher is done with its connections: they go back for the next fetcher to find open. Torn down first when
   * anything may still be on them ({@code open}: a request or body the fetcher gave up on or is stopping in; or a body
   * being drained), so that the next holder's requests are all they carry. Call once, as the fetcher stops.
   */
  void giveBack(boolean open) {
    if (open || draining.get() > 0) tearDown("the fetcher stopped");
    connections.forEach((route, leased) -> {
      // A proxy's transport is made for its job: kept, it would only wait on the shelf for a job that never comes.
      if (route.direct()) {
        leases.giveBack(leased);
      } else {
        leased.tearDown("the fetcher stopped");
      }
    });
  }

  /** The pool settings this fetcher's requests go through: its own while it lives. */
  ConnectionPoolSettings pool() {
    return pool;
  }

  Materializer materializer() {
    return materializer;
  }
}
