package dev.fetchpipe.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Netscape cookie-jar format that curl ({@code -c}), wget ({@code --save-cookies}) and browser exports write: one
 * cookie a line, seven fields separated by tabs (domain, include-subdomains TRUE/FALSE, path, secure TRUE/FALSE,
 * expiry in seconds since 1970 with 0 for a session cookie, name, value), {@code #} comments, and a
 * {@code #HttpOnly_} prefix on the domain of an HttpOnly cookie, as curl writes it. A line of six fields is a cookie
 * with an empty value, as curl reads it. Cookies already expired are left out. Any problem is one line naming the
 * file and line, never a value: a cookie is a credential.
 */
public final class CookieFile {
  private static final String HTTP_ONLY = "#HttpOnly_";
  /** The most cookies read from a file or kept by a job: a hostile file or server cannot fill the memory. */
  public static final int MAX_COOKIES = 10_000;

  private CookieFile() {}

  /**
   * One cookie. {@link #toString} never shows its value.
   *
   * @param domain   the host (lower case, no leading dot) it is for
   * @param hostOnly sent to {@code domain} alone; false: to its subdomains too
   * @param path     sent to this path and those under it
   * @param secure   sent over https only
   * @param httpOnly kept from scripts by a browser; only carried through here, for the file written back
   * @param expires  when it ends, in seconds since 1970; 0 for a session cookie, which lasts the job
   */
  public record Cookie(String domain, boolean hostOnly, String path, boolean secure, boolean httpOnly, long expires,
      String name, String value) {
    @Override
    public String toString() {
      return name + "=*** for " + (hostOnly ? "" : ".") + domain + path;
    }

    public boolean expiredAt(long epochSecond) {
      return expires != 0 && expires <= epochSecond;
    }
  }

  /** Reads {@code file}; {@code key} names the setting in errors. */
  static List<Cookie> read(String key, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SettingsException(key, "no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new SettingsException(key, "cannot read " + file + ": permission denied");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new SettingsException(key, file + " is not UTF-8 text (is it a cookie file?)");
    } catch (IOException e) {
      throw new SettingsException(key, "cannot read " + file + ": " + (e.getMessage() == null ? "I/O error" : e.getMessage()));
    }
    return parse(key, file, text, java.time.Instant.now().getEpochSecond());
  }

  static List<Cookie> parse(String key, Path file, String text, long now) {
    List<Cookie> cookies = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int at = 0; at < lines.length; at++) {
      String line = lines[at];
      boolean httpOnly = line.startsWith(HTTP_ONLY);
      if (httpOnly) line = line.substring(HTTP_ONLY.length());
      else if (line.startsWith("#") || line.isBlank()) continue;
      Cookie cookie = cookie(line, httpOnly, key, file + " line " + (at + 1) + ": ");
      if (cookie.expiredAt(now)) continue;
      if (cookies.size() == MAX_COOKIES) {
        throw new SettingsException(key, file + " holds more than " + MAX_COOKIES + " cookies");
      }
      cookies.add(cookie);
    }
    return cookies;
  }

  private static Cookie cookie(String line, boolean httpOnly, String key, String where) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 7 && fields.length != 6) {
      throw new SettingsException(key, where + "expected 7 fields separated by tabs (domain, subdomains TRUE/FALSE, "
          + "path, secure TRUE/FALSE, expiry, name, value), found " + fields.length
          + " (is it a Netscape cookie file, as curl -c writes?)");
    }
    String domain = fields[0].strip().toLowerCase(Locale.ROOT);
    if (domain.startsWith(".")) domain = domain.substring(1);
    if (domain.isEmpty() || !domain.matches("[a-z0-9._-]+|\\[[0-9a-f:.]+\\]")) {
      throw new SettingsException(key, where + "the first field is not a host name");
    }
    boolean subdomains = flag(fields[1], "the second field (include subdomains)", key, where);
    String path = fields[2].strip();
    if (!path.startsWith("/")) throw new SettingsException(key, where + "the path (third field) must start with /");
    boolean secure = flag(fields[3], "the fourth field (secure)", key, where);
    long expires;
    try {
      expires = Long.parseLong(fields[4].strip());
    } catch (NumberFormatException e) {
      throw new SettingsException(key, where + "the expiry (fifth field) is not a whole number of seconds since 1970");
    }
    if (expires < 0) throw new SettingsException(key, where + "the expiry (fifth field) is below 0");
    String name = fields[5];
    String value = fields.length == 7 ? fields[6] : "";
    if (name.isEmpty() || !printable(name) || name.contains("=") || name.contains(";")) {
      throw new SettingsException(key, where + "the cookie's name (sixth field) is empty or holds a character a "
          + "cookie's name cannot have");
    }
    if (!printable(value) || value.contains(";")) {
      throw new SettingsException(key, where + "the cookie's value (seventh field) holds a control character or ';'");
    }
    return new Cookie(domain, !subdomains, path, secure, httpOnly, expires, name, value);
  }

  private static boolean flag(String field, String what, String key, String where) {
    return switch (field.strip().toUpperCase(Locale.ROOT)) {
      case "TRUE" -> true;
      case "FALSE" -> false;
      default -> throw new SettingsException(key, where + what + " must be TRUE or FALSE");
    };
  }

  /** No control characters, no spaces at either end: nothing that could break the Cookie header sent. */
  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) return false;
    }
    return text.equals(text.strip());
  }

  /**
   * Writes {@code cookies} to {@code file} in the same format, as one atomic step: a temporary file of mode 0600 in
   * the same folder, renamed over {@code file}, so a reader never sees half a jar and no other user can read it.
   */
  public static void write(Path file, List<Cookie> cookies) throws IOException {
    StringBuilder text = new StringBuilder("# Netscape HTTP Cookie File\n"
        + "# Written by fetchpipe: domain, subdomains, path, secure, expiry, name, value (tabs between).\n\n");
    for (Cookie c : cookies) {
      text.append(c.httpOnly() ? HTTP_ONLY : "").append(c.hostOnly() ? "" : ".").append(c.domain()).append('\t')
          .append(c.hostOnly() ? "FALSE" : "TRUE").append('\t').append(c.path()).append('\t')
          .append(c.secure() ? "TRUE" : "FALSE").append('\t').append(c.expires()).append('\t')
          .append(c.name()).append('\t').append(c.value()).append('\n');
    }
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".cookies-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** fetch.cookies.save checked before the job starts: its folder must be there and writable, and it no folder. */
  static Path saveTarget(String key, Path file) {
    Path parent = file.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SettingsException(key, "cannot write " + file + ": no folder " + parent);
    }
    if (!Files.isWritable(parent)) throw new SettingsException(key, "cannot write in " + parent + ": permission denied");
    if (Files.isDirectory(file)) throw new SettingsException(key, file + " is a folder; give a file name");
    return file;
  }
}
