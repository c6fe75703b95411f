package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.CancelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon other machines can reach (bound to 0.0.0.0, with a token) and no allowed root named is confined all the
 * same: to its state dir's files/ folder, made for its user alone. A real daemon in this JVM, its real API.
 */
class ReachableDaemonTest {

  @Test
  void aDaemonOnEveryInterfaceKeepsJobsUnderItsStateDirsFilesFolder(@TempDir Path temp) throws Exception {
    Path state = temp.resolve("state");
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.host=0.0.0.0", "daemon.port=0",
        "daemon.token=a-token-long-enough-1234", "daemon.state-dir=" + state));
    DaemonSettings settings = DaemonSettings.from(merged, Map.of());
    assertEquals(List.of(state.resolve("files")), settings.allowedRoots());
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      Daemon daemon = Daemon.start(merged, settings, temp);
      try {
        Api api = new Api(daemon.address());
        Path files = state.resolve("files").toRealPath();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files)));
        String urls = "[\"" + origin.url("/bytes/10") + "\"]";
        Api.Answer outside = api.post("/api/jobs", "{\"job\": {\"urls\": " + urls + ", \"output-dir\": \""
            + temp.resolve("out") + "\"}}");
        assertEquals(400, outside.status(), outside.body());
        assertTrue(outside.error().contains("daemon.allowed-roots: " + files), outside.body());
        // Relative to the daemon's working dir, the default output dir ("downloads") is outside too.
        assertEquals(400, api.post("/api/jobs", "{\"job\": {\"urls\": " + urls + "}}").status());
        Api.Answer inside = api.post("/api/jobs", "{\"job\": {\"urls\": " + urls + ", \"output-dir\": \""
            + files.resolve("out") + "\"}}");
        assertEquals(201, inside.status(), inside.body());
        assertEquals(0, api.awaitDone(inside.json().get("id").asText()).get("exitCode").asInt());
        assertTrue(Files.isRegularFile(files.resolve("out/10")));
      } finally {
        daemon.stop(CancelSource.REQUEST);
        daemon.whenStopped().toCompletableFuture().join();
      }
    }
  }
}
