package dev.fetchpipe.pipeline;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * The connections of one {@link Fetcher}, so that it can tear them down at once, whatever their server does. Pekko
 * HTTP's client has no per-request timeout and no way to cancel a request it has sent: a response whose head comes a
 * byte a second holds its pooled connection (and its pool slot) for as long as the server likes, since the connection
 * is never idle. So each fetcher's requests go through a transport of their own (Pekko HTTP's plain TCP underneath),
 * which runs every connection it opens through the fetcher's current kill switch, in both directions; and since a pool
 * is per transport, each fetcher has connection pools of its own. {@link #tearDown} aborts that switch: every
 * connection of the fetcher is reset (TCP RST), its request or body fails at once, and the next request opens a new
 * connection through a fresh switch. Works the same under TLS, which runs above the transport, and over any transport
 * beneath ({@link #over}): a connection through a proxy (a CONNECT tunnel, SOCKS5) is cut at its TCP connection to the
 * proxy.
 */
final class FetcherConnections {
  /** The switch new connections go through; replaced by a fresh one at each tear-down. */
  private volatile SharedKillSwitch current = fresh();

  /** What a request or body of a torn-down connection fails with. */
  static final class TornDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TornDown(String why) {
      super(why, null, false, false);
    }
  }

  private static SharedKillSwitch fresh() {
    return KillSwitches.shared("fetcher-connections");
  }

  /**
   * {@code inner}'s connections, each through this fetcher's switch. Every transport made here is a pool of its own
   * (Pekko HTTP compares transports by identity), so make one per route and keep it.
   */
  ClientTransport over(ClientTransport inner) {
    return new Through(inner);
  }

  /** A transport whose every connection passes the switch current when it opens. */
  final class Through extends ClientTransport {
    private final ClientTransport inner;

    private Through(ClientTransport inner) {
      this.inner = inner;
    }

    @Override
    public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(String host, int port,
        ClientConnectionSettings settings, ActorSystem system) {
      Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connection =
          inner.connectTo(host, port, settings, system);
      // The pool materializes this once per connection it opens: each takes the switch current at that moment.
      return Flow.<ByteString, ByteString, CompletionStage<OutgoingConnection>>fromMaterializer((materializer, attributes) -> {
        SharedKillSwitch killSwitch = current;
        return Flow.of(ByteString.class).via(killSwitch.flow()).viaMat(connection, (none, opened) -> opened)
            .via(killSwitch.flow());
      }).mapMaterializedValue(opened -> opened.thenCompose(Function.identity()));
    }
  }

  /** Resets every connection open now; a connection opened from now on is a new one, untouched by this. */
  void tearDown(String why) {
    SharedKillSwitch torn = current;
    current = fresh();
    torn.abort(new TornDown(why));
  }
}
