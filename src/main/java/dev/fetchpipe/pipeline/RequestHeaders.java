package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.Netrc;
import dev.fetchpipe.config.RequestSettings;
import dev.fetchpipe.config.RequestSettings.Header;
import dev.fetchpipe.job.JobItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The headers of one request, from the job's {@link RequestSettings}: the default User-Agent, the target host's
 * Basic login from fetch.netrc, then fetch.headers, then
 * the target host's fetch.host-headers, each replacing a header of the same name (an empty value sends none), and
 * Accept-Encoding when bodies are decoded. A request that a redirect led to another origin (scheme, host or port) than
 * the URL's own carries no Authorization nor Cookie from fetch.headers, as curl does: a credential meant for one
 * server never follows a redirect to another. The target's own host-headers still go to it: they are meant for it.
 * Then an item's own headers ({@link ItemHeaders}), and the cookies of the job's {@link CookieJar} that match the
 * target, which also keeps what each answer's Set-Cookie says. Plain Java, shared by the fetcher and compare's
 * blocking engines, so every engine sends the same requests.
 */
public final class RequestHeaders {
  /** The request headers a cross-origin redirect drops from fetch.headers (lower case). */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie");
  private static final Pattern ORIGIN = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)");

  private final RequestSettings settings;
  private final CookieJar cookies;

  /** @param cookies the job's jar (this node's): its cookies go with each request, Set-Cookie answers into it */
  public RequestHeaders(RequestSettings settings, CookieJar cookies) {
    this.settings = settings;
    this.cookies = cookies;
  }

  /** The headers of a request to {@code target}, part of fetching {@code url} (the same, or where redirects led). */
  public List<Header> of(String url, String target) {
    return sent(byName(url, target));
  }

  /**
   * The headers of a request to {@code target}, part of fetching {@code item}: {@link #of}, then the item's own
   * ({@link ItemHeaders}: its URL line's, and its URL's login), each replacing the job's of the same name, and the
   * jar's cookies for the target unless a Cookie header was given (it wins, as its own setting).
   */
  public List<Header> of(JobItem item, String target) {
    Map<String, Header> byName = byName(item.target(), target);
    ItemHeaders.put(item, target, header -> put(byName, header));
    String jar = byName.containsKey("cookie") ? null : cookies.header(java.net.URI.create(target));
    if (jar != null) put(byName, new Header("Cookie", jar));
    return sent(byName);
  }

  /** The {@code Set-Cookie} answers of a request to {@code target}, kept in the job's jar. */
  public void answered(String target, List<String> setCookies) {
    if (!setCookies.isEmpty()) cookies.received(java.net.URI.create(target), setCookies);
  }

  /** {@link #answered} for Pekko HTTP's response. */
  void answered(String target, HttpResponse response) {
    List<String> setCookies = new ArrayList<>();
    for (HttpHeader header : response.getHeaders()) {
      if (header.is("set-cookie")) setCookies.add(header.value());
    }
    answered(target, setCookies);
  }

  private Map<String, Header> byName(String url, String target) {
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
    return byName;
  }

  private static List<Header> sent(Map<String, Header> byName) {
    List<Header> headers = new ArrayList<>(byName.size());
    for (Header header : byName.values()) if (!header.value().isEmpty()) headers.add(header);
    return headers;
  }

  /** The GET of {@code target} for {@code item}, with {@link #of(JobItem, String)} sent as they are. */
  HttpRequest request(JobItem item, String target) {
    List<HttpHeader> headers = new ArrayList<>();
    // Raw headers, not models: Pekko would re-render a model.
    for (Header header : of(item, target)) headers.add(RawHeader.create(header.name(), header.value()));
    return HttpRequest.GET(target).addHeaders(headers);
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
