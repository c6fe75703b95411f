package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.OutputFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run`, `serve` and `--help` through the real launcher, as a user types them. */
class LauncherIT {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void helpListsTheCommands(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = Launcher.start(dir, "--help")) {
      assertEquals(0, fetchpipe.awaitExit(Duration.ofSeconds(60)));
      String out = fetchpipe.stdout();
      assertTrue(out.contains("run") && out.contains("serve") && out.contains("spinner"), out);
    }
  }

  @Test
  void theLauncherFindsItsProjectByAnyPathToItAndStartsWithTheArchive(@TempDir Path dir) throws Exception {
    Path script = Launcher.PROJECT.resolve("scripts/fetchpipe");
    Path linked = Files.createSymbolicLink(dir.resolve("fetchpipe"), script);
    Path linkedFolder = Files.createSymbolicLink(dir.resolve("bin"), script.getParent());
    List<Path> ways = List.of(script, linked, linkedFolder.resolve("fetchpipe"),
        Launcher.PROJECT.resolve("scripts/../scripts/./fetchpipe"), Path.of("scripts/fetchpipe"));
    for (Path way : ways) {
      // The JVM logs where each class came from: "shared objects file" is the archive, which names the jar's path.
      Launcher.Finished version = Launcher.runToEnd(way, way.isAbsolute() ? dir : Launcher.PROJECT,
          java.util.Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"), Duration.ofSeconds(60), "--version");
      assertEquals(0, version.exitCode(), way + ": " + version.stderr());
      assertTrue(version.stdout().contains("dev.fetchpipe.cli.Main source: shared objects file"), way + ": "
          + version.stdout().lines().filter(line -> line.contains("dev.fetchpipe.cli.Main ")).toList());
      assertTrue(version.stdout().lines().anyMatch("fetchpipe 0.1.0"::equals), way + ": " + version.stdout());
    }
  }

  @Test
  void runWithTheShippedConfigLeaves20GifsInDownloadsOfTheCurrentDirectory(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = Launcher.start(dir, "run", "--set", "origin.delay=50ms", "--set", "origin.jitter=0ms")) {
      assertEquals(0, fetchpipe.awaitExit(Duration.ofSeconds(60)), fetchpipe.stderr());
      assertTrue(fetchpipe.stdout().contains(" 20 downloaded."), fetchpipe.stdout());
      assertTrue(fetchpipe.stdout().contains("Elapsed time: "), fetchpipe.stdout());
    }
    List<Path> gifs;
    gifs = OutputFiles.downloaded(dir.resolve("downloads")).stream().map(dir.resolve("downloads")::resolve).toList();
    assertEquals(20, gifs.size());
    for (Path gif : gifs) {
      assertTrue(gif.getFileName().toString().endsWith(".gif"), gif.toString());
      assertTrue(Files.readString(gif, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("GIF89a"), gif.toString());
      assertTrue(javax.imageio.ImageIO.read(gif.toFile()) != null, gif + " decodes");
    }
  }

  @Test
  void aFewHundredUrlsAgainstServeAreSavedByteExactThenCtrlCStopsTheServer(@TempDir Path dir) throws Exception {
    try (Launcher server = Launcher.start(dir, "serve", "--port", "0", "--set", "origin.delay=20ms")) {
      server.awaitOutput("Press Ctrl-C to stop.", Duration.ofSeconds(60));
      Matcher serving = Pattern.compile("Serving on (http://127\\.0\\.0\\.1:\\d+)").matcher(server.stdout());
      assertTrue(serving.find(), server.stdout());
      String base = serving.group(1);

      List<String> lines = new ArrayList<>(List.of("# a few hundred byte ranges", ""));
      for (int i = 0; i < 300; i++) lines.add(base + "/bytes/" + (1000 + i));
      Files.write(dir.resolve("urls.txt"), lines);
      try (Launcher run = Launcher.start(dir, "run", "--urls", "urls.txt", "--out", "bytes", "-m", "50",
          "--report", "report.json")) {
        assertEquals(0, run.awaitExit(Duration.ofSeconds(60)), run.stderr());
      }

      JsonNode report = JsonReport.read(dir.resolve("report.json"));
      assertEquals(300, report.get("ok").asInt());
      assertEquals(50, report.get("concurrency").asInt());
      List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> served = new ArrayList<>();
      for (JsonNode item : report.get("items")) {
        served.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(item.get("url").asText())).build(),
            HttpResponse.BodyHandlers.ofByteArray()));
      }
      for (int i = 0; i < 300; i++) {
        JsonNode item = report.get("items").get(i);
        byte[] saved = Files.readAllBytes(dir.resolve(item.get("path").asText()));
        assertArrayEquals(served.get(i).join().body(), saved, item.get("url").asText());
      }

      server.signalGroup("INT");
      server.awaitExit(Duration.ofSeconds(15));
    }
  }

  @Test
  void aBadValueExits2WithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
    try (Launcher fetchpipe = Launcher.start(dir, "run", "--set", "fetch.max-in-flight=-3")) {
      assertEquals(2, fetchpipe.awaitExit(Duration.ofSeconds(60)));
      assertEquals("fetchpipe: fetchpipe.fetch.max-in-flight: must be at least 1, got -3\n", fetchpipe.stderr());
      assertFalse(fetchpipe.stdout().contains("downloaded"));
    }
  }
}
