package dev.fetchpipe.job;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a URL line may say besides its URL: the file's name ({@code out}, subfolders allowed, made safe by
 * {@link FileNames}), the SHA-256 the file must have, and request headers for that URL alone. Each value is checked
 * here, so a bad one is one line of the job's result saying why, and the URL is not fetched.
 *
 * @param out     the file name asked for, as given (made safe later), or null
 * @param sha256  64 hex digits, lower case, or null
 * @param headers request headers, in the order given; never null
 */
public record UrlOptions(String out, String sha256, Map<String, String> headers) {
  static final int MAX_OUT_CHARS = 1024;
  static final int MAX_HEADERS = 50;
  static final int MAX_HEADER_CHARS = 8192;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers that say how the request is framed, or that fetchpipe sets itself (ranges, conditional requests). */
  private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
      "te", "upgrade", "expect", "range", "if-range", "if-none-match", "if-modified-since", "keep-alive",
      "proxy-connection", "trailer");

  public static final UrlOptions NONE = new UrlOptions(null, null, Map.of());

  public UrlOptions {
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** These options with {@code under} (a URL's own login) added to the headers, unless they give one of that name. */
  UrlOptions over(Map<String, String> under) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : under.entrySet()) {
      boolean given = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(header.getKey()));
      if (!given) all.put(header.getKey(), header.getValue());
    }
    all.putAll(headers);
    return new UrlOptions(out, sha256, all);
  }

  /** A line's options being read, one at a time; {@link #build} checks what needs all of them. */
  static final class Builder {
    private String out;
    private String sha256;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** Takes {@code out}; returns why it cannot be, or null. */
    String out(String value) {
      if (out != null) return "out is given twice";
      String trimmed = UrlCheck.trimmed(value);
      if (trimmed.isEmpty()) return "out is empty";
      if (trimmed.length() > MAX_OUT_CHARS) return "out is " + trimmed.length() + " characters long; at most " + MAX_OUT_CHARS;
      out = trimmed;
      return null;
    }

    String sha256(String value) {
      if (sha256 != null) return "sha256 is given twice";
      String trimmed = UrlCheck.trimmed(value);
      if (!HEX64.matcher(trimmed).matches()) {
        return "sha256 must be 64 hexadecimal digits, not \"" + UrlCheck.shown(trimmed) + "\"";
      }
      sha256 = trimmed.toLowerCase(Locale.ROOT);
      return null;
    }

    /** "Name:value" or "Name: value". */
    String header(String nameAndValue) {
      int colon = nameAndValue.indexOf(':');
      if (colon < 0) return "header must be Name:value, not \"" + UrlCheck.shown(nameAndValue) + "\"";
      return header(nameAndValue.substring(0, colon), nameAndValue.substring(colon + 1));
    }

    String header(String rawName, String rawValue) {
      String name = rawName.strip();
      String value = rawValue.strip();
      if (!TOKEN.matcher(name).matches()) return "header name \"" + UrlCheck.shown(name) + "\" is not a valid HTTP header name";
      if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        return "header " + name + " cannot be set per URL (fetchpipe sets it itself)";
      }
      if (name.length() + value.length() > MAX_HEADER_CHARS) return "header " + name + " is longer than " + MAX_HEADER_CHARS + " characters";
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c != '\t' && (Character.isISOControl(c) || c > 0xff)) {
          return "header " + name + "'s value has a control character or a character outside Latin-1";
        }
      }
      for (String given : headers.keySet()) {
        if (given.equalsIgnoreCase(name)) return "header " + name + " is given twice";
      }
      if (headers.size() >= MAX_HEADERS) return "more than " + MAX_HEADERS + " headers";
      headers.put(name, value);
      return null;
    }

    UrlOptions build() {
      return out == null && sha256 == null && headers.isEmpty() ? NONE : new UrlOptions(out, sha256, headers);
    }
  }
}
