package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state dir damaged as a clumsy operator or a failing disk leaves it, given to a real daemon process: every job
 * folder that cannot be read is moved aside with one line and the daemon starts and serves the others; a finished
 * job whose status file is garbage stays in the list; a journal with a byte that is not UTF-8 costs that one URL a
 * fetch. Also: the state dir is for the daemon's user alone, and a deleted lock file lets no second daemon in.
 */
class DamagedStateIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");
  private static final String WHEN = "2026-12-01T10:00:00Z";

  private record Running(Launcher process, String url, String token) {}

  private static Running start(Path dir, String stateDir) throws Exception {
    Launcher process = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", stateDir);
    process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
    Matcher address = ADDRESS.matcher(process.stdout());
    assertTrue(address.find(), process.stdout());
    return new Running(process, address.group(1), address.group(2));
  }

  private static JsonNode get(Running daemon, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.url()).resolve(path))
        .header("Authorization", "Bearer " + daemon.token()).build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private static void writeJob(Path state, String id, String json) throws Exception {
    Path folder = Files.createDirectories(state.resolve("jobs").resolve(id));
    Files.writeString(folder.resolve("job.json"), json);
  }

  private static String storedJob(String id, String config) throws Exception {
    ObjectNode job = JSON.createObjectNode().put("id", id).put("submittedAt", WHEN).put("config", config);
    return JSON.writeValueAsString(job);
  }

  @Test
  void damagedJobFoldersAreMovedAsideAndTheDaemonServesTheRest(@TempDir Path dir) throws Exception {
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      Path state = Files.createDirectories(dir.resolve("state"));
      Path out = Files.createDirectories(dir.resolve("out"));
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 12; i++) urls.add(origin.url("/bytes/" + (2000 + i)));
      // An unfinished job: the first 8 URLs journaled as saved, the fourth line's bytes not UTF-8.
      ByteArrayOutputStream journal = new ByteArrayOutputStream();
      for (int i = 0; i < 8; i++) {
        byte[] body = HTTP.send(HttpRequest.newBuilder(URI.create(urls.get(i))).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body();
        String name = String.valueOf(2000 + i);
        Files.write(out.resolve(name), body);
        String line = "{\"url\":\"" + urls.get(i) + "\",\"file\":\"" + name + "\",\"outcome\":\"OK\",\"bytes\":" + body.length
            + ",\"sha256\":\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"}\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (i == 3) bytes[10] = (byte) 0xff;
        journal.write(bytes);
      }
      Files.write(out.resolve(Journal.FILE_NAME), journal.toByteArray());
      origin.resetCounters();
      String config = JSON.writeValueAsString(JSON.createObjectNode().set("fetchpipe", JSON.createObjectNode().set("job",
          JSON.createObjectNode().put("output-dir", out.toString()).set("urls", JSON.valueToTree(urls)))));
      writeJob(state, "j00000000c1", storedJob("j00000000c1", config));
      // A finished job whose status file is garbage: its report is gone too, so the journal says what it did.
      Path finishedOut = Files.createDirectories(dir.resolve("finished-out"));
      Files.writeString(finishedOut.resolve(Journal.FILE_NAME),
          "{\"url\":\"http://h/a\",\"file\":\"a\",\"outcome\":\"OK\",\"bytes\":1,\"sha256\":\"00\"}\n");
      String finishedConfig = "{\"fetchpipe\":{\"job\":{\"output-dir\":\"" + finishedOut + "\",\"urls\":[\"http://h/a\"]}}}";
      writeJob(state, "j00000000f1", storedJob("j00000000f1", finishedConfig));
      Files.writeString(state.resolve("jobs/j00000000f1/status.json"), "\u0000\u00ff{garbage");
      // Folders no daemon could use.
      Map<String, String> broken = new LinkedHashMap<>();
      broken.put("j00000000b1", "{}");
      broken.put("j00000000b2", "{\"id\":\"j00000000b2\",\"submittedAt\":\"last tuesday\",\"config\":\"{}\"}");
      broken.put("j00000000b3", "{\"id\":\"j00000000b3\",\"submittedAt\":\"" + WHEN + "\",\"config\":null}");
      broken.put("j00000000b4", "{\"id\":\"../../../tmp/x\",\"submittedAt\":\"" + WHEN + "\",\"config\":\"{}\"}");
      broken.put("j00000000b5", "garbage \u0000\u00ff");
      broken.put("my-notes", "{\"id\":\"my-notes\",\"submittedAt\":\"" + WHEN + "\",\"config\":\"{}\"}");
      for (Map.Entry<String, String> job : broken.entrySet()) writeJob(state, job.getKey(), job.getValue());

      Running daemon = start(dir, "state");
      try (Launcher process = daemon.process()) {
        JsonNode done = awaitDone(daemon, "j00000000c1");
        assertEquals(0, done.get("exitCode").asInt(), done.toString());
        assertEquals(7, done.get("kept").asInt(), "the damaged line's URL alone is fetched again: " + done);
        assertEquals(5, done.get("ok").asInt(), done.toString());
        for (int i = 0; i < 8; i++) {
          assertEquals(i == 3 ? 1 : 0, origin.requestCount("/bytes/" + (2000 + i)), "URL " + i);
        }
        JsonNode finished = get(daemon, "/api/jobs/j00000000f1");
        assertEquals("DONE", finished.path("state").asText(), finished.toString());
        assertEquals(1, finished.path("ok").asInt(), finished.toString());
        List<String> listed = new ArrayList<>();
        get(daemon, "/api/jobs").get("jobs").forEach(job -> listed.add(job.get("id").asText()));
        assertEquals(java.util.Set.of("j00000000f1", "j00000000c1"), new java.util.HashSet<>(listed), listed.toString());

        String stderr = process.stderr();
        for (String id : broken.keySet()) {
          assertEquals(1, stderr.lines().filter(line -> line.contains("jobs/" + id + " to ")).count(), stderr);
          assertTrue(Files.exists(state.resolve("jobs/broken").resolve(id)), id);
        }
        assertEquals(1, stderr.lines().filter(line -> line.contains("j00000000f1") && line.contains("status.json")).count(), stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        assertTrue(process.isAlive());
        process.signalGroup("TERM");
        assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), stderr);
      }
    }
  }

  private static JsonNode awaitDone(Running daemon, String id) throws Exception {
    try {
      return eventually(Duration.ofSeconds(60), "job " + id + " done", () -> get(daemon, "/api/jobs/" + id),
          status -> status.path("state").asText().equals("DONE"));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + daemon.process().stderr(), e);
    }
  }

  @Test
  void theStateDirIsTheDaemonUsersAloneEvenWhenItWasLooser(@TempDir Path dir) throws Exception {
    Path state = Files.createDirectories(dir.resolve("state/jobs/j00000000e1"));
    Files.writeString(state.resolve("job.json"), storedJob("j00000000e1", "{\"fetchpipe\":{\"job\":{\"urls\":[\"http://h/a\"]}}}"));
    Files.writeString(state.resolve("status.json"), "{\"id\":\"j00000000e1\",\"state\":\"DONE\",\"exitCode\":0}");
    for (Path folder : List.of(dir.resolve("state"), dir.resolve("state/jobs"), state)) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxr-x"));
    }
    Running daemon = start(dir, "state");
    try (Launcher process = daemon.process()) {
      for (Path folder : List.of(dir.resolve("state"), dir.resolve("state/jobs"), state)) {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
      }
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/daemon.json"))));
      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)));
    }
  }

  @Test
  void deletingTheLockFileLetsNoSecondDaemonShareTheStateDir(@TempDir Path dir) throws Exception {
    Running first = start(dir, "state");
    try (Launcher process = first.process()) {
      Files.delete(dir.resolve("state/daemon.lock"));
      try (Launcher second = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "state")) {
        assertEquals(2, second.awaitExit(Duration.ofSeconds(60)), second.stdout());
        assertTrue(second.stderr().startsWith("fetchpipe: --state-dir: a daemon is already running"), second.stderr());
        assertEquals(1, second.stderr().strip().lines().count(), second.stderr());
      }
      assertEquals(0, get(first, "/api/jobs").get("jobs").size(), "the first daemon still serves");
      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)));
    }
  }
}
