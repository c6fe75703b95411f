package dev.fetchpipe.daemon;

import java.util.Iterator;
import java.util.LinkedHashSet;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;

/**
 * The API's open connections, so that strangers cannot crowd out the daemon's users: at most daemon.max-connections
 * are open, and when one more comes, the oldest that has not yet shown the token is closed to make room (when every
 * open one has, the newcomer is). A connection is "known" once one of its requests passed {@link Access}.
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

    void close() {
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
        for (Iterator<Connection> oldest = open.iterator(); oldest.hasNext(); ) {
          Connection candidate = oldest.next();
          if (!candidate.known) {
            evicted = candidate;
            oldest.remove();
            break;
          }
        }
        room = evicted != null;
      }
      if (room) open.add(connection);
    }
    if (evicted != null) evicted.close();
    if (!room) connection.close();
    return connection;
  }

  /** The connection has ended, however. */
  synchronized void closed(Connection connection) {
    open.remove(connection);
  }

  synchronized int size() {
    return open.size();
  }
}
