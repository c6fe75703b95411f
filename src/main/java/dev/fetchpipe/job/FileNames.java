package dev.fetchpipe.job;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns URLs into file names that are safe and unique inside one output dir: the last path segment, decoded, with
 * anything but letters, digits, '.', '-' and '_' replaced, no leading dots, a bounded length, and a "-2", "-3"...
 * suffix when two URLs would otherwise share a name. A name never contains a separator, so it cannot leave the dir.
 */
final class FileNames {
  private static final int MAX_LENGTH = 120;
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern WINDOWS_RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

  /** Lower-cased, because two names differing only in case are one file on some file systems. */
  private final Set<String> taken = new HashSet<>();

  /** A name for this URL that no earlier call returned. */
  String claim(URI uri) {
    String base = sanitize(lastSegment(uri));
    String name = base;
    for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
      name = withSuffix(base, "-" + n);
    }
    return name;
  }

  private static String lastSegment(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.split("/");
    String last = segments.length == 0 ? "" : segments[segments.length - 1];
    try {
      return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return last;
    }
  }

  static String sanitize(String raw) {
    String name = UNSAFE.matcher(raw).replaceAll("_").replaceFirst("^[._]+", "");
    if (name.isEmpty()) name = "index";
    if (WINDOWS_RESERVED.matcher(name).matches()) name = "_" + name;
    if (name.length() > MAX_LENGTH) name = withSuffix(name, "").substring(0, MAX_LENGTH - extension(name).length()) + extension(name);
    return name;
  }

  /** The suffix goes before the extension; the stem is shortened so the whole stays within MAX_LENGTH. */
  private static String withSuffix(String name, String suffix) {
    String ext = extension(name);
    String stem = name.substring(0, name.length() - ext.length());
    return stem.substring(0, Math.min(stem.length(), MAX_LENGTH - ext.length() - suffix.length())) + suffix + ext;
  }

  /** ".gif" for "cn.gif"; short extensions only, so a long dotted name is not all "extension". */
  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
  }
}
