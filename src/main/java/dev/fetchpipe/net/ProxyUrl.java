package dev.fetchpipe.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A proxy as a URL names it: {@code http://[user:password@]host[:port]}, {@code socks5://...} (names resolved here) or
 * {@code socks5h://...} (names resolved by the proxy). A value without a scheme is an HTTP proxy, as curl reads
 * {@code https_proxy=proxy:3128}. Its password never shows: {@link #toString} and {@link #shown} put {@code ***} in its
 * place, so a proxy can be named in any message, report or log.
 *
 * @param password null when none was given (a user alone is sent with an empty password)
 */
public record ProxyUrl(Kind kind, String host, int port, String user, String password) {

  /** How fetchpipe talks to the proxy. */
  public enum Kind {
    /** An HTTP proxy: plain http in absolute form, https tunnelled with CONNECT. */
    HTTP("http", 1080),
    /** SOCKS5, names resolved here: the proxy gets an address. */
    SOCKS5("socks5", 1080),
    /** SOCKS5, names resolved by the proxy. */
    SOCKS5H("socks5h", 1080);

    private final String scheme;
    private final int defaultPort;

    Kind(String scheme, int defaultPort) {
      this.scheme = scheme;
      this.defaultPort = defaultPort;
    }

    public String scheme() {
      return scheme;
    }
  }

  public ProxyUrl {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(host);
  }

  /**
   * Reads a proxy URL; throws {@link IllegalArgumentException} with a message in plain words (never echoing a
   * password) when it is none fetchpipe can use.
   */
  public static ProxyUrl parse(String written) {
    String value = written.strip();
    if (value.isEmpty()) throw new IllegalArgumentException("no proxy given");
    if (!value.contains("://")) value = "http://" + value;
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a proxy URL: " + masked(written));
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Kind kind = switch (scheme) {
      case "http" -> Kind.HTTP;
      case "socks5" -> Kind.SOCKS5;
      case "socks5h" -> Kind.SOCKS5H;
      case "https" -> throw new IllegalArgumentException("https:// proxies (TLS to the proxy itself) are not supported: "
          + masked(written) + "; give its http:// address");
      default -> throw new IllegalArgumentException("proxy scheme " + scheme + ":// is not supported (http, socks5 or "
          + "socks5h): " + masked(written));
    };
    String host = uri.getHost();
    if (host == null || host.isEmpty()) throw new IllegalArgumentException("no host in proxy URL " + masked(written));
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("a proxy URL has no path or query: " + masked(written));
    }
    int port = uri.getPort() == -1 ? kind.defaultPort : uri.getPort();
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      if ((kind != Kind.HTTP) && (user.getBytes(StandardCharsets.UTF_8).length > 255
          || (password != null && password.getBytes(StandardCharsets.UTF_8).length > 255))) {
        throw new IllegalArgumentException("a SOCKS5 user name or password is at most 255 bytes: " + masked(written));
      }
    }
    return new ProxyUrl(kind, host, port, user, password);
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** {@code written} with whatever stands between "://" and "@" after its first colon shown as ***. */
  static String masked(String written) {
    return written.strip().replaceFirst("^([^:/]*://)?([^@/:]*):[^@/]*@", "$1$2:***@");
  }

  /** Credentials were given. */
  public boolean hasCredentials() {
    return user != null;
  }

  /** The proxy as a URL with its password as ***: what every message, report and log shows. */
  public String shown() {
    String bracketed = host.contains(":") ? "[" + host + "]" : host;
    String credentials = user == null ? "" : user + (password == null ? "" : ":***") + "@";
    return kind.scheme + "://" + credentials + bracketed + ":" + port;
  }

  @Override
  public String toString() {
    return shown();
  }
}
