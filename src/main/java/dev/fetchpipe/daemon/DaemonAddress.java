package dev.fetchpipe.daemon;

/**
 * Where a running daemon listens and the token it wants: the content of {@code daemon.json} in its state dir.
 *
 * @param url the API's base URL, ending in "/"
 */
public record DaemonAddress(String url, String token, long pid, String host, int port) {

  /** The line the daemon prints at start: its URL with the token, ready for a browser or {@code --daemon}. */
  public String withToken() {
    return url + "?token=" + token;
  }
}
