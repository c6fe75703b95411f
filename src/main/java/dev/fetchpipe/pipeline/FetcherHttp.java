package dev.fetchpipe.pipeline;

import dev.fetchpipe.pekko.DirectCompletion;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/** How one {@link Fetcher} talks to Pekko HTTP's client: plumbing with no actor state, so the fetcher keeps its stages. */
final class FetcherHttp {
  private final Http http;
  private final ConnectionPoolSettings pool;
  /** Pekko HTTP's own default log for requests: part of what identifies a pool, so jobs' requests share pools. */
  private final LoggingAdapter log;
  private final Materializer materializer;

  /**
   * @param pool the job's connection pool settings, made once per job from its fitted config: requests go through
   *             them rather than the actor system's, which in a long-lived system were fitted to no job in particular
   */
  FetcherHttp(ActorSystem<?> system, ConnectionPoolSettings pool) {
    this.http = Http.get(system);
    this.pool = pool;
    this.log = system.classicSystem().log();
    this.materializer = Materializer.matFromSystem(system);
  }

  /** Sends {@code request}; its answer completes on whichever thread has it (the fetcher pipes it to itself). */
  CompletionStage<HttpResponse> send(HttpRequest request) {
    return DirectCompletion.of(http.singleRequest(request, http.defaultClientHttpsContext(), pool, log));
  }

  /** Reads nothing of a response's body, as Pekko HTTP requires of every entity nobody reads. */
  void discard(HttpResponse response) {
    response.discardEntityBytes(materializer);
  }

  Materializer materializer() {
    return materializer;
  }
}
