package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.CookieFile;
import dev.fetchpipe.config.CookieFile.Cookie;
import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A job's cookies, as a browser keeps them (RFC 6265): seeded from fetch.cookies.file, added to by every
 * {@code Set-Cookie} answer, and sent as {@code Cookie} on each request whose host and path they match. The JDK's
 * {@link HttpCookie#parse} reads each {@code Set-Cookie} (its attributes and dates, Max-Age over Expires); the
 * matching is RFC 6265's, written here because the JDK's {@link HttpCookie#domainMatches} follows the older RFC 2965
 * (a cookie for example.com would not reach a.b.example.com). What a server may set:
 *
 * <ul>
 *   <li>a Domain that the answering host is, or is under, and that has a dot (no cookie for all of {@code com}): the
 *       cookie goes to that domain and its subdomains; no Domain: to the answering host alone. An IP address takes
 *       no Domain but itself. Without a public-suffix list, a Domain such as {@code co.uk} is not refused;
 *   <li>a Secure cookie only over https, and a Secure cookie goes only over https;
 *   <li>Max-Age or Expires: a cookie in the past deletes the one it replaces; none: it lasts the job;
 *   <li>at most {@link CookieFile#MAX_COOKIES} cookies in all and 4096 characters a cookie; more are not kept.
 * </ul>
 *
 * <p>One jar is shared by all the fetchers of a job on one node (each fetcher an actor on its own thread), so every
 * method is synchronized: each call is a few map lookups, far shorter than the request it is part of.
 */
public final class CookieJar {
  private static final int MAX_COOKIE_CHARS = 4096;

  private final Map<Key, Cookie> cookies = new LinkedHashMap<>();
  private final LongSupplier epochSeconds;

  /** A cookie's identity: a new one of the same replaces it. */
  private record Key(String name, String domain, String path) {}

  CookieJar(List<Cookie> seed, LongSupplier epochSeconds) {
    this.epochSeconds = epochSeconds;
    for (Cookie cookie : seed) cookies.put(key(cookie), cookie);
  }

  /** A jar that starts with {@code seed}, on the wall clock. */
  public static CookieJar of(List<Cookie> seed) {
    return new CookieJar(seed, () -> java.time.Instant.now().getEpochSecond());
  }

  /** The {@code Cookie} header's value for a request to {@code target}, or null when no cookie matches. */
  public synchronized String header(URI target) {
    String host = host(target);
    if (host == null) return null;
    boolean https = "https".equalsIgnoreCase(target.getScheme());
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    long now = epochSeconds.getAsLong();
    List<Cookie> sent = new ArrayList<>();
    for (Cookie cookie : cookies.values()) {
      if (cookie.expiredAt(now) || (cookie.secure() && !https)) continue;
      boolean hostMatches = cookie.hostOnly() ? host.equals(cookie.domain()) : domainMatches(host, cookie.domain());
      if (hostMatches && pathMatches(path, cookie.path())) sent.add(cookie);
    }
    if (sent.isEmpty()) return null;
    // Longer paths first, as RFC 6265 asks; the sort is stable, so older cookies come first among equals.
    sent.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
    StringBuilder header = new StringBuilder();
    for (Cookie cookie : sent) {
      if (header.length() > 0) header.append("; ");
      header.append(cookie.name()).append('=').append(cookie.value());
    }
    return header.toString();
  }

  /** Keeps what the {@code Set-Cookie} answers of a request to {@code target} set, each checked as above. */
  public synchronized void received(URI target, List<String> setCookies) {
    String host = host(target);
    if (host == null) return;
    for (String line : setCookies) {
      HttpCookie parsed;
      try {
        List<HttpCookie> all = HttpCookie.parse("set-cookie:" + line);
        if (all.isEmpty()) continue;
        parsed = all.get(0); // one cookie a Set-Cookie (RFC 6265); a comma in a Max-Age cookie's value splits it
      } catch (IllegalArgumentException unreadable) {
        continue; // a browser ignores a Set-Cookie it cannot read
      }
      Cookie cookie = accepted(parsed, target, host);
      if (cookie == null) continue;
      Key key = key(cookie);
      if (cookie.expiredAt(epochSeconds.getAsLong())) cookies.remove(key);
      else if (cookies.containsKey(key) || cookies.size() < CookieFile.MAX_COOKIES) cookies.put(key, cookie);
    }
  }

  /** Every cookie kept and not expired, as fetch.cookies.save writes them. */
  public synchronized List<Cookie> all() {
    long now = epochSeconds.getAsLong();
    return cookies.values().stream().filter(c -> !c.expiredAt(now)).toList();
  }

  /** {@code parsed} as it is kept, or null when the server may not set it. */
  private Cookie accepted(HttpCookie parsed, URI target, String host) {
    String name = parsed.getName();
    String value = parsed.getValue() == null ? "" : parsed.getValue();
    if (name.isEmpty() || name.length() + value.length() > MAX_COOKIE_CHARS || value.contains(";")) return null;
    for (char c : (name + value).toCharArray()) if (c < 0x20 || c == 0x7f) return null;
    boolean https = "https".equalsIgnoreCase(target.getScheme());
    if (parsed.getSecure() && !https) return null;
    String domain = host;
    boolean hostOnly = true;
    if (parsed.getDomain() != null && !parsed.getDomain().isBlank()) {
      domain = parsed.getDomain().strip().toLowerCase(Locale.ROOT);
      if (domain.startsWith(".")) domain = domain.substring(1);
      if (!domainMatches(host, domain) || (!domain.equals(host) && !domain.contains("."))) return null;
      hostOnly = false;
    }
    String path = parsed.getPath();
    if (path == null || !path.startsWith("/")) path = defaultPath(target);
    long maxAge = parsed.getMaxAge();
    long now = epochSeconds.getAsLong();
    // The JDK gives -1 for neither Max-Age nor Expires (a session cookie); a date past, or Max-Age=0, gives 0.
    long expires = maxAge == -1 ? 0 : maxAge <= 0 ? 1 : now + maxAge;
    return new Cookie(domain, hostOnly, path, parsed.getSecure(), parsed.isHttpOnly(), expires, name, value);
  }

  /** RFC 6265 5.1.3: the host is the domain, or a name under it (never an IP address under a "domain"). */
  static boolean domainMatches(String host, String domain) {
    if (host.equals(domain)) return true;
    boolean ip = host.startsWith("[") || host.matches("[0-9.]+");
    return !ip && host.endsWith("." + domain);
  }

  /** RFC 6265 5.1.4: the cookie's path is the request's, or a folder of it. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) return true;
    if (!requestPath.startsWith(cookiePath)) return false;
    return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
  }

  /** RFC 6265 5.1.4: the request path up to its last '/', or "/". */
  static String defaultPath(URI target) {
    String path = target.getRawPath();
    if (path == null || !path.startsWith("/")) return "/";
    int last = path.lastIndexOf('/');
    return last == 0 ? "/" : path.substring(0, last);
  }

  private static String host(URI target) {
    String host = target.getHost();
    return host == null ? null : host.toLowerCase(Locale.ROOT);
  }

  private static Key key(Cookie cookie) {
    return new Key(cookie.name(), cookie.domain(), cookie.path());
  }
}
