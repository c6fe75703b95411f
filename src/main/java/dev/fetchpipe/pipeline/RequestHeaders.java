package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.Netrc;
import dev.fetchpipe.config.RequestSettings;
import dev.fetchpipe.config.RequestSettings.Header;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The headers of one request, from the job's {@link RequestSettings}: the default User-Agent, the target host's
 * Basic login from fetch.netrc, then fetch.headers, then
 * the target host's fetch.host-headers, each replacing a header of the same name (an empty value sends none), and
 * Accept-Encoding when bodies are decoded. A request that a redirect led to another origin (scheme, host or port) than
 * the URL's own carries no Authorization nor Cookie from fetch.headers, as curl does: a credential meant for one
 * server never follows a redirect to another. The target's own host-headers still go to it: they are meant for it.
 * Plain Java, shared by the fetcher and compare's blocking engines, so every engine sends the same requests.
 */
public final class RequestHeaders {
  /** The request headers a cross-origin redirect drops from fetch.headers (lower case). */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie");
  private static final Pattern ORIGIN = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)");

  private final RequestSettings settings;

  public RequestHeaders(RequestSettings settings) {
    this.settings = settings;
  }

  /** The headers of a request to {@code target}, part of fetching {@code url} (the same, or where redirects led). */
  public List<Header> of(String url, String target) {
    Map<String, Header> byName = new LinkedHashMap<>();
    put(byName, new Header("User-Agent", RequestSettings.DEFAULT_USER_AGENT));
    Origin origin = Origin.of(target);
    boolean sameOrigin = origin != null && origin.equals(Origin.of(url));
    Netrc.Login login = settings.netrc() == null || origin == null ? null : settings.netrc().forHost(origin.host());
    if (login != null && !login.user().isEmpty()) put(byName, basic(login.user(), login.password()));
    for (Header header : settings.headers()) {
      if (sameOrigin || !CREDENTIALS.contains(header.name().toLowerCase(Locale.ROOT))) put(byName, header);
    }
    if (origin != null) {
      settings.hostHeaders().getOrDefault(origin.host(), List.of()).forEach(header -> put(byName, header));
      settings.hostHeaders().getOrDefault(origin.host() + ":" + origin.port(), List.of())
          .forEach(header -> put(byName, header));
    }
    if (settings.decode()) put(byName, new Header("Accept-Encoding", "gzip, deflate"));
    List<Header> headers = new ArrayList<>(byName.size());
    for (Header header : byName.values()) if (!header.value().isEmpty()) headers.add(header);
    return headers;
  }

  /**
   * The GET of {@code target} for {@code item}: the job's headers ({@link #forPekko}) and the item's own URL line's
   * ({@link ItemHeaders}).
   */
  org.apache.pekko.http.javadsl.model.HttpRequest request(dev.fetchpipe.job.JobItem item, String target) {
    return ItemHeaders.added(org.apache.pekko.http.javadsl.model.HttpRequest.GET(target)
        .addHeaders(forPekko(item.url(), target)), item, target);
  }

  /** {@link #of} as Pekko HTTP's headers, sent as they are (no model: Pekko would re-render them). */
  List<HttpHeader> forPekko(String url, String target) {
    List<HttpHeader> headers = new ArrayList<>();
    for (Header header : of(url, target)) headers.add(RawHeader.create(header.name(), header.value()));
    return headers;
  }

  /** {@code Authorization: Basic}, as RFC 7617 has it (UTF-8). */
  static Header basic(String user, String password) {
    byte[] pair = (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new Header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair));
  }

  private static void put(Map<String, Header> byName, Header header) {
    byName.put(header.name().toLowerCase(Locale.ROOT), header);
  }

  /** A URL's scheme, host (lower case, without user info) and port (the scheme's own when none is given). */
  record Origin(String scheme, String host, int port) {
    static Origin of(String url) {
      Matcher m = ORIGIN.matcher(url.strip());
      if (!m.find()) return null;
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      String authority = m.group(2);
      authority = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      int portAt = authority.lastIndexOf(':');
      if (portAt < authority.lastIndexOf(']')) portAt = -1; // an IPv6 literal's colons
      int port = scheme.equals("https") ? 443 : 80;
      String host = authority;
      if (portAt >= 0) {
        host = authority.substring(0, portAt);
        try {
          if (portAt + 1 < authority.length()) port = Integer.parseInt(authority.substring(portAt + 1));
        } catch (NumberFormatException notAPort) {
          return null;
        }
      }
      return new Origin(scheme, host, port);
    }
  }
}
