package dev.fetchpipe.daemon;

/**
 * Where a running daemon listens and the token it wants: the content of {@code daemon.json} in its state dir.
 *
 * @param url   the API's base URL, ending in "/"
 * @param build       the build and JVM set-up of fetchpipe the daemon runs ({@link dev.fetchpipe.build.Build}):
 *                    {@code run} hands its job only to a daemon of its own build
 * @param idleTimeout how long the daemon waits with no job and no client before it stops (one {@code run} started),
 *                    e.g. "5m"; null for one that runs until it is stopped
 */
public record DaemonAddress(String url, String token, long pid, String host, int port, String build,
    String idleTimeout) {

  /** The line the daemon prints at start: its URL with the token, ready for a browser or {@code --daemon}. */
  public String withToken() {
    return url + "?token=" + token;
  }
}
