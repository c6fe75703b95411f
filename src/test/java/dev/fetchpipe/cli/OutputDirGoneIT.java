package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.JsonReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output dir removed, or moved away, while a job runs, in a real process: the job ends FAILED with that reason in
 * plain words, in the report and the daemon's status; nothing is written after (the dir is not made again, the moved
 * dir gets nothing more); the daemon keeps no descriptor of the dir's files and does not run the job again at its
 * next start.
 */
class OutputDirGoneIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");

  /** Two quick URLs, then 40 that each take 300 ms or more: two at a time, the job runs about 6 s. */
  private static List<String> urls(RunningOrigin origin) {
    List<String> urls = new ArrayList<>(List.of(origin.url("/bytes/1000"), origin.url("/bytes/1001")));
    IntStream.range(300, 340).forEach(ms -> urls.add(origin.url("/delay/" + ms)));
    return urls;
  }

  private static String reason(Path out) {
    return "the output dir " + out + " was removed or moved away while the job ran";
  }

  @Test
  void inProcessTheJobFailsWithTheReasonAndTheDirIsNotMadeAgain(@TempDir Path dir) throws Exception {
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      Files.write(dir.resolve("urls.txt"), urls(origin));
      Path out = dir.resolve("out");
      try (Launcher fetchpipe = Launcher.start(dir, "run", "--no-daemon", "--urls", "urls.txt", "--out", out.toString(),
          "--report", "report.json", "--set", "fetch.max-in-flight=2", "--set", "progress.style=off")) {
        eventually(Duration.ofSeconds(60), "a first file", () -> Files.exists(out.resolve("1000")));
        deleteTree(out);
        assertEquals(1, fetchpipe.awaitExit(Duration.ofSeconds(60)), fetchpipe.stdout() + fetchpipe.stderr());
        String printed = fetchpipe.stdout() + fetchpipe.stderr();
        assertTrue(printed.contains("Failed at "), printed);
        assertTrue(printed.contains("(" + reason(out) + "): "), printed);
        assertFalse(printed.contains("Cancelling"), "no grace is offered: nothing can be saved " + printed);
        assertFalse(printed.contains("disk operation failed"), "no warning per URL left: " + printed);
        assertFalse(printed.contains("Exception"), printed);
      }
      assertFalse(Files.exists(out), "nothing made the dir again");
      JsonNode cancellation = JsonReport.read(dir.resolve("report.json")).get("cancellation");
      assertEquals("OUTPUT_DIR_GONE", cancellation.path("source").asText(), cancellation.toString());
      assertEquals(reason(out), cancellation.path("reason").asText());
    }
  }

  @Test
  void inTheDaemonTheJobFailsIsRecordedLeavesNoDescriptorAndIsNotRunAgain(@TempDir Path dir) throws Exception {
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      Path list = Files.write(dir.resolve("urls.txt"), urls(origin));
      Path out = dir.resolve("out");
      Path moved = dir.resolve("moved");
      String id;
      try (Launcher daemon = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "state")) {
        Api api = api(daemon);
        Set<String> before = descriptors(daemon.pid());
        HttpResponse<String> created = api.send("POST", "/api/jobs", "{\"job\": {\"url-file\": \"" + list
            + "\", \"output-dir\": \"" + out + "\"}, \"fetch\": {\"max-in-flight\": 2}}");
        assertEquals(201, created.statusCode(), created.body());
        id = JSON.readTree(created.body()).get("id").asText();
        eventually(Duration.ofSeconds(60), "a first file", () -> Files.exists(out.resolve("1000")));
        Files.move(out, moved);
        Set<String> movedFiles = namesIn(moved);

        JsonNode ended = eventually(Duration.ofSeconds(60), "the job's end", () -> api.json("/api/jobs/" + id),
            status -> !status.path("exitCode").isNull());
        assertEquals("FAILED", ended.path("state").asText(), ended.toString());
        assertEquals(1, ended.path("exitCode").asInt(), ended.toString());
        assertEquals(reason(out), ended.path("error").asText(), ended.toString());
        JsonNode report = api.json("/api/jobs/" + id + "/report");
        assertEquals(reason(out), report.path("cancellation").path("reason").asText(), report.toString());
        assertFalse(Files.exists(out), "nothing made the dir again");
        Set<String> after = namesIn(moved);
        after.removeAll(movedFiles);
        assertEquals(Set.of(), after.stream().filter(name -> !name.startsWith(".")).collect(Collectors.toSet()),
            "nothing more written into the moved dir");
        Set<String> open = descriptors(daemon.pid());
        open.removeAll(before);
        assertEquals(Set.of(), open.stream().filter(target -> target.contains(dir.toString())).collect(Collectors.toSet()),
            "no descriptor of the dir's files left open");
        daemon.signalGroup("TERM");
        assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)), daemon.stderr());
      }

      origin.resetCounters();
      try (Launcher daemon = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "state")) {
        Api api = api(daemon);
        JsonNode status = api.json("/api/jobs/" + id);
        assertEquals("FAILED", status.path("state").asText(), status.toString());
        assertEquals(reason(out), status.path("error").asText(), status.toString());
        Thread.sleep(2000); // a job carried on would have fetched by now
        assertEquals(0, origin.requestCounts().values().stream().mapToLong(Long::longValue).sum(),
            "not run again: " + origin.requestCounts());
        assertFalse(Files.exists(out), "nothing made the dir again");
        assertFalse(daemon.stderr().contains("carrying on job " + id), daemon.stderr());
        daemon.signalGroup("TERM");
        assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)), daemon.stderr());
      }
    }
  }

  private record Api(URI base, String token) {
    HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
      return JSON.readTree(send("GET", path, null).body());
    }
  }

  private static Api api(Launcher daemon) throws Exception {
    daemon.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
    Matcher address = ADDRESS.matcher(daemon.stdout());
    assertTrue(address.find(), daemon.stdout());
    return new Api(URI.create(address.group(1)), address.group(2));
  }

  /** What each of the process's descriptors points at (a file's path, "(deleted)" after it once removed). */
  private static Set<String> descriptors(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.map(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          return "";
        }
      }).collect(Collectors.toSet());
    }
  }

  private static Set<String> namesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }
}
