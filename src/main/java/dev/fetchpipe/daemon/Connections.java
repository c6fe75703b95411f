package dev.fetchpipe.daemon;

import java.util.LinkedHashSet;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;

/**
 * The API's open connections, so that strangers cannot crowd out the daemon's users: at most daemon.max-connections
 * are open, and when one more comes, one is closed to make room: the oldest that has not yet shown the token, else the
 * oldest that has but is idle (kept alive between requests, no request in hand, no event stream); when every open
 * one is at work, the newcomer is closed. A connection is "known" once one of its requests passed {@link Access}.
 * Thread-safe: connections come and go on any of the server's threads.
 */
final class Connections {

  /** One connection: closed by its switch, whose flow its requests pass through. */
  static final class Connection {
    final SharedKillSwitch closer = KillSwitches.shared("api-connection");
    /** A request head has come (until then daemon.header-read-timeout runs). */
    volatile boolean requested;
    /** One of its requests carried the token. */
    volatile boolean known;
    /** It carries an event stream: at work until it ends. */
    volatile boolean streaming;
    /** Requests being answered. */
    private final java.util.concurrent.atomic.AtomicInteger answering = new java.util.concurrent.atomic.AtomicInteger();

    void answering() {
      answering.incrementAndGet();
    }

    void answered() {
      answering.decrementAndGet();
    }

    private boolean idle() {
      return !streaming && answering.get() == 0;
    }

    /** Closed by the daemon: to make room, or for want of a request head. */
    volatile boolean closed;

    void close() {
      closed = true;
      closer.shutdown();
    }
  }

  private final int max;
  /** Open connections, oldest first. */
  private final LinkedHashSet<Connection> open = new LinkedHashSet<>();

  Connections(int max) {
    this.max = max;
  }

  /** A new connection, counted; already closed (its flow ends at once) when there was no room for it. */
  Connection open() {
    Connection connection = new Connection();
    Connection evicted = null;
    boolean room = true;
    synchronized (this) {
      if (open.size() >= max) {
        evicted = oldest(candidate -> !candidate.known);
        if (evicted == null) evicted = oldest(Connection::idle);
        if (evicted != null) open.remove(evicted);
        room = evicted != null;
      }
      if (room) open.add(connection);
    }
    if (evicted != null) evicted.close();
    if (!room) connection.close();
    return connection;
  }

  private Connection oldest(java.util.function.Predicate<Connection> which) {
    for (Connection candidate : open) {
      if (which.test(candidate)) return candidate;
    }
    return null;
  }

  /** The connection has ended, however. */
  synchronized void closed(Connection connection) {
    open.remove(connection);
  }

  synchronized int size() {
    return open.size();
  }
}
