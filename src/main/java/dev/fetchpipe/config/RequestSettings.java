package dev.fetchpipe.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What goes into each request besides its URL: headers for every request and for one host, and whether bodies are
 * asked for compressed and decoded. Every name and value is checked here, once, so a bad one is one line naming its
 * key (exit 2, or 400 from the daemon), and a value is never shown in that line: it may be a secret.
 *
 * @param headers     fetch.headers: sent with every request; an empty value sends none of that name (the default
 *                    User-Agent included)
 * @param hostHeaders fetch.host-headers: per host (lower case, {@code host} or {@code host:port}), sent only to it,
 *                    over {@code headers}
 * @param decode      fetch.decode: send {@code Accept-Encoding: gzip, deflate} and save bodies decoded
 * @param netrc       fetch.netrc, read: Basic credentials by host, under the headers; null for none
 * @param cookies     fetch.cookies: the jar a job starts with, and where it is written at the end
 */
public record RequestSettings(List<Header> headers, Map<String, List<Header>> hostHeaders, boolean decode,
    Netrc netrc, Cookies cookies) {

  /** What a request says it is unless fetch.headers says otherwise. */
  public static final String DEFAULT_USER_AGENT = "fetchpipe/" + Version.NUMBER;

  /**
   * Headers the HTTP layer writes itself, or that would change what the request is: a user's would clash with it or
   * smuggle a second request. Raw-Request-URI is Pekko's own: it would replace the request's target.
   */
  private static final Set<String> OWNED = Set.of("host", "content-length", "content-type", "transfer-encoding",
      "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "expect", "raw-request-uri");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
  private static final Pattern HOST = Pattern.compile("([a-z0-9.-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
  private static final int MAX_VALUE = 8192;

  public RequestSettings {
    headers = List.copyOf(headers);
    hostHeaders = Map.copyOf(hostHeaders);
  }

  /**
   * fetch.cookies, read.
   *
   * @param seed the cookies of fetch.cookies.file, read when the job starts (expired ones left out); empty for none
   * @param save fetch.cookies.save: where the job's jar is written at its end (mode 0600), its folder checked; or null
   */
  public record Cookies(List<CookieFile.Cookie> seed, java.nio.file.Path save) {
    public static final Cookies NONE = new Cookies(List.of(), null);

    public Cookies {
      seed = List.copyOf(seed);
    }

    static Cookies from(ConfigReader read) {
      String fileKey = "fetchpipe.fetch.cookies.file";
      String saveKey = "fetchpipe.fetch.cookies.save";
      String file = read.string(fileKey).strip();
      String save = read.string(saveKey).strip();
      if (file.isEmpty() && save.isEmpty()) return NONE;
      return new Cookies(file.isEmpty() ? List.of() : CookieFile.read(fileKey, java.nio.file.Path.of(file).toAbsolutePath()),
          save.isEmpty() ? null : CookieFile.saveTarget(saveKey, java.nio.file.Path.of(save).toAbsolutePath()));
    }
  }

  /** One header as configured. Its value may be a credential: {@link #toString} never shows it. */
  public record Header(String name, String value) {
    @Override
    public String toString() {
      return name + ": ***";
    }
  }

  static RequestSettings from(ConfigReader read) {
    String headersKey = "fetchpipe.fetch.headers";
    List<Header> headers = headers(headersKey, read.entries(headersKey));
    String hostsKey = "fetchpipe.fetch.host-headers";
    Map<String, List<Header>> hosts = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> host : read.entries(hostsKey).entrySet()) {
      String key = hostsKey + "." + quoted(host.getKey());
      String name = host.getKey().trim().toLowerCase(Locale.ROOT);
      if (!HOST.matcher(name).matches()) {
        throw new SettingsException(key, "expected a host name (or host:port), not a URL or anything else");
      }
      if (host.getValue().valueType() != ConfigValueType.OBJECT) {
        throw new SettingsException(key, "expected { Header-Name = \"value\" ... }");
      }
      if (hosts.containsKey(name)) throw new SettingsException(key, "given twice (host names ignore case)");
      hosts.put(name, headers(key, read.entries(key)));
    }
    String netrcKey = "fetchpipe.fetch.netrc";
    String netrc = read.string(netrcKey).strip();
    return new RequestSettings(headers, hosts, read.bool("fetchpipe.fetch.decode"),
        netrc.isEmpty() ? null : Netrc.read(netrcKey, java.nio.file.Path.of(netrc).toAbsolutePath()),
        Cookies.from(read));
  }

  /** A config path's key as Typesafe Config wants it: quoted, so the dots of a host name are not path separators. */
  private static String quoted(String key) {
    return com.typesafe.config.ConfigUtil.quoteString(key);
  }

  private static List<Header> headers(String section, Map<String, ConfigValue> entries) {
    List<Header> headers = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Map.Entry<String, ConfigValue> entry : entries.entrySet()) {
      String key = section + "." + entry.getKey();
      ConfigValue value = entry.getValue();
      if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
          || value.valueType() == ConfigValueType.NULL) {
        throw new SettingsException(key, "expected the header's value as a string");
      }
      Header header = header(key, entry.getKey(), String.valueOf(value.unwrapped()));
      if (!seen.add(header.name().toLowerCase(Locale.ROOT))) {
        throw new SettingsException(key, "given twice (header names ignore case)");
      }
      headers.add(header);
    }
    return headers;
  }

  /**
   * A header as the user gave it, checked; {@code key} names it in an error (a config key, or --header). The error
   * never holds the value.
   */
  public static Header header(String key, String name, String value) {
    if (!TOKEN.matcher(name).matches()) {
      throw new SettingsException(key, "not a header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces");
    }
    if (OWNED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new SettingsException(key, name + " is written by the HTTP layer itself and cannot be set");
    }
    if (name.equalsIgnoreCase("accept-encoding")) {
      throw new SettingsException(key, "Accept-Encoding is set by fetch.decode (on: gzip, deflate; off: none)");
    }
    if (value.length() > MAX_VALUE) throw new SettingsException(key, "value longer than " + MAX_VALUE + " characters");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new SettingsException(key, "value holds a control character (a line break?): not allowed in a header");
      }
    }
    return new Header(name, value.strip());
  }

  /** {@code --header 'Name: value'}, as curl takes it; {@code 'Name:'} sends no header of that name. */
  public static Header headerLine(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) throw new SettingsException("--header", "expected 'Name: value', e.g. 'Authorization: Bearer ...'");
    return header("--header " + line.substring(0, colon).strip(), line.substring(0, colon).strip(),
        line.substring(colon + 1));
  }
}
