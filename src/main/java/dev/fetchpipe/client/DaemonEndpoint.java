package dev.fetchpipe.client;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon listens and the token it wants, found from the URL it printed (--daemon) or from the daemon.json it
 * wrote into its state dir.
 *
 * @param base  the daemon's root, e.g. {@code http://127.0.0.1:8642/}
 * @param token the bearer token every request carries
 */
public record DaemonEndpoint(URI base, String token) {
  public static final String STATE_DIR_VARIABLE = "FETCHPIPE_STATE_DIR";
  static final String FILE = "daemon.json";

  /** The state dir: --state-dir, else $FETCHPIPE_STATE_DIR, else ~/.local/state/fetchpipe (as the daemon chooses it). */
  public static Path stateDir(Path option, Map<String, String> environment, String userHome) {
    if (option != null) return option;
    String variable = environment.get(STATE_DIR_VARIABLE);
    if (variable != null && !variable.isBlank()) return Path.of(variable);
    return Path.of(userHome, ".local", "state", "fetchpipe");
  }

  /** The URL the daemon printed, {@code ?token=} included; a one-line error naming --daemon when it is not one. */
  public static DaemonEndpoint fromUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new SettingsException("--daemon", "not a URL: " + e.getMessage());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new SettingsException("--daemon", "expected the http:// URL the daemon printed, got '" + url + "'");
    }
    if (uri.getHost() == null) throw new SettingsException("--daemon", "no host in '" + url + "'");
    String token = queryParameter(uri.getRawQuery(), "token");
    if (token == null || token.isBlank()) {
      throw new SettingsException("--daemon", "no ?token= in the URL: give the whole line the daemon printed");
    }
    try {
      return new DaemonEndpoint(new URI(uri.getScheme().toLowerCase(), null, uri.getHost(), uri.getPort(), "/", null, null), token);
    } catch (URISyntaxException e) {
      throw new SettingsException("--daemon", "not a URL: " + e.getMessage());
    }
  }

  /** What the daemon wrote into its state dir; a {@link ClientException} when no daemon is running there. */
  public static DaemonEndpoint fromStateDir(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    JsonFields json;
    try {
      json = JsonFields.parse(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ClientException("no daemon running: no " + FILE + " in " + stateDir
          + " (start one with 'fetchpipe daemon', or give --daemon URL)");
    } catch (IOException e) {
      throw new ClientException("cannot read " + file + ": " + PlainWords.of(e));
    }
    String url;
    String token;
    long pid;
    try {
      url = json.text("url", "");
      token = json.text("token", "");
      pid = json.longNumber("pid");
    } catch (IllegalArgumentException e) {
      throw new ClientException(file + ": expected the url, token and pid the daemon writes");
    }
    if (url.isEmpty() || token.isEmpty() || pid <= 0) {
      throw new ClientException(file + ": expected the url, token and pid the daemon writes");
    }
    if (!alive(pid)) {
      throw new ClientException("no daemon running: " + file + " names pid " + pid
          + ", which is gone (the daemon did not stop cleanly; start it again)");
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) throw new URISyntaxException(url, "no host");
      return new DaemonEndpoint(uri.resolve("/"), token);
    } catch (URISyntaxException e) {
      throw new ClientException(file + ": the url is not one: " + e.getMessage());
    }
  }

  /** The URL of {@code path} on the daemon, e.g. {@code /api/jobs}. */
  public URI resolve(String path) {
    return base.resolve(path);
  }

  /** The address without its token: what messages show. */
  @Override
  public String toString() {
    return base.toString();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String queryParameter(String rawQuery, String name) {
    if (rawQuery == null) return null;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
    }
    return null;
  }
}
