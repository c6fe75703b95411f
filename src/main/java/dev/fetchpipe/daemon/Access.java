package dev.fetchpipe.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the daemon, decided per request from its headers alone, as Jupyter and aria2's RPC decide: the request
 * must carry the daemon's token ({@code Authorization: Bearer}, {@code ?token=}, or the cookie a browser got for it),
 * its {@code Host} must name the address the daemon is bound to (a page on another site that rebinds its own name to
 * 127.0.0.1 sends its own name: DNS rebinding), and an {@code Origin}, when a browser sends one, must be the daemon's
 * own (no other site's script may drive it; no CORS header is ever sent).
 */
final class Access {
  static final String COOKIE = "fetchpipe_token";

  enum Verdict {
    ALLOWED(200, null),
    NO_TOKEN(401, "this daemon needs its token: Authorization: Bearer TOKEN, or ?token=TOKEN (see daemon.json in its state dir)"),
    WRONG_TOKEN(401, "wrong token (the daemon's token is in daemon.json in its state dir, and changes at each start)"),
    WRONG_HOST(421, "the Host header does not name this daemon's address"),
    WRONG_ORIGIN(403, "requests from another site's page are refused");

    final int status;
    final String message;

    Verdict(int status, String message) {
      this.status = status;
      this.message = message;
    }
  }

  private final byte[] token;
  /** host:port values the Host header may have, lower case. */
  private final Set<String> hosts;

  /**
   * @param boundHost the address the daemon listens on; a loopback one may also be named 127.0.0.1, localhost or [::1]
   */
  Access(String token, String boundHost, int port, boolean loopback) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    Set<String> names = new HashSet<>();
    names.add(hostPort(boundHost, port));
    if (loopback) {
      names.add(hostPort("127.0.0.1", port));
      names.add(hostPort("localhost", port));
      names.add(hostPort("[::1]", port));
    }
    this.hosts = Set.copyOf(names);
  }

  /**
   * @param host          the Host header (empty when absent)
   * @param origin        the Origin header, if any
   * @param authorization the Authorization header, if any
   * @param queryToken    the token query parameter, if any
   * @param cookieToken   the {@value #COOKIE} cookie, if any
   */
  Verdict check(String host, Optional<String> origin, Optional<String> authorization, Optional<String> queryToken,
      Optional<String> cookieToken) {
    if (!hosts.contains(host.toLowerCase(Locale.ROOT))) return Verdict.WRONG_HOST;
    if (origin.isPresent() && !isOwnOrigin(origin.get())) return Verdict.WRONG_ORIGIN;
    Optional<String> given = authorization.map(Access::bearer)
        .or(() -> queryToken)
        .or(() -> cookieToken);
    if (given.isEmpty()) return Verdict.NO_TOKEN;
    return matches(given.get()) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
  }

  private boolean isOwnOrigin(String origin) {
    String lower = origin.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") && hosts.contains(lower.substring("http://".length()));
  }

  /** Compared in constant time, so the time an answer takes says nothing about how much of a guess was right. */
  private boolean matches(String candidate) {
    return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }

  private static String bearer(String authorization) {
    String trimmed = authorization.trim();
    return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : "";
  }

  private static String hostPort(String host, int port) {
    String bracketed = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return (bracketed + ":" + port).toLowerCase(Locale.ROOT);
  }
}
