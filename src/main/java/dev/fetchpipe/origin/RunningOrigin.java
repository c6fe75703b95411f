package dev.fetchpipe.origin;

import dev.fetchpipe.config.EmbeddedOrigin;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started origin: where to reach it, what it has seen, and how to stop it.
 *
 * <p>The counters are for tests: how many times a path was requested ({@code requestCount("/flags/br/br.gif")}),
 * and how many requests are, and were at most, in flight under a path prefix ({@code peakInFlight("/fault/trickle")},
 * {@code peakInFlight("/")} for all). A request is in flight from its arrival until its body has been sent or its
 * connection is gone. Per client IP address, the requests and body bytes ({@code clientRequests("127.0.0.2")}): which
 * address a job sent from. {@code GET /stats} answers the same as JSON for tests that run the origin in another
 * process; requests to {@code /stats} are never counted.
 */
public final class RunningOrigin implements EmbeddedOrigin {

  private static final Logger log = LoggerFactory.getLogger(RunningOrigin.class);

  // Bounded so that a stuck shutdown cannot hang the program that closes the origin.
  private static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final String host;
  private final OriginStats stats;
  /** The listener behind {@code /fault/slow-headers} and {@code /fault/malformed/...} ({@link RawFaults}). */
  private final Tcp.ServerBinding rawBinding;
  /** http, or https with origin.tls. */
  private final String scheme;
  private final AtomicBoolean closed = new AtomicBoolean();

  RunningOrigin(ActorSystem<Void> system, ServerBinding binding, String host, OriginStats stats,
      Tcp.ServerBinding rawBinding, String scheme) {
    this.scheme = scheme;
    this.system = system;
    this.binding = binding;
    this.host = host;
    this.stats = stats;
    this.rawBinding = rawBinding;
  }

  /** The port actually bound: the one asked for, or the free one picked for port 0. */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The host the origin was asked to bind. */
  public String host() {
    return host;
  }

  /** {@code http://host:port} ({@code https} with origin.tls), with an IPv6 literal in brackets as URLs require. */
  public String baseUrl() {
    return scheme + "://" + urlHost(host) + ":" + port();
  }

  /** The host as a URL names it: an IPv6 literal in brackets. */
  static String urlHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** Where the flags live: {@code flagsUrl() + "/br/br.gif"} is Brazil's flag. */
  @Override
  public String flagsUrl() {
    return baseUrl() + "/flags";
  }

  /** {@code baseUrl() + pathAndQuery}, e.g. {@code url("/fault/429/k1?times=2")}. */
  public String url(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with /: " + pathAndQuery);
    }
    return baseUrl() + pathAndQuery;
  }

  /** How many requests for this exact path (no query) have arrived since the start or the last reset. */
  public long requestCount(String path) {
    return stats.requestCount(path);
  }

  /**
   * When the last request for this exact path (no query) arrived, as {@link System#nanoTime} in this JVM; null when
   * none has since the start or the last reset. Tests of pacing compare these between paths.
   */
  public Long lastArrivalNanos(String path) {
    return stats.lastArrivalNanos(path);
  }

  /** Every path requested since the start or the last reset, sorted, with how many times. */
  public Map<String, Long> requestCounts() {
    return stats.snapshot().requests();
  }

  /** Requests from this client IP address (e.g. "127.0.0.2") since the start or the last reset. */
  public long clientRequests(String address) {
    return stats.client(address).requests();
  }

  /** Response body bytes sent to this client IP address since the start or the last reset. */
  public long clientBytes(String address) {
    return stats.client(address).bytes();
  }

  /**
   * Requests in flight now under this prefix of whole path segments ({@code "/"} for all of them).
   *
   * @throws IllegalArgumentException when the prefix does not start with {@code /}
   */
  public int inFlight(String prefix) {
    return stats.inFlight(prefix);
  }

  /**
   * The most requests that were in flight at once under this prefix ({@code "/"} for all) since the start or the
   * last reset.
   *
   * @throws IllegalArgumentException when the prefix does not start with {@code /}
   */
  public int peakInFlight(String prefix) {
    return stats.peakInFlight(prefix);
  }

  /**
   * Starts counting afresh: request counts to zero, peaks down to what is in flight now, and every keyed fault
   * ({@code /fault/429/{key}} and the like) fails again from its first attempt. Same as {@code POST /stats/reset}.
   */
  public void resetCounters() {
    stats.reset();
  }

  /** Completes once the origin's actor system has stopped, whoever stopped it. */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /**
   * Stops accepting connections, then stops the actor system (which ends requests still in flight) and waits
   * for it. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      // Unbinding first frees the ports even if terminating the system is slow.
      await(binding.unbind(), UNBIND_TIMEOUT, "unbind");
      await(rawBinding.unbind(), UNBIND_TIMEOUT, "unbind the fault listener");
    } finally {
      system.terminate();
      await(system.getWhenTerminated(), TERMINATE_TIMEOUT, "terminate");
    }
  }

  // Shutdown problems are logged, not thrown: the origin is going away either way, and close() runs in
  // finally blocks and try-with-resources where an exception would hide the real one.
  private void await(CompletionStage<?> stage, Duration timeout, String step) {
    try {
      stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("origin {}: {} failed: {}", baseUrl(), step, e.getCause().toString());
    } catch (TimeoutException e) {
      log.warn("origin {}: {} did not finish within {} s", baseUrl(), step, timeout.toSeconds());
    }
  }
}
