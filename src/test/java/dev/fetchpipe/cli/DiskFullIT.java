package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails midway, as on a full disk: the process may write no file larger than 256 KiB (ulimit -f), so
 * larger bodies fail with "File too large" after part of them is on disk. Each is an ERROR with the reason, is not
 * retried, leaves no partial file, and the other files are saved.
 */
class DiskFullIT {

  @Test
  void aWriteThatFailsMidwayIsAnErrorAndLeavesNoPartialFile(@TempDir Path dir) throws Exception {
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      // 600 kB is collected in memory and written in one go; 2 MB streams to its temporary file as it arrives.
      List<String> urls = List.of(origin.baseUrl() + "/bytes/1000", origin.baseUrl() + "/bytes/600000",
          origin.baseUrl() + "/bytes/2000000", origin.baseUrl() + "/bytes/2000");
      Files.write(dir.resolve("urls.txt"), urls);

      // In process: the file size limit is the launched process's own (a daemon started by it would inherit it only
      // by the chance that this run started it).
      try (Launcher fetchpipe = Launcher.startWithFileSizeLimit(dir, 256, "run", "--no-daemon", "--urls", "urls.txt",
          "--out", "out", "--report", "report.json", "--set", "writer.stream-above=1MiB", "--set", "progress.style=off")) {
        assertEquals(1, fetchpipe.awaitExit(Duration.ofSeconds(60)), fetchpipe.stdout() + fetchpipe.stderr());
        assertTrue(fetchpipe.stdout().contains("  2 downloaded."), fetchpipe.stdout());
      }

      JsonNode items = JsonReport.read(dir.resolve("report.json")).get("items");
      for (int big : new int[] {1, 2}) {
        JsonNode item = items.get(big);
        assertEquals("ERROR", item.get("outcome").asText());
        assertTrue(item.get("error").asText().startsWith("write failed: "), item.get("error").asText());
        assertTrue(item.get("error").asText().contains("file too large"), item.get("error").asText());
        assertEquals(1, item.get("attempts").size(), "a disk failure is not retried");
      }
      assertEquals(List.of("1000", "2000"), OutputFiles.payload(dir.resolve("out")), "no partial or temporary file");
    }
  }
}
