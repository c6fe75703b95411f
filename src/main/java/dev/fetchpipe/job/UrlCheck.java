package dev.fetchpipe.job;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.Uri;

/**
 * Decides whether one line of the URL list can be fetched, and if not says why in one short line. The text shown for
 * a line that cannot be fetched never carries a password: user info is masked.
 *
 * <p>A URL must pass both java.net.URI (the fetcher resolves redirects with it) and Pekko HTTP's own parser (which
 * sends it), so a line accepted here is one the fetcher can really request. Most lines are plain http(s) URLs, for
 * which one scan shows that Pekko would accept them ({@link PlainHttpUrl}); only the others run Pekko's parser.
 *
 * @param url     what to fetch (trimmed, non-ASCII percent-encoded), its password as *** ({@link UrlLogin}, which
 *                {@link JobItem#target} takes out); or, when {@code problem} is set, the line as given, masked and
 *                cut to {@link #SHOWN_CHARS}
 * @param uri     the parsed URL, or null when {@code problem} is set
 * @param problem why the line cannot be fetched, or null
 * @param options what the line says besides its URL ({@link UrlLine}), and the Authorization of the URL's own login
 *                under the line's headers; {@link UrlOptions#NONE} when nothing
 * @param where   where the line is: "line 3" of a URL file, "URL 3" of a list; null when not said
 */
