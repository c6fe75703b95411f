package dev.fetchpipe.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.ProxyAuthorization;
import org.apache.pekko.http.javadsl.model.headers.RawRequestURI;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * How a job's requests connect: which route each URL takes ({@link ProxyPlan}), the transport of each route, and the
 * addresses none may reach ({@link DenyList}). A plain value made once per job; whoever opens connections makes one
 * transport per route from it ({@link #transport}) and keeps it, since a transport is part of what identifies a
 * Pekko HTTP connection pool (a new one per request would be a new pool per request).
 *
 * <ul>
 *   <li>Direct: Pekko HTTP's TCP, to the address checked against the deny list.</li>
 *   <li>http:// through an HTTP proxy: TCP to the proxy, the request in absolute form ({@code GET http://host/path}),
 *       with Proxy-Authorization when the proxy URL has a user; pools stay per server, each connection to the proxy.</li>
 *   <li>https:// through an HTTP proxy: Pekko HTTP's CONNECT tunnel, TLS to the server inside it.</li>
 *   <li>SOCKS5: {@link Socks5Transport}, TLS (for https) inside it.</li>
 * </ul>
 *
 * @param https    the job's TLS context (fetch.tls), made once: null for the JVM's own trust ({@link #httpsContext})
 * @param insecure fetch.tls.insecure: no certificate is checked
 */
public record NetPlan(ProxyPlan proxies, DenyList deny, HttpsConnectionContext https, boolean insecure) {
  /**
   * Pekko HTTP's TCP, one instance: the direct route's transport is then equal (see {@link GuardedTransport#equals})
   * for every job with the same deny list, so a long-lived daemon's fetchers find the pools of earlier jobs.
   */
  private static final ClientTransport TCP = ClientTransport.TCP();

  private static final Pattern CONNECT_STATUS = Pattern.compile("status code: (\\d{3})(.*)$");

  /** Every URL direct, no address denied. */
  public static NetPlan open() {
    return new NetPlan(ProxyPlan.none(), DenyList.none(), null, false);
  }

  /**
   * The TLS context requests go with: the job's, or one with the JVM's own trust shared by every job (made on first
   * use, so a job of http URLs never pays for it), whose refusals are said in plain words as the job's are.
   */
  public HttpsConnectionContext httpsContext() {
    return https != null ? https : DefaultTls.CONTEXT;
  }

  /** Made when first asked for: reading the JVM's trust store takes a moment. */
  private static final class DefaultTls {
    static final HttpsConnectionContext CONTEXT = org.apache.pekko.http.javadsl.ConnectionContext.httpsClient(
        new TlsTrust(null, false, null, null, null, null, false).context());
  }

  public Route route(Uri uri) {
    return proxies.routeFor(uri.getScheme(), uri.host().address());
  }

  /** A new transport for {@code route}: make one per route and keep it (see the class comment). */
  public ClientTransport transport(Route route) {
    ProxyUrl proxy = route.proxy();
    return switch (route.way()) {
      case DIRECT -> new GuardedTransport(TCP, deny, !deny.isEmpty());
      case ABSOLUTE_FORM -> new GuardedTransport(new ToProxy(proxy), deny, false);
      case CONNECT -> new GuardedTransport(proxy.hasCredentials()
          ? ClientTransport.httpsProxy(address(proxy), credentials(proxy)) : ClientTransport.httpsProxy(address(proxy)),
          deny, false);
      case SOCKS -> new GuardedTransport(new Socks5Transport(proxy), deny, proxy.kind() == ProxyUrl.Kind.SOCKS5);
    };
  }

  /** {@code request} as it must go on {@code route}: in absolute form through an HTTP proxy. */
  public HttpRequest prepare(HttpRequest request, Route route) {
    if (route.way() != Route.Way.ABSOLUTE_FORM) return request;
    HttpRequest absolute = request.addHeader(RawRequestURI.create(request.getUri().toString()));
    return route.proxy().hasCredentials()
        ? absolute.addHeader(ProxyAuthorization.create(credentials(route.proxy()))) : absolute;
  }

  /**
   * {@code sent}'s answer, with what went wrong at the proxy named in plain words: a proxy that would not let the
   * request through (407 for a missing or wrong password, 403), or that could not be reached, is a {@link NetRefusal}
   * naming the proxy. A refusal's response body is handed to {@code discard}.
   */
  public CompletionStage<HttpResponse> explained(CompletionStage<HttpResponse> sent, Route route,
      Consumer<HttpResponse> discard) {
    if (route.direct()) return sent;
    return sent.handle((response, failure) -> {
      if (failure != null) throw refusalOr(failure, route);
      if (route.way() != Route.Way.ABSOLUTE_FORM) return response;
      int status = response.status().intValue();
      if (status == 407) {
        discard.accept(response);
        throw new NetRefusal("proxy " + route.proxy().shown() + " refused: 407 " + response.status().reason()
            + (route.proxy().hasCredentials() ? " (wrong user name or password?)" : " (give user:password in its URL)"), true);
      }
      if (status == 401 && route.proxy().hasCredentials()) {
        // Some proxies (tinyproxy) answer a wrong password with 401, which an origin may send too: say both.
        discard.accept(response);
        throw new NetRefusal("HTTP 401 " + response.status().reason() + " from the server, or from proxy "
            + route.proxy().shown() + " refusing its user name or password", true);
      }
      return response;
    });
  }

  private static RuntimeException refusalOr(Throwable failure, Route route) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) cause = cause.getCause();
    String proxy = route.proxy().shown();
    if (cause.getClass().getSimpleName().equals("ProxyConnectionFailedException") && cause.getMessage() != null) {
      Matcher status = CONNECT_STATUS.matcher(cause.getMessage());
      if (status.find()) {
        int code = Integer.parseInt(status.group(1));
        String said = code + status.group(2);
        if (code == 407 || code == 401) {
          return new NetRefusal("proxy " + proxy + " refused: " + said
              + (route.proxy().hasCredentials() ? " (wrong user name or password?)" : " (give user:password in its URL)"), true);
        }
        return new NetRefusal("proxy " + proxy + " did not open a tunnel to the server: " + said, code == 403 || code == 405);
      }
    }
    if (cause instanceof StreamTcpException && cause.getMessage() != null && cause.getMessage().contains("failed because of")) {
      String why = cause.getMessage().substring(cause.getMessage().indexOf("failed because of") + 18);
      return new NetRefusal("proxy " + proxy + " could not be reached: " + why.replaceFirst("^java\\.net\\.\\w+: ", "")
          .toLowerCase(java.util.Locale.ROOT), false);
    }
    return cause instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(cause);
  }

  private static InetSocketAddress address(ProxyUrl proxy) {
    return InetSocketAddress.createUnresolved(proxy.host(), proxy.port());
  }

  private static HttpCredentials credentials(ProxyUrl proxy) {
    return HttpCredentials.createBasicHttpCredentials(proxy.user(), proxy.password() == null ? "" : proxy.password());
  }

  /** Every connection to the proxy, whatever server the pool is for (see the class comment). */
  private static final class ToProxy extends ClientTransport {
    private final ProxyUrl proxy;

    ToProxy(ProxyUrl proxy) {
      this.proxy = proxy;
    }

    @Override
    public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(String host, int port,
        ClientConnectionSettings settings, ActorSystem system) {
      return ClientTransport.TCP().connectTo(proxy.host(), proxy.port(), settings, system);
    }
  }
}
