package dev.fetchpipe.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps a node's clean leave quiet, on the node that leaves and on those that stay. Two warnings of Pekko's remoting
 * say nothing a user could act on there:
 * <ul>
 *   <li>As a node's actor system terminates, its remoting aborts its own outbound connections to the other nodes, and
 *       their streams log each ("[outbound connection to [...], control stream] Upstream failed, cause:
 *       StreamTcpException: The connection has been aborted"): this node's own doing, after it has left. Dropped once
 *       {@link #shuttingDown()} has been called; before it, a connection aborted is still shown.</li>
 *   <li>Before it tells a node that an actor it watched has stopped, a node flushes its messages to it and waits 3 s
 *       for the acknowledgement; a node that has just left never sends one, and the wait ends in "Flush timeout, [-1]
 *       remaining". The notification goes out all the same, and a node that truly stopped answering is reported by
 *       the cluster itself (marked unreachable, downed), so this line is always dropped.</li>
 * </ul>
 */
public final class RemotingNoiseFilter extends TurboFilter {
  /** The logger Pekko's stream log stages write through. */
  static final String STREAM_LOGGER = "org.apache.pekko.stream.Materializer";
  /** The actor that flushes before a death watch notification. */
  static final String FLUSH_LOGGER = "org.apache.pekko.remote.artery.FlushBeforeDeathWatchNotification";
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
    if (level != Level.WARN || format == null) return FilterReply.NEUTRAL;
    if (FLUSH_LOGGER.equals(logger.getName()) && format.startsWith("Flush timeout")) return FilterReply.DENY;
    boolean ownAbort = shuttingDown && STREAM_LOGGER.equals(logger.getName())
        && format.startsWith("[outbound connection to [") && format.endsWith(ABORTED);
    return ownAbort ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
