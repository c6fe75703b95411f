package dev.fetchpipe.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A transport that checks where a connection goes before it is opened: the server's name is resolved here (off the
 * stream's threads, on the blocking dispatcher) and its address checked against {@code fetch.deny-addresses}; then
 * {@code inner} connects, to that very address when {@link #toAddress} (so a second lookup cannot give another one),
 * else to the name (a proxy that resolves it itself: socks5h, or an HTTP proxy).
 *
 * <p>Through a proxy that resolves names, the address checked is the one this machine's DNS gives; a name this machine
 * cannot resolve is left to the proxy. An IP literal is always checked.
 */
final class GuardedTransport extends ClientTransport {
  /** Where lookups run: they block, so never on the actors' dispatcher. */
  static final String DNS_DISPATCHER = "fetchpipe.blocking-io-dispatcher";

  private final ClientTransport inner;
  private final DenyList deny;
  private final boolean toAddress;

  GuardedTransport(ClientTransport inner, DenyList deny, boolean toAddress) {
    this.inner = inner;
    this.deny = deny;
    this.toAddress = toAddress;
  }

  /** Equal for the same transport beneath and the same checks: what lets a pool serve job after job. */
  @Override
  public boolean equals(Object other) {
    return other instanceof GuardedTransport guarded && inner.equals(guarded.inner) && deny.equals(guarded.deny)
        && toAddress == guarded.toAddress;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(inner, deny, toAddress);
  }

  @Override
  public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(String host, int port,
      ClientConnectionSettings settings, ActorSystem system) {
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (deny.isEmpty() && !toAddress) return inner.connectTo(host, port, settings, system);
    if (AddressRange.isLiteral(name)) {
      // An IP address needs no lookup and never changes: checked once, here, where its pool is made, rather than off
      // the stream's threads at each connection, whose bytes would then pass two nested streams more both ways.
      try {
        return inner.connectTo(target(name), port, settings, system);
      } catch (NetRefusal refused) {
        return refusing(refused);
      }
    }
    // A name is resolved when the pool opens the connection, each time: a connection opened later sees the name's new
    // address.
    return Flow.fromMaterializer((materializer, attributes) -> {
      Executor dns = system.dispatchers().lookup(DNS_DISPATCHER);
      CompletionStage<Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>>> target =
          CompletableFuture.supplyAsync(() -> target(name), dns).handle((connectTo, refused) -> refused == null
              ? inner.connectTo(connectTo, port, settings, system) : refusing(refused));
      return Flow.completionStageFlow(target);
    }).mapMaterializedValue(GuardedTransport::flatten);
  }

  private static CompletionStage<OutgoingConnection> flatten(
      CompletionStage<CompletionStage<CompletionStage<OutgoingConnection>>> nested) {
    return nested.thenCompose(Function.identity()).thenCompose(Function.identity());
  }

  /**
   * A connection that fails with {@code why} at once. Its output fails first and its input is drained, so the pool
   * sees the failure itself: a flow failed both ways may be seen as cancelled first, which Pekko HTTP reports as a
   * connection "cancelled", losing why.
   */
  private static Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> refusing(Throwable why) {
    Throwable cause = why instanceof java.util.concurrent.CompletionException && why.getCause() != null ? why.getCause() : why;
    return Flow.fromSinkAndSourceMat(Sink.<ByteString>ignore(), Source.<ByteString>failed(cause),
        (drained, none) -> CompletableFuture.<OutgoingConnection>failedFuture(cause));
  }

  /** The host to hand to {@code inner}: the checked address, or the name when the proxy resolves it. */
  private String target(String name) {
    InetAddress[] addresses;
    try {
      addresses = AddressRange.isLiteral(name) ? new InetAddress[] {AddressRange.literal(name)} : InetAddress.getAllByName(name);
    } catch (UnknownHostException unknown) {
      if (!toAddress) return name; // the proxy may know it
      throw new NetRefusal("connection failed: unknown host " + name, false);
    }
    InetAddress chosen = checked(name, addresses);
    return toAddress ? chosen.getHostAddress() : name;
  }

  /** The first of {@code addresses} not denied; throws when every one is. */
  private InetAddress checked(String name, InetAddress[] addresses) {
    String range = null;
    for (InetAddress address : addresses) {
      range = deny.denying(address);
      if (range == null) return address;
    }
    String address = addresses[0].getHostAddress();
    String which = name.equalsIgnoreCase(address) ? address : name + " (" + address + ")";
    throw new NetRefusal("address " + which + " is denied by fetch.deny-addresses (" + range + ")", true);
  }
}
