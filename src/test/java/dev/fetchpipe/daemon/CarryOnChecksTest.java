package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.report.CancelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job kept in the state dir is checked again when the daemon carries it on: its url-file may have been replaced by
 * something else since it came, and its paths must still lie under the roots the daemon has now. A real daemon in this
 * JVM, started on a state dir prepared by hand.
 */
class CarryOnChecksTest {

  @Test
  void aKeptJobWhoseUrlFileOrPathsNoLongerPassEndsWithTheReasonAndNothingIsRead(@TempDir Path temp) throws Exception {
    Path state = temp.resolve("state");
    Path allowed = Files.createDirectories(temp.resolve("allowed")).toRealPath();
    Path list = Files.writeString(allowed.resolve("urls.txt"), "root:$6$secrethash:19000:0:99999:7:::\n");
    try (StateDir dir = StateDir.open(state)) {
      dir.saveJob(new StoredJob("j00000000a1", "2026-12-01T10:00:00Z", "{\"fetchpipe\":{\"job\":{\"url-file\":\"" + list
          + "\",\"output-dir\":\"" + allowed.resolve("out") + "\"}}}", null, null));
      dir.saveJob(new StoredJob("j00000000a2", "2026-12-01T10:00:01Z", "{\"fetchpipe\":{\"job\":{\"urls\":[\"http://h/a\"],"
          + "\"output-dir\":\"" + temp.resolve("elsewhere") + "\"}}}", null, null));
    }
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.port=0", "daemon.state-dir=" + state,
        "daemon.allowed-roots=[\"" + allowed + "\"]"));
    Daemon daemon = Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
    try {
      Api api = new Api(daemon.address());
      JsonNode urlFile = api.awaitDone("j00000000a1");
      assertEquals(2, urlFile.get("exitCode").asInt(), urlFile.toString());
      assertTrue(urlFile.get("error").asText().contains("is not a list of URLs"), urlFile.toString());
      assertFalse(urlFile.toString().contains("secrethash"), urlFile.toString());
      JsonNode outside = api.awaitDone("j00000000a2");
      assertEquals(2, outside.get("exitCode").asInt(), outside.toString());
      assertTrue(outside.get("error").asText().contains("outside every allowed root"), outside.toString());
      assertFalse(Files.exists(allowed.resolve("out")) || Files.exists(temp.resolve("elsewhere")));
    } finally {
      daemon.stop(CancelSource.REQUEST);
      daemon.whenStopped().toCompletableFuture().join();
    }
  }
}
