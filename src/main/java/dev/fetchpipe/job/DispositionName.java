package dev.fetchpipe.job;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The file name a server's Content-Disposition header gives (RFC 6266), made safe by the same rules as a URL's name
 * ({@link FileNames}): {@code filename*=UTF-8''...} (RFC 8187, percent-encoded) wins over {@code filename=}, which may
 * be a token or a quoted string. Only the last path segment counts (browsers drop folders too: "../../x" is "x"), so
 * a hostile header cannot leave the output dir; what is left goes through {@link FileNames#sanitize}. Null when the
 * header names no usable file: absent, garbled, or an encoding other than UTF-8 or ISO-8859-1.
 */
public final class DispositionName {
  /** A header longer than this is not read at all: no honest server needs more for one name. */
  static final int MAX_HEADER = 4096;

  private DispositionName() {}

  /**
   * True when {@code savedAs}, read back from a journal, is what this class could have made of a header for the file
   * {@code file}: in the same folder, its own name already safe. A hostile journal cannot point resume elsewhere.
   */
  public static boolean couldBe(String file, String savedAs) {
    int slash = savedAs.lastIndexOf('/');
    String name = savedAs.substring(slash + 1);
    return file.lastIndexOf('/') == slash && file.regionMatches(0, savedAs, 0, slash + 1)
        && !name.isEmpty() && name.equals(FileNames.sanitize(name));
  }

  /** The safe name the header value asks for, or null. */
  public static String of(String header) {
    if (header == null || header.length() > MAX_HEADER) return null;
    Map<String, String> params = params(header);
    if (params == null) return null;
    String name = params.containsKey("filename*") ? extValue(params.get("filename*")) : null;
    if (name == null) name = params.get("filename");
    if (name == null) return null;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    String last = name.substring(slash + 1);
    return last.isBlank() ? null : FileNames.sanitize(last);
  }

  /** The parameters after the disposition type, names lower-cased, quoted strings unquoted; null when garbled. */
  private static Map<String, String> params(String header) {
    Map<String, String> params = new HashMap<>();
    int i = header.indexOf(';');
    if (i < 0) return params;
    while (i < header.length()) {
      i++; // past ';'
      int eq = header.indexOf('=', i);
      if (eq < 0) return header.substring(i).isBlank() ? params : null;
      String key = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      int at = eq + 1;
      while (at < header.length() && header.charAt(at) == ' ') at++;
      StringBuilder value = new StringBuilder();
      if (at < header.length() && header.charAt(at) == '"') {
        at++;
        boolean closed = false;
        while (at < header.length()) {
          char c = header.charAt(at++);
          if (c == '\\' && at < header.length()) {
            value.append(header.charAt(at++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) return null;
        while (at < header.length() && header.charAt(at) != ';') {
          if (header.charAt(at++) != ' ') return null;
        }
      } else {
        int end = header.indexOf(';', at);
        if (end < 0) end = header.length();
        value.append(header, at, end);
        at = end;
        if (value.toString().isBlank()) return null;
      }
      // The first of a repeated parameter counts, as in browsers; a second cannot override it.
      params.putIfAbsent(key, key.endsWith("*") ? value.toString().trim() : value.toString().strip());
      i = at;
    }
    return params;
  }

  /** RFC 8187's {@code charset'lang'percent-encoded}; null when malformed or in another charset. */
  private static String extValue(String value) {
    int first = value.indexOf('\'');
    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0) return null;
    String charsetName = value.substring(0, first).toUpperCase(Locale.ROOT);
    Charset charset = switch (charsetName) {
      case "UTF-8" -> StandardCharsets.UTF_8;
      case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
      default -> null;
    };
    if (charset == null) return null;
    try {
      String decoded = URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"), charset);
      return decoded.indexOf('\uFFFD') >= 0 ? null : decoded;
    } catch (IllegalArgumentException badEscape) {
      return null;
    }
  }
}
