package dev.fetchpipe.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running daemon wrote into its state dir's daemon.json, read by {@code run} and {@code daemon --stop}: where it
 * listens, its pid, its build, and how long it waits idle. Only a daemon that is up: a missing, unreadable or stale file
 * (its pid gone, as after a {@code kill -9}) is none.
 *
 * @param build       the build and JVM set-up it runs ({@link dev.fetchpipe.build.Build}); "" from an older daemon
 * @param idleTimeout how long it waits with no job and no client before it stops, or null for until it is stopped
 */
public record DaemonFile(DaemonEndpoint address, long pid, String build, String idleTimeout) {

  /** The daemon running with this state dir, if one is. */
  public static Optional<DaemonFile> running(Path stateDir) {
    JsonFields json;
    try {
      json = JsonFields.parse(Files.readString(stateDir.resolve(DaemonEndpoint.FILE)));
    } catch (IOException | RuntimeException unreadable) {
      // Missing, or being replaced this moment: a daemon writes it whole, so a second look finds it or nothing.
      return Optional.empty();
    }
    try {
      String url = json.text("url", "");
      String token = json.text("token", "");
      long pid = json.longNumber("pid");
      if (url.isEmpty() || token.isEmpty() || pid <= 0 || !alive(pid)) return Optional.empty();
      URI uri = new URI(url);
      if (uri.getHost() == null) return Optional.empty();
      return Optional.of(new DaemonFile(new DaemonEndpoint(uri.resolve("/"), token), pid, json.text("build", ""),
          json.text("idleTimeout")));
    } catch (URISyntaxException | IllegalArgumentException unusable) {
      return Optional.empty();
    }
  }

  /** Whether the process is still there. */
  public boolean alive() {
    return alive(pid);
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
