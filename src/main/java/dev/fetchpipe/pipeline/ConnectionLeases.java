package dev.fetchpipe.pipeline;

import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.http.javadsl.ClientTransport;

/**
 * The actor system's {@link FetcherConnections}, lent to one fetcher at a time and taken back when it stops, so that
 * the pools and open connections behind them outlive the fetcher, and its job. Pekko HTTP keys a pool by its settings,
 * the transport among them, and a transport is equal only to itself: a fetcher with a transport of its own would have
 * new pools, and open new connections, for every job, while a fetcher given back a transport finds its pools (and
 * their idle connections) where the last holder left them. The guarantee stays the same: while a fetcher holds a
 * transport nobody else sends through it, so its tear-down resets its own connections and no one else's.
 *
 * <p>Transports are kept apart by the transport underneath (plain TCP, or a proxy's, which a connection through one
 * cannot be swapped for): give the same instance for connections that may be shared. Pekko's own transports are equal
 * only to themselves, so a proxy's must be made once per proxy and kept, not made afresh for each job: else each job
 * would get transports, pools and connections of its own again, and this shelf would grow with every job. The most recently given back is lent
 * first: its connections are the likeliest to be open still. Nothing is held but the transports themselves; their pools
 * close after Pekko's pool idle timeout when no one sends through them, and open again when someone does.
 */
final class ConnectionLeases implements Extension {
  private static final ExtensionId<ConnectionLeases> ID = new ExtensionId<>() {
    @Override
    public ConnectionLeases createExtension(ActorSystem<?> system) {
      return new ConnectionLeases();
    }
  };

  static ConnectionLeases get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  private final ConcurrentHashMap<ClientTransport, Deque<FetcherConnections>> free = new ConcurrentHashMap<>();

  ConnectionLeases() {}

  /** A transport over {@code underneath} that no one else holds, until it is {@link #giveBack given back}. */
  FetcherConnections lease(ClientTransport underneath) {
    FetcherConnections given = shelf(underneath).pollFirst();
    return given != null ? given : new FetcherConnections(underneath);
  }

  /**
   * Takes back a transport its holder no longer sends through. Its connections must carry nothing the holder gave up
   * on (the holder tears them down first), so that the next holder's requests are all the connections carry.
   */
  void giveBack(FetcherConnections connections) {
    shelf(connections.underneath()).offerFirst(connections);
  }

  /** How many transports wait to be lent, over every transport underneath. */
  int waiting() {
    return free.values().stream().mapToInt(Deque::size).sum();
  }

  private Deque<FetcherConnections> shelf(ClientTransport underneath) {
    return free.computeIfAbsent(underneath, none -> new ConcurrentLinkedDeque<>());
  }
}
