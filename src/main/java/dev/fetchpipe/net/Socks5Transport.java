package dev.fetchpipe.net;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.scaladsl.Http;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * A SOCKS5 client transport (RFC 1928, user and password as RFC 1929): a TCP connection to the proxy with a handshake
 * stage on top, then a plain pass-through; Pekko HTTP puts TLS (for https) and HTTP above it, so the server's name is
 * still the one TLS checks. The host it is asked for goes to the proxy as it is: a name (socks5h, the proxy resolves
 * it) or an address ({@link GuardedTransport} resolves names here for socks5). Pekko HTTP has no SOCKS support.
 *
 * <p>A connection counts as made (its materialized value completes) only once the tunnel is open, and a refusal fails
 * that value before anything else: Pekko HTTP's pool reads a connection that fails before it is made by its
 * materialized value alone, whereas a made one that fails may reach the pool first as its request side cancelled,
 * which the pool calls a connection "cancelled" (losing why, so a wrong password would be retried).
 */
final class Socks5Transport extends ClientTransport {
  private final ProxyUrl proxy;

  Socks5Transport(ProxyUrl proxy) {
    this.proxy = proxy;
  }

  @Override
  public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(
      String host, int port, ClientConnectionSettings settings, ActorSystem system) {
    scala.concurrent.duration.Duration idle = settings.getIdleTimeout();
    Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> tcp = Tcp.get(system).outgoingConnection(
        InetSocketAddress.createUnresolved(proxy.host(), proxy.port()),
        settings.getLocalAddress(), settings.getSocketOptions(), true,
        Optional.of(java.time.Duration.ofNanos(settings.getConnectingTimeout().toNanos())),
        idle.isFinite() ? Optional.of(java.time.Duration.ofNanos(idle.toNanos())) : Optional.empty());
    return BidiFlow.fromGraph(new Handshake(host, port))
        .join(tcp, Keep.<CompletionStage<Void>, CompletionStage<Tcp.OutgoingConnection>>both())
        .mapMaterializedValue(both -> both.second().thenCompose(c -> both.first().thenApply(open -> new OutgoingConnection(
            new Http.OutgoingConnection(c.localAddress(), InetSocketAddress.createUnresolved(host, port))))));
  }

  /** The proxy said no, or broke the protocol: {@code permanent} when asking again gets the same answer. */
  private NetRefusal refused(String what, boolean permanent) {
    return new NetRefusal("SOCKS5 proxy " + proxy.shown() + " " + what, permanent);
  }

  static String reply(int code) {
    return switch (code) {
      case 1 -> "general SOCKS server failure";
      case 2 -> "connection not allowed by ruleset";
      case 3 -> "network unreachable";
      case 4 -> "host unreachable";
      case 5 -> "connection refused";
      case 6 -> "TTL expired";
      case 7 -> "command not supported";
      case 8 -> "address type not supported";
      default -> "reply code " + code;
    };
  }

