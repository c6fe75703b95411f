package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The request headers a URL's own line asked for ({@code header=Name:value}), added to each request for it. They go
 * only to the URL's own origin (scheme, host and port): a redirect to another host does not carry them, as curl
 * drops a custom Authorization or Cookie on a redirect to another host, so a token given for one server never leaks
 * to the server it redirects to.
 */
final class ItemHeaders {
  private ItemHeaders() {}

  /** {@code request} to {@code target} with {@code item}'s own headers when the target is the item's origin. */
  static HttpRequest added(HttpRequest request, JobItem item, String target) {
    if (item.headers().isEmpty() || !sameOrigin(item.url(), target)) return request;
    List<HttpHeader> headers = new ArrayList<>(item.headers().size());
    for (Map.Entry<String, String> header : item.headers().entrySet()) {
      headers.add(RawHeader.create(header.getKey(), header.getValue()));
    }
    return request.addHeaders(headers);
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