record UrlCheck(String url, URI uri, String problem, UrlOptions options, String where) {
  /** Longer URLs are refused by most servers (Apache and nginx stop at about 8 KB); a longer line is a mistake. */
  static final int MAX_CHARS = 8192;
  /** How much of an unusable line the report repeats. */
  static final int SHOWN_CHARS = 200;

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
  /** user info: from "//" to the last '@' before the authority ends. */
  private static final Pattern AUTHORITY_USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]*)@");
  /** "user:password@host" written without a scheme: the password part. */
  private static final Pattern BARE_PASSWORD = Pattern.compile("^([^/?#@:]*):([^/?#]*)@");

  UrlCheck(String url, URI uri, String problem) {
    this(url, uri, problem, UrlOptions.NONE);
  }

  UrlCheck(String url, URI uri, String problem, UrlOptions options) {
    this(url, uri, problem, options, null);
  }

  /** The same line, found at {@code place} ("line 3"). */
  UrlCheck at(String place) {
    return new UrlCheck(url, uri, problem, options, place);
  }

  /** This usable URL with the options its line gave; an unusable one stays as it is. */
  UrlCheck withOptions(UrlOptions given) {
    if (!usable() || given == UrlOptions.NONE) return this;
    return new UrlCheck(url, uri, null, options.headers().isEmpty() ? given : given.over(options.headers()));
  }

  boolean usable() {
    return problem == null;
  }

  /** A line that cannot be fetched for a reason found before it was a string (e.g. it is not UTF-8). */
  static UrlCheck unusable(String line, String problem) {
    return new UrlCheck(shown(line), null, problem);
  }

  static UrlCheck of(String line) {
    String text = trimmed(line);
    if (PlainHttpUrl.matches(text)) {
      try {
        return new UrlCheck(text, new URI(text), null);
      } catch (URISyntaxException e) {
        // UrlCheckTest finds no plain URL that java.net.URI refuses; if there were one, the full check says why
      }
    }
    return ofFullCheck(text);
  }

  /**
   * Every check, for any line; {@link #of} gives the same answer and takes a short cut for plain URLs (see
   * {@link PlainHttpUrl}). Package-private so that a test can hold the two to the same answers.
   */
  static UrlCheck ofFullCheck(String line) {
    String text = trimmed(line);
    UrlLogin login;
    try {
      login = UrlLogin.of(text);
    } catch (UrlLogin.Refused e) {
      return new UrlCheck(shown(text), null, e.getMessage());
    }
    String bare = login == null ? text : login.bareUrl();
    String problem = problemWith(bare);
    if (problem != null) return new UrlCheck(shown(text), null, problem);
    String url = isAscii(bare) ? bare : URI.create(bare).toASCIIString();
    try {
      Uri pekko = Uri.create(url);
      if (pekko.host().isEmpty()) return new UrlCheck(shown(text), null, "no host");
    } catch (RuntimeException e) { // IllegalUriException, or IllegalArgumentException for a bad port
      return new UrlCheck(shown(text), null, "malformed URL (" + pekkoReason(e, url) + ")");
    }
    if (login == null) return new UrlCheck(url, URI.create(url), null);
    UrlOptions sent = new UrlOptions(null, null, java.util.Map.of("Authorization", login.authorization()));
    return new UrlCheck(login.shown(url), URI.create(url), null, sent);
  }

  /** Why {@code text} (already trimmed) is no fetchable http(s) URL, or null when it might be. */
  private static String problemWith(String text) {
    if (text.isEmpty()) return "empty URL";
    if (text.length() > MAX_CHARS) return "URL is " + text.length() + " characters long; at most " + MAX_CHARS + " are accepted";
    Matcher scheme = SCHEME.matcher(text);
    if (!scheme.find()) return "not a URL: it does not start with http:// or https://";
    String name = scheme.group(1).toLowerCase(Locale.ROOT);
    if (text.substring(scheme.end()).matches("\\d+([/?#].*)?")) {
      return "not a URL: \"" + shortened(name, 40) + ":<port>\" needs http:// or https:// in front";
    }
    if (!name.equals("http") && !name.equals("https")) {
      return "unsupported scheme \"" + shortened(name, 20) + ":\" (only http and https)";
    }
    if (!text.startsWith("//", scheme.end())) return "no host (an http URL starts with " + name + "://)";
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || Character.isSpaceChar(c)) return "contains a space (write it as %20)";
      if (Character.isWhitespace(c)) return "contains whitespace (a tab or line break)";
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return "contains a control or invisible formatting character";
      }
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return "malformed URL (" + e.getReason() + " at index " + e.getIndex() + ")";
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) return "no host";
    if (!isAscii(authority)) {
      return "host name has non-ASCII characters; give it in its xn-- (punycode) form";
    }
    // Last, so that it only speaks for lines that would otherwise crash: java.net.URI cannot percent-encode it.
    if (hasLoneSurrogate(text)) return "contains a broken character (half of a UTF-16 surrogate pair)";
    return null;
  }

  /** A UTF-16 surrogate without its other half: no character at all, but a \\u escape in a config file can give one. */
  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) return false;
    }
    return true;
  }

  /** Stripped of whitespace, no-break spaces and byte order marks at both ends: all invisible when pasted. */
  static String trimmed(String line) {
    int start = 0;
    int end = line.length();
    while (start < end && invisible(line.charAt(start))) start++;
    while (end > start && invisible(line.charAt(end - 1))) end--;
    return line.substring(start, end);
  }

  private static boolean invisible(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B';
  }

  /** The line as the report may show it: user info masked, cut to a readable length. */
  static String shown(String text) {
    return shortened(masked(text), SHOWN_CHARS);
  }

  /** "http://user:secret@h/x" becomes "http://***@h/x"; "user:secret@h/x" becomes "user:***@h/x". */
  static String masked(String text) {
    Matcher userInfo = AUTHORITY_USER_INFO.matcher(text);
    if (userInfo.find()) return text.substring(0, userInfo.start(2)) + "***" + text.substring(userInfo.end(2));
    Matcher password = BARE_PASSWORD.matcher(text);
    if (password.find()) return text.substring(0, password.start(2)) + "***" + text.substring(password.end(2));
    return text;
  }

  private static String shortened(String text, int max) {
    if (text.length() <= max) return text;
    int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, cut) + "... (" + text.length() + " characters)";
  }

  /** Pekko's message without the URL it repeats and the caret line under it. */
  private static String pekkoReason(RuntimeException e, String url) {
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    if (first.endsWith(": " + url)) first = first.substring(0, first.length() - url.length() - 2);
    return first.replaceFirst("^Illegal URI reference: ", "");
  }
}
