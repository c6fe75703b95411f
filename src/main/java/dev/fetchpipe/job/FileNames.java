package dev.fetchpipe.job;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns URLs into file names that are safe and unique inside one output dir: the last path segment, decoded once,
 * with only letters, digits, '.', '-' and '_' kept, no leading dots (so no name is "..", hidden, or one of
 * fetchpipe's own files, which all start with '.'), at most {@link #MAX_BYTES} bytes of UTF-8, and a "-2", "-3"...
 * suffix when two URLs would otherwise share a name. A name never contains a separator, so it cannot leave the dir;
 * {@link OutputDir#resolveInside} checks that again where files are written.
 *
 * <p>Letters and digits of any script are kept (NFC-normalized), so "Москва" or "ñandú.gif" keep their names: that is
 * what a user downloading from a non-English site expects, and it is safe because only letters, digits and combining
 * marks pass: no separators, control or format characters (bidi overrides, zero-width joiners), symbols or spaces.
 * What could go wrong with non-ASCII is handled instead: names are capped in bytes (ext4 allows 255 bytes, and a
 * temporary name adds 33), NFC keeps an "é" from becoming two names on a normalizing file system, and uniqueness is
 * checked case-folded, so names that only differ in case never share a file on a case-insensitive file system.
 */
final class FileNames {
  /** Bytes of UTF-8, so the temporary name (".NAME.<16 hex>.fetchpipe-part", 33 bytes more) fits in 255. */
  static final int MAX_BYTES = 120;
  /** How many folders deep an out= name may go. */
  static final int MAX_FOLDERS = 16;
  /** Device names Windows reserves with any extension ("con.txt" too); dangerous on shares and when copied there. */
  private static final Pattern WINDOWS_RESERVED =
      Pattern.compile("(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\\..*)?");
  private static final Pattern DOT_SEGMENT = Pattern.compile("\\.{1,2}");
  private static final Pattern LEADING_DOTS_AND_DASHES = Pattern.compile("^[.-]+");
  private static final Pattern TRAILING_DOTS = Pattern.compile("\\.+$");

  /**
   * A name and, when it differs materially from what the URL asked for, a short note saying how and why.
   *
   * @param wanted the name it would have had, when it was numbered because an earlier URL had it; else null
   */
  record Claimed(String name, String note, String wanted) {}

  /**
   * Fingerprints of the names given out, case-folded, because two names differing only in case are one file on some
   * file systems. A 64-bit fingerprint, not the name, because this set is the one thing a job keeps for every URL
   * (a third of the memory per entry). Equal names always match, so no two URLs ever share a name; two different names
   * with the same fingerprint (about one chance in 30 million for a million URLs) would only number one needlessly.
   */
  private final Set<Long> taken = new HashSet<>();
  /**
   * The next suffix to try for each base name that was taken, so that ten thousand URLs all named "download" take
   * linear time, not quadratic.
   */
  private final Map<String, Integer> nextSuffix = new HashMap<>();

  /** A name for this URL that no earlier call returned (ignoring case). */
  Claimed claim(URI uri) {
    List<String> changes = new ArrayList<>();
    return unique("", sanitize(lastSegment(uri), changes), changes);
  }

  /**
   * A name for a URL whose line asked for {@code out} (null: the URL's own name). Its folders are kept, each made
   * safe like a name ("..", "." and hidden names cannot pass, so nothing leaves the output dir); empty ones and a
   * leading '/' are dropped; at most {@link #MAX_FOLDERS} folders deep.
   */
  Claimed claim(URI uri, String out) {
    if (out == null) return claim(uri);
    List<String> changes = new ArrayList<>();
    List<String> parts = List.of(out.split("/", -1));
    if (parts.contains("")) changes.add("empty folder names and a leading / dropped");
    return claimPath(parts, changes);
  }

  /**
   * job.layout = host-path (wget -x): {@code host/path/to/file}, the host with its port ("h_8001"), each path
   * segment decoded once and made safe on its own (an encoded '/' stays inside its segment), "index" for a path that
   * ends in '/'.
   */
  Claimed claimHostPath(URI uri) {
    List<String> parts = new ArrayList<>();
    parts.add(uri.getHost() == null ? String.valueOf(uri.getRawAuthority()) : uri.getHost() + (uri.getPort() == -1 ? "" : "_" + uri.getPort()));
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].isEmpty() && i < segments.length - 1) continue;
      parts.add(segments[i].isEmpty() ? "index" : decoded(segments[i]));
    }
    return claimPath(parts, new ArrayList<>());
  }

  private static String decoded(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return segment;
    }
  }

  /** A unique name of {@code parts}, the last the file's, each made safe; empty parts dropped. */
  private Claimed claimPath(List<String> parts, List<String> changes) {
    List<String> segments = new ArrayList<>();
    for (String raw : parts) {
      if (!raw.isEmpty()) segments.add(sanitize(raw, changes));
    }
    if (segments.isEmpty()) segments.add("index");
    if (segments.size() > MAX_FOLDERS + 1) {
      segments = new ArrayList<>(segments.subList(segments.size() - MAX_FOLDERS - 1, segments.size()));
      changes.add("more than " + MAX_FOLDERS + " folders deep, the outer ones dropped");
    }
    String folders = String.join("/", segments.subList(0, segments.size() - 1));
    return unique(folders.isEmpty() ? "" : folders + "/", segments.get(segments.size() - 1), changes);
  }

  /** {@code folders + base}, or with "-2", "-3"... after its stem when that was taken already. */
  private Claimed unique(String folders, String base, List<String> changes) {
    String name = base;
    String wanted = null;
    if (!taken.add(fingerprint(folders + name))) {
      wanted = folders + base;
      String key = caseFolded(folders + base);
      int n = nextSuffix.getOrDefault(key, 2);
      do {
        name = withSuffix(base, "-" + n++);
      } while (!taken.add(fingerprint(folders + name)));
      nextSuffix.put(key, n);
      changes.add("name already taken in this job, numbered");
    }
    return new Claimed(folders + name, changes.isEmpty() ? null : "file name changed: " + String.join(", ", changes),
        wanted);
  }

  /** The last non-empty segment of the path, percent-decoded once ("%252e" stays "%2e": no double decoding). */
  private static String lastSegment(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    int slash = path.lastIndexOf('/');
    if (slash < path.length() - 1 && path.indexOf('%', slash) < 0 && path.indexOf('+', slash) < 0) {
      return path.substring(slash + 1);  // most paths: a last segment with nothing to decode
    }
    String[] segments = path.split("/");
    String last = segments.length == 0 ? "" : segments[segments.length - 1];
    try {
      return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return last;
    }
  }

  static String sanitize(String raw) {
    return sanitize(raw, new ArrayList<>());
  }

  /** The safe form of {@code raw}; each material change is added to {@code changes}. */
  private static String sanitize(String raw, List<String> changes) {
    return alreadySafe(raw) ? raw : sanitizeEveryStep(raw, changes);
  }

  /**
   * What {@link #sanitize} gives, without its short cut for names that are already safe. Package-private so that a
   * test can hold the two to the same answers.
   */
  static String sanitizeEveryStep(String raw, List<String> changes) {
    boolean separators = false;
    boolean controls = false;
    StringBuilder kept = new StringBuilder();
    String normalized = plainAscii(raw) ? raw : Normalizer.normalize(raw, Normalizer.Form.NFC);
    for (int cp : normalized.codePoints().toArray()) {
      if (allowed(cp)) {
        kept.appendCodePoint(cp);
        continue;
      }
      separators |= cp == '/' || cp == '\\';
      int type = Character.getType(cp);
      controls |= type == Character.CONTROL || type == Character.FORMAT;
      kept.append('_');
    }
    if (separators) changes.add("path separators replaced");
    if (controls) changes.add("control characters replaced");

    // Leading dots would make it hidden, "." or "..", or one of fetchpipe's own files; a leading '-' reads as an option.
    String name = kept.toString();
    if (DOT_SEGMENT.matcher(name).matches()) {
      changes.add("\"" + name + "\" is not a file name");
    } else if (name.startsWith(".") || name.startsWith("-")) {
      changes.add("leading dots or dashes removed");
    }
    name = withoutTrailingDots(LEADING_DOTS_AND_DASHES.matcher(name).replaceFirst(""));
    if (name.isEmpty()) name = "index";

    if (utf8Length(name) > MAX_BYTES) {
      name = withSuffix(name, "");
      changes.add("shortened to " + MAX_BYTES + " bytes");
    }
    if (WINDOWS_RESERVED.matcher(name).matches()) {
      name = withSuffix("_" + name, "");
      changes.add("reserved device name on Windows, prefixed with _");
    }
    return name;
  }

  /**
   * A name that every rule below would leave as it is (most are): plain ASCII, not empty, no leading '.' or '-', no
   * trailing '.', short enough, and not starting like a reserved Windows name. Saves a job a regex or two per URL.
   */
  private static boolean alreadySafe(String raw) {
    if (raw.isEmpty() || raw.length() > MAX_BYTES || !plainAscii(raw)) return false;
    char first = Character.toLowerCase(raw.charAt(0));
    if (first == '.' || first == '-' || raw.charAt(raw.length() - 1) == '.') return false;
    return "cpanl".indexOf(first) < 0 || !WINDOWS_RESERVED.matcher(raw).matches();
  }

  /** Letters and digits of any script, combining marks (needed by many scripts), and '.', '-', '_'. */
  private static boolean allowed(int cp) {
    if (cp == '.' || cp == '-' || cp == '_') return true;
    int type = Character.getType(cp);
    return Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  /** Windows drops trailing dots, so "a.gif." and "a.gif" would be one file there. */
  private static String withoutTrailingDots(String name) {
    return TRAILING_DOTS.matcher(name).replaceFirst("");
  }

  /** Only ASCII letters, digits, '.', '-' and '_' (most names): NFC would leave it as it is, so it is not asked. */
  private static boolean plainAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code name} with {@code suffix} before its extension, the stem shortened (at a whole code point) so that the
   * whole stays within MAX_BYTES.
   */
  private static String withSuffix(String name, String suffix) {
    String ext = extension(name);
    String stem = name.substring(0, name.length() - ext.length());
    int room = MAX_BYTES - utf8Length(ext) - utf8Length(suffix);
    String cut = withoutTrailingDots(prefixWithinBytes(stem, room));
    return (cut.isEmpty() ? "index" : cut) + suffix + ext;
  }

  /** The longest prefix of {@code text} of whole code points whose UTF-8 form fits in {@code maxBytes}. */
  private static String prefixWithinBytes(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes > maxBytes) break;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }

  /** ".gif" for "cn.gif"; short extensions only, so a long dotted name is not all "extension". */
  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Upper- then lower-cased: more names count as the same than any one file system folds together (e.g. "ß" and
   * "ss", "ς" and "σ"), which at worst adds a suffix that was not needed, never lets two files share a name.
   */
  private static String caseFolded(String name) {
    return name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /** 64-bit FNV-1a over the case-folded name's UTF-16 units. */
  static long fingerprint(String name) {
    String folded = caseFolded(name);
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
      hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
    }
    return hash;
  }
}
