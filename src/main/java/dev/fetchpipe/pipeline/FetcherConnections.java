package dev.fetchpipe.pipeline;

import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * The connections of one {@link Fetcher}, so that it can tear them down at once, whatever their server does. Pekko
 * HTTP's client has no per-request timeout and no way to cancel a request it has sent: a response whose head comes a
 * byte a second holds its pooled connection (and its pool slot) for as long as the server likes, since the connection
 * is never idle. So each fetcher's requests go through a transport of their own (Pekko HTTP's plain TCP underneath),
 * which runs every connection it opens through the fetcher's current switch ({@link ConnectionSwitch}), in both
 * directions; and since a pool is per transport, each fetcher has connection pools of its own. {@link #tearDown}
 * pulls that switch: every connection of the fetcher is reset (TCP RST), its request or body fails at once, and the
 * next request opens a new connection through a fresh switch. Works the same under TLS, which runs above the transport, and over any transport
 * underneath (plain TCP, or a proxy's): the switch is on whatever connection that one opens.
 *
 * <p>A fetcher holds one of these only while it lives: {@link ConnectionLeases} lends them, so that a later fetcher (of
 * a later job too) finds the pools and idle connections of an earlier one.
 */
final class FetcherConnections extends ClientTransport {
  /** Plain TCP, one instance for every fetcher: what {@link ConnectionLeases} keeps transports apart by. */
  static final ClientTransport TCP = ClientTransport.TCP();

  private final ClientTransport underneath;
  /** The last job's pool settings this transport was asked for, and what they were narrowed to (see {@link #pools}). */
  private ConnectionPoolSettings jobs;
  private ConnectionPoolSettings narrowed;
  /** The switch new connections go through; replaced by a fresh one at each tear-down. */
  private volatile ConnectionSwitch.Switch current = new ConnectionSwitch.Switch();

  /** What a request or body of a torn-down connection fails with. */
  static final class TornDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TornDown(String why) {
      super(why, null, false, false);
    }
  }

  FetcherConnections(ClientTransport underneath) {
    this.underneath = underneath;
  }

  /** What each connection is opened with, under the switch. */
  ClientTransport underneath() {
    return underneath;
  }

  /**
   * A job's pool settings narrowed to this transport ({@code narrow} puts it in), as the same object for equal job
   * settings, job after job. Pekko HTTP keys a pool by its settings, and its Java API wraps the transport anew at each
   * {@code withTransport}, in a wrapper equal only to itself: narrowed afresh, equal settings would open new pools and
   * new connections for every holder. Only the holder asks, one at a time.
   */
  ConnectionPoolSettings pools(ConnectionPoolSettings jobs, UnaryOperator<ConnectionPoolSettings> narrow) {
    if (!jobs.equals(this.jobs)) {
      this.narrowed = narrow.apply(jobs);
      this.jobs = jobs;
    }
    return narrowed;
  }

  @Override
  public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(String host, int port,
      ClientConnectionSettings settings, ActorSystem system) {
    // The pool materializes this once per connection it opens: each goes under the switch current at that moment.
    return BidiFlow.fromGraph(new ConnectionSwitch(() -> current))
        .join(underneath.connectTo(host, port, settings, system), (none, opened) -> opened);
  }

  /** Resets every connection open now; a connection opened from now on is a new one, untouched by this. */
  void tearDown(String why) {
    ConnectionSwitch.Switch torn = current;
    current = new ConnectionSwitch.Switch();
    torn.abort(new TornDown(why));
  }
}
