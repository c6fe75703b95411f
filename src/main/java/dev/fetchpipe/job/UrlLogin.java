package dev.fetchpipe.job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The login a URL carries in its user info ({@code https://user:password@host/path}), taken out of it: the URL is
 * fetched without it, the login goes as {@code Authorization: Basic} to that URL's own origin only, and the URL is
 * shown everywhere (report, journal, events, page, logs) as {@code https://user:***@host/path}. The user name and
 * password are percent-decoded as curl decodes them (UTF-8, {@code +} stays a plus); the first colon splits them. A
 * URL with a user name and no password ({@code https://TOKEN@host/}, as some services take a token) is shown as
 * {@code https://***@host/}: a lone user name is often the secret itself.
 *
 * @param user     the user name, decoded
 * @param password the password, decoded; "" when none was given
 * @param shownUrl the URL as it may be shown: its password (or lone user name) as {@code ***}
 * @param bareUrl  the URL without its user info: what is requested
 */
record UrlLogin(String user, String password, String shownUrl, String bareUrl) {
  /** scheme "://" user info "@": user info runs to the last '@' before the authority ends. */
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");
  /** RFC 3986's user info characters (unreserved, sub-delims, ':', '%'), and any non-ASCII character. */
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:%\\x{80}-\\x{10FFFF}-]*");

  /** Why a URL's user info cannot be used: the line's problem. Never holds the user info itself. */
  static final class Refused extends RuntimeException {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /** The login of {@code text} (a trimmed line), or null when it has no user info. */
  static UrlLogin of(String text) {
    Matcher m = USER_INFO.matcher(text);
    if (!m.find()) return null;
    String info = m.group(2);
    if (info.indexOf('@') >= 0) {
      throw new Refused("the user name or password holds an '@': write it as %40 (user:p%40ss@host)");
    }
    if (info.isEmpty()) throw new Refused("nothing before the '@': give user:password@host, or no '@'");
    if (!ALLOWED.matcher(info).matches()) {
      throw new Refused("the user name or password holds a space, a control character or one of \"<>[]\\^`{|}: "
          + "percent-encode it");
    }
    int colon = info.indexOf(':');
    String rawUser = colon < 0 ? info : info.substring(0, colon);
    String user = decoded(rawUser);
    String password = colon < 0 ? "" : decoded(info.substring(colon + 1));
    String shownInfo = colon < 0 ? "***" : rawUser + ":***";
    String rest = text.substring(m.end());
    return new UrlLogin(user, password, m.group(1) + shownInfo + "@" + rest, m.group(1) + rest);
  }

  /** The header that sends this login, as RFC 7617 has it (UTF-8). */
  String authorization() {
    byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  /** {@code shown} with the same URL now requested as {@code bare} (e.g. percent-encoded): user info kept masked. */
  String shown(String bare) {
    int at = bareUrl.indexOf("://") + 3;
    return shownUrl.substring(0, shownUrl.length() - (bareUrl.length() - at)) + bare.substring(at);
  }

  @Override
  public String toString() {
    return shownUrl;
  }

  /** An ASCII hex digit's value, or -1 (Character.digit would take other scripts' digits too). */
  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  /** Percent-escapes decoded to UTF-8 bytes, as curl decodes user info; a bad escape is refused, never guessed. */
  private static String decoded(String raw) {
    if (raw.indexOf('%') < 0) return raw;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hex(raw.charAt(i + 2));
        if (low < 0) throw new Refused("the user name or password has a '%' that is not followed by two hex digits");
        bytes.write(high * 16 + low);
        i += 3;
      } else {
        bytes.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
