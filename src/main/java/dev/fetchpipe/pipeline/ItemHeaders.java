package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.RequestSettings.Header;
import dev.fetchpipe.job.JobItem;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The request headers a URL's own line asked for ({@code header=Name:value}), and the Authorization of a login in the
 * URL itself ({@code user:password@}), added to each request for it. They go
 * only to the URL's own origin (scheme, host and port): a redirect to another host does not carry them, as curl
 * drops a custom Authorization or Cookie on a redirect to another host, so a token given for one server never leaks
 * to the server it redirects to.
 */
final class ItemHeaders {
  private ItemHeaders() {}

  /** Hands {@code item}'s own headers to {@code put} when {@code target} is the item's origin. */
  static void put(JobItem item, String target, Consumer<Header> put) {
    if (item.headers().isEmpty() || !sameOrigin(item.target(), target)) return;
    for (Map.Entry<String, String> header : item.headers().entrySet()) {
      put.accept(new Header(header.getKey(), header.getValue()));
    }
  }

  static boolean sameOrigin(String url, String target) {
    try {
      URI a = URI.create(url.strip());
      URI b = URI.create(target.strip());
      return lower(a.getScheme()).equals(lower(b.getScheme())) && host(a).equals(host(b))
          && port(a) == port(b);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  private static String host(URI uri) {
    String authority = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
    return lower(authority);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) return uri.getPort();
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
