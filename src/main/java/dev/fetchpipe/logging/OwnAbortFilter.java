package dev.fetchpipe.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps a node's clean leave quiet. As an actor system of a cluster terminates, Pekko's remoting aborts its own
 * outbound connections to the other nodes, and its streams log each as a WARN ("[outbound connection to [...],
 * control stream] Upstream failed, cause: StreamTcpException: The connection has been aborted"): this node's own doing,
 * after it has left the cluster, and nothing a user could act on. Once {@link #shuttingDown()} has been called, those
 * lines are dropped; before it, a connection aborted is still shown.
 */
public final class OwnAbortFilter extends TurboFilter {
  /** The logger Pekko's stream log stages write through. */
  static final String STREAM_LOGGER = "org.apache.pekko.stream.Materializer";
  private static final String ABORTED = "Upstream failed, cause: StreamTcpException: The connection has been aborted";
  private static volatile boolean shuttingDown;

  /** The process is shutting down its actor system on purpose: its connections' aborts are expected from now on. */
  public static void shuttingDown() {
    shuttingDown = true;
  }

  /** For tests: as before {@link #shuttingDown()}. */
  static void reset() {
    shuttingDown = false;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (!shuttingDown || level != Level.WARN || format == null || !STREAM_LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    return format.startsWith("[outbound connection to [") && format.endsWith(ABORTED) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