  /** The handshake, materialized as the tunnel's opening: completed once it is open, failed with why it is not. */
  private final class Handshake
      extends AbstractGraphStageWithMaterializedValue<BidiShape<ByteString, ByteString, ByteString, ByteString>, CompletionStage<Void>> {
    final Inlet<ByteString> fromClient = Inlet.create("Socks5.fromClient");
    final Outlet<ByteString> toNet = Outlet.create("Socks5.toNet");
    final Inlet<ByteString> fromNet = Inlet.create("Socks5.fromNet");
    final Outlet<ByteString> toClient = Outlet.create("Socks5.toClient");
    final BidiShape<ByteString, ByteString, ByteString, ByteString> shape = BidiShape.of(fromClient, toNet, fromNet, toClient);
    final String host;
    final int port;

    Handshake(String host, int port) {
      this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      this.port = port;
    }

    @Override
    public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() { return shape; }

    @Override
    public Pair<GraphStageLogic, CompletionStage<Void>> createLogicAndMaterializedValuePair(Attributes attrs) {
      CompletableFuture<Void> opened = new CompletableFuture<>();
      return Pair.create(new GraphStageLogic(shape) {
        static final int GREETING = 0, AUTH = 1, CONNECT = 2, OPEN = 3;
        int state = GREETING;
        ByteString received = ByteString.emptyByteString();
        ByteString toSend;          // a handshake message waiting for toNet's demand
        ByteString firstBytes;      // bytes after the CONNECT reply: the origin's first bytes
        boolean methodChosen;       // greeting (and auth) done, CONNECT waits for the address
        byte[] address;             // ATYP + address, once known
        final boolean literal = AddressRange.isLiteral(host);
        NetRefusal refusedWith;

        @Override
        public void preStart() {
          pull(fromNet); // the proxy's replies are read whatever the HTTP layer asks for
          address = addressOf(host);
          send(greeting());
        }

        /** ATYP and the address: IPv4 or IPv6 for a literal, else the name for the proxy to resolve. */
        byte[] addressOf(String name) {
          if (literal) {
            byte[] a = AddressRange.literal(name).getAddress();
            byte[] out = new byte[1 + a.length];
            out[0] = (byte) (a.length == 4 ? 1 : 4);
            System.arraycopy(a, 0, out, 1, a.length);
            return out;
          }
          byte[] n = name.getBytes(StandardCharsets.US_ASCII);
          byte[] out = new byte[2 + Math.min(n.length, 255)];
          out[0] = 3;
          out[1] = (byte) Math.min(n.length, 255); // a DNS name is at most 253 bytes; a longer one fails at the proxy
          System.arraycopy(n, 0, out, 2, out.length - 2);
          return out;
        }

        ByteString greeting() {
          return proxy.user() == null ? ByteString.fromArray(new byte[] {5, 1, 0}) : ByteString.fromArray(new byte[] {5, 2, 0, 2});
        }

        ByteString authRequest() {
          // ProxyUrl refuses a user or password over 255 bytes.
          byte[] u = proxy.user().getBytes(StandardCharsets.UTF_8);
          byte[] p = (proxy.password() == null ? "" : proxy.password()).getBytes(StandardCharsets.UTF_8);
          return new ByteStringBuilder().putByte((byte) 1).putByte((byte) u.length).putBytes(u)
              .putByte((byte) p.length).putBytes(p).result();
        }

        ByteString connectRequest() {
          state = CONNECT;
          return new ByteStringBuilder().putBytes(new byte[] {5, 1, 0}).putBytes(address)
              .putByte((byte) (port >> 8)).putByte((byte) port).result();
        }

        void send(ByteString message) {
          if (isAvailable(toNet)) push(toNet, message);
          else toSend = message;
        }

        void methodDone() {
          methodChosen = true;
          if (address != null) send(connectRequest());
        }

        /** Consumes what the proxy sent; true once the tunnel is open. */
        void onProxyBytes() {
          while (true) {
            if (state == GREETING) {
              if (received.size() < 2) return;
              int version = received.apply(0), method = received.apply(1) & 0xff;
              received = received.drop(2);
              if (version != 5) throw refused("is not a SOCKS5 proxy (version byte " + version + ")", true);
              if (method == 0) { methodDone(); return; }
              if (method == 2 && proxy.user() != null) { state = AUTH; send(authRequest()); return; }
              if (method == 0xff) throw refused(proxy.user() == null
                  ? "requires a user name and password (give them in its URL: socks5://user:password@host:port)"
                  : "accepts none of the offered ways to log in", true);
              throw refused("chose an unknown way to log in (" + method + ")", true);
            } else if (state == AUTH) {
              if (received.size() < 2) return;
              int status = received.apply(1);
              received = received.drop(2);
              if (status != 0) throw refused("refused the user name or password", true);
              state = GREETING; // until the CONNECT goes out
              methodDone();
              return;
            } else if (state == CONNECT) {
              if (received.size() < 2) return;
              int rep = received.apply(1);
              if (rep != 0) throw refused("could not connect to " + host + ":" + port + ": " + reply(rep), rep == 2);
              if (received.size() < 5) return;
              int atyp = received.apply(3);
              int addressLength = switch (atyp) {
                case 1 -> 4;
                case 4 -> 16;
                case 3 -> 1 + (received.apply(4) & 0xff);
                default -> throw refused("answered with an unknown address type " + atyp, true);
              };
              int length = 4 + addressLength + 2;
              if (received.size() < length) return;
              ByteString rest = received.drop(length);
              received = ByteString.emptyByteString();
              state = OPEN;
              opened.complete(null);
              if (!rest.isEmpty()) firstBytes = rest;
              if (isAvailable(toClient)) deliver();
              if (isAvailable(toNet) && !hasBeenPulled(fromClient)) pull(fromClient);
              return;
            } else {
              return;
            }
          }
        }

        /**
         * The handshake failed: the opening fails with why first (what the pool goes by, see the class comment), then
         * the HTTP layer's side, while what it sends is drained, not cancelled.
         */
        void refuse(NetRefusal why) {
          refusedWith = why;
          opened.completeExceptionally(why);
          fail(toClient, why);
          if (!isClosed(toNet)) complete(toNet);
          if (!isClosed(fromNet)) cancel(fromNet);
          if (!isClosed(fromClient) && !hasBeenPulled(fromClient)) pull(fromClient);
        }

        void deliver() {
          if (firstBytes != null) {
            push(toClient, firstBytes);
            firstBytes = null;
          } else if (!hasBeenPulled(fromNet) && !isClosed(fromNet)) {
            pull(fromNet);
          }
        }

        {
          setHandler(fromNet, new AbstractInHandler() {
            @Override public void onPush() {
              ByteString chunk = grab(fromNet);
              if (state == OPEN) { push(toClient, chunk); return; }
              received = received.concat(chunk);
              try {
                onProxyBytes();
              } catch (NetRefusal e) {
                refuse(e); // not thrown: a thrown exception is also logged as an ERROR by the stream
                return;
              }
              if (state != OPEN) pull(fromNet);
            }
            @Override public void onUpstreamFailure(Throwable cause) {
              opened.completeExceptionally(cause); // TCP's own failure (the proxy unreachable, idle): the opening's too
              failStage(cause);
            }
            @Override public void onUpstreamFinish() {
              if (state != OPEN) refuse(refused("closed the connection during the handshake", false));
              else if (firstBytes != null) { emit(toClient, firstBytes, () -> complete(toClient)); firstBytes = null; }
              else complete(toClient);
            }
          });
          setHandler(toClient, new AbstractOutHandler() {
            @Override public void onPull() { if (state == OPEN) deliver(); }
            @Override public void onDownstreamFinish(Throwable cause) { cancel(fromNet, cause); }
          });
          setHandler(fromClient, new AbstractInHandler() {
            @Override public void onPush() {
              ByteString bytes = grab(fromClient);
              if (refusedWith != null) pull(fromClient); // nothing goes out after a refusal: drained, see refuse
              else push(toNet, bytes);
            }
            @Override public void onUpstreamFinish() { complete(toNet); }
          });
          setHandler(toNet, new AbstractOutHandler() {
            @Override public void onPull() {
              if (toSend != null) { push(toNet, toSend); toSend = null; }
              else if (state == OPEN && !hasBeenPulled(fromClient)) pull(fromClient);
            }
            @Override public void onDownstreamFinish(Throwable cause) { cancel(fromClient, cause); }
          });
        }

        @Override
        public void postStop() {
          // Stopped before the tunnel opened for any other reason (the pool gave up on it): never a made connection.
          opened.completeExceptionally(refused("closed the connection during the handshake", false));
        }
      }, opened);
    }
  }
}
