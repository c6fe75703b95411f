package dev.fetchpipe.job;

/**
 * The common case of {@link UrlCheck}, recognised in one pass over the characters: a plain ASCII http(s) URL with a
 * simple host, an optional port and an ordinary path, query and fragment. The full check was a large share of a big
 * job's CPU, mostly in Pekko's URI parser and regexes, which are slow under C1 only (scripts/jvm-options); and every
 * line is checked twice, when the job is counted and when it is fetched. This scan and one java.net.URI parse take a
 * fraction of that time.
 *
 * <p>What {@link #matches} accepts, after the scheme {@code http://} or {@code https://} (any case):
 * <ul>
 *   <li>a host of one or more {@code [A-Za-z0-9.-]};
 *   <li>optionally {@code :} and a port of one to five digits, 1 to 65535;
 *   <li>then nothing, or {@code /}, {@code ?} or {@code #} followed by RFC 3986's path characters (unreserved,
 *       sub-delims, {@code :} and {@code @}), {@code /}, {@code ?}, percent-escapes of two hex digits, and at most
 *       one {@code #};
 *   <li>at most {@link UrlCheck#MAX_CHARS} characters in all.
 * </ul>
 * Anything else (IPv6 literals, user info, '%' in a host, port 0, other characters, non-ASCII) goes through the full
 * check; this class only has to never accept a line that the full check refuses. Why it does not:
 *
 * <p>The full check's own rules: such a line is at most MAX_CHARS long and starts with http:// or https://, so the
 * "host:port without a scheme" rule (digits right after the colon) cannot apply. It is printable ASCII, so it has no
 * space, control or formatting character and needs no percent-encoding (its url is the line itself). It has no
 * '@' before the first '/', '?' or '#', so no user info. The caller parses it with {@code new java.net.URI} exactly
 * as the full check does (it accepts every such line: RFC 3986's characters are within its RFC 2396 sets, and a host
 * it cannot take as a server name it keeps as a registry name) and leaves it to the full check if that throws; the
 * authority java.net.URI then reports is the non-empty ASCII "host[:port]".
 *
 * <p>Pekko HTTP's parser ({@code Uri.create}, as {@code HttpRequest.GET(String)} uses it): both run the Relaxed
 * mode, which accepts every visible ASCII character in path, query and fragment. The config key
 * {@code pekko.http.parsing.uri-parsing-mode} (default {@code strict}) is read by Pekko's server for the request
 * targets it receives, not by {@code Uri.create}; and the characters accepted here are RFC 3986's, which Strict
 * accepts too (UrlCheckTest checks both). With no '@' the optional user info rule fails and backs off; with no '['
 * the host is no IP literal; an IPv4 address followed by ':', '/' or the end becomes an IPv4 host and any other run
 * of {@code [A-Za-z0-9.-]} (all unreserved characters) a non-empty named host, so the full check's "no host" cannot
 * follow. Pekko reads a port of up to five digits and refuses only one above 65535 ("Invalid port"); port 0 would be
 * Pekko's "no port", so it is left out. Escapes are checked to be two hex digits here, which is all Pekko's parser
 * asks; decoding them never fails (bytes that are not UTF-8 become U+FFFD).
 */
final class PlainHttpUrl {
  /** What may follow the host and port, besides escapes and one '#': RFC 3986's pchar without '%', '/' and '?'. */
  private static final boolean[] AFTER_HOST = new boolean[128];
  /** The characters of a host name or IPv4 address taken here. */
  private static final boolean[] HOST = new boolean[128];

  static {
    String alphaNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (char c : (alphaNum + "-._~" + "!$&'()*+,;=" + ":@" + "/?").toCharArray()) AFTER_HOST[c] = true;
    for (char c : (alphaNum + ".-").toCharArray()) HOST[c] = true;
  }

  private PlainHttpUrl() {}

  /** Whether {@code text} (already trimmed) is of the plain form above. */
  static boolean matches(String text) {
    int n = text.length();
    if (n > UrlCheck.MAX_CHARS) return false;
    int i;
    if (text.regionMatches(true, 0, "http://", 0, 7)) i = 7;
    else if (text.regionMatches(true, 0, "https://", 0, 8)) i = 8;
    else return false;

    int hostStart = i;
    while (i < n && isIn(HOST, text.charAt(i))) i++;
    if (i == hostStart) return false;

    if (i < n && text.charAt(i) == ':') {
      int portStart = ++i;
      int port = 0;
      while (i < n && i - portStart < 5 && isDigit(text.charAt(i))) port = port * 10 + (text.charAt(i++) - '0');
      if (port < 1 || port > 65535) return false; // also no digit at all: port stays 0
    }

    if (i < n && text.charAt(i) != '/' && text.charAt(i) != '?' && text.charAt(i) != '#') return false;
    boolean fragment = false;
    while (i < n) {
      char c = text.charAt(i);
      if (isIn(AFTER_HOST, c)) {
        i++;
      } else if (c == '%') {
        if (i + 2 >= n || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) return false;
        i += 3;
      } else if (c == '#' && !fragment) {
        fragment = true;
        i++;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isIn(boolean[] table, char c) {
    return c < 128 && table[c];
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
