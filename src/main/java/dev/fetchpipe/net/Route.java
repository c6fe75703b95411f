package dev.fetchpipe.net;

/**
 * How a request reaches its server: directly, or through a proxy and how. Equal routes share a fetcher's connection
 * pools, so a route is a plain value.
 *
 * @param proxy null for {@link Way#DIRECT}
 */
public record Route(Way way, ProxyUrl proxy) {

  /** The ways a request can go. */
  public enum Way {
    /** Straight to the server. */
    DIRECT,
    /** Plain http through an HTTP proxy: the request line names the whole URL (absolute form). */
    ABSOLUTE_FORM,
    /** https through an HTTP proxy: a CONNECT tunnel, TLS to the server inside it. */
    CONNECT,
    /** Through a SOCKS5 proxy (the name resolved here, or by the proxy for socks5h). */
    SOCKS
  }

  public static final Route DIRECT = new Route(Way.DIRECT, null);

  /** The route of a URL of {@code scheme} ("http" or "https") through {@code proxy}. */
  static Route via(ProxyUrl proxy, String scheme) {
    if (proxy.kind() != ProxyUrl.Kind.HTTP) return new Route(Way.SOCKS, proxy);
    return new Route(scheme.equals("https") ? Way.CONNECT : Way.ABSOLUTE_FORM, proxy);
  }

  public boolean direct() {
    return way == Way.DIRECT;
  }

  /** What a report item says of the route: "direct", or the proxy (password as ***) and how it was used. */
  public String described() {
    return switch (way) {
      case DIRECT -> "direct";
      case ABSOLUTE_FORM -> "proxy " + proxy.shown();
      case CONNECT -> "proxy " + proxy.shown() + " (CONNECT)";
      case SOCKS -> "proxy " + proxy.shown();
    };
  }

  @Override
  public String toString() {
    return described();
  }
}
