package dev.fetchpipe.origin;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started origin: where to reach it, and how to stop it. */
public final class RunningOrigin implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningOrigin.class);

  // Bounded so that a stuck shutdown cannot hang the program that closes the origin.
  private static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final String host;
  private final AtomicBoolean closed = new AtomicBoolean();

  RunningOrigin(ActorSystem<Void> system, ServerBinding binding, String host) {
    this.system = system;
    this.binding = binding;
    this.host = host;
  }

  /** The port actually bound: the one asked for, or the free one picked for port 0. */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The host the origin was asked to bind. */
  public String host() {
    return host;
  }

  /** {@code http://host:port}, with an IPv6 literal in brackets as URLs require. */
  public String baseUrl() {
    String urlHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + urlHost + ":" + port();
  }

  /** Where the flags live: {@code flagsUrl() + "/br/br.gif"} is Brazil's flag. */
  public String flagsUrl() {
    return baseUrl() + "/flags";
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
      // Unbinding first frees the port even if terminating the system is slow.
      await(binding.unbind(), UNBIND_TIMEOUT, "unbind");
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
