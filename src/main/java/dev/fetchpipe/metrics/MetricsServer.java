package dev.fetchpipe.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;

/**
 * {@code run --metrics-port}: the metrics on {@code http://127.0.0.1:PORT/metrics} while the job runs, served by the
 * Prometheus client's own HTTP exporter (the JDK's HTTP server, so it needs no actor system and is up before the job
 * starts). Loopback only: a one-shot job has no token to guard anything else with.
 */
public final class MetricsServer implements AutoCloseable {
  public static final String HOST = "127.0.0.1";

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** @throws IOException when the port cannot be bound (in use, or not allowed) */
  public static MetricsServer start(FetchpipeMetrics metrics, int port) throws IOException {
    return new MetricsServer(HTTPServer.builder().hostname(HOST).port(port).registry(metrics.registry()).buildAndStart());
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
