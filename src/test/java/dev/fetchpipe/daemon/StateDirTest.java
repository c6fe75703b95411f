package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.Counts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir
  Path temp;

  @Test
  void daemonJsonIsForThisUserAloneAndGoesWithTheDaemon() throws Exception {
    Path dir = temp.resolve("state");
    try (StateDir state = StateDir.open(dir)) {
      state.writeAddress(new DaemonAddress("http://127.0.0.1:5/", "tok", 42, "127.0.0.1", 5, "b", null));
      Path file = dir.resolve(StateDir.ADDRESS_FILE);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      DaemonAddress read = Json.MAPPER.readValue(file.toFile(), DaemonAddress.class);
      assertEquals("tok", read.token());
      assertEquals("http://127.0.0.1:5/?token=tok", read.withToken());
    }
    assertFalse(Files.exists(dir.resolve(StateDir.ADDRESS_FILE)));
  }

  @Test
  void twoDaemonsNeverShareOneStateDir() {
    try (StateDir first = StateDir.open(temp)) {
      SettingsException e = assertThrows(SettingsException.class, () -> StateDir.open(temp));
      assertTrue(e.getMessage().contains("already running"), e.getMessage());
    }
    StateDir.open(temp).close();
  }

  @Test
  void jobsAreFoundOldestFirstWithTheirEndWhenTheyEnded() throws Exception {
    try (StateDir state = StateDir.open(temp)) {
      state.saveJob(new StoredJob("j0000000002", "2026-12-01T10:00:01Z", "{}", null, null));
      state.saveJob(new StoredJob("j0000000001", "2026-12-01T10:00:00.500Z", "{\"a\":1}", "/r.json", null));
      var status = Json.MAPPER.createObjectNode().put("state", "DONE");
      state.saveFinished("j0000000002", status, "{}".getBytes());
      Files.createDirectories(temp.resolve("jobs/j00000000ff"));
      Files.writeString(temp.resolve("jobs/j00000000ff/job.json"), "{not json");

      List<String> warnings = new ArrayList<>();
      List<StateDir.Found> found = state.jobs(warnings);
      assertEquals(List.of("j0000000001", "j0000000002"), found.stream().map(f -> f.job().id()).toList());
      assertNull(found.get(0).finalStatus());
      assertEquals("/r.json", found.get(0).job().report());
      assertEquals("DONE", found.get(1).finalStatus().get("state").asText());
      assertTrue(Files.isRegularFile(state.reportFile("j0000000002")));
      assertEquals(1, warnings.size(), warnings.toString());
    }
  }

  @Test
  void aJobIdIsNeverAPathOutOfTheStateDir() {
    try (StateDir state = StateDir.open(temp)) {
      assertThrows(IllegalArgumentException.class, () -> state.reportFile("../../etc"));
      assertTrue(JobIds.isValid(JobIds.next()));
    }
  }

  @Test
  void everyFolderIsThisUsersAloneEvenWhenItWasLooser() throws Exception {
    Path dir = temp.resolve("loose");
    Files.createDirectories(dir.resolve("jobs/j0000000001"));
    Files.writeString(dir.resolve("jobs/j0000000001/job.json"),
        Json.MAPPER.writeValueAsString(new StoredJob("j0000000001", "2026-12-01T10:00:00Z", "{}", null, null)));
    for (Path folder : List.of(dir, dir.resolve("jobs"), dir.resolve("jobs/j0000000001"))) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try (StateDir state = StateDir.open(dir)) {
      state.jobs(new ArrayList<>());
      state.saveJob(new StoredJob("j0000000002", "2026-12-01T10:00:00Z", "{}", null, null));
      for (Path folder : List.of(dir, dir.resolve("jobs"), dir.resolve("jobs/j0000000001"), dir.resolve("jobs/j0000000002"))) {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
      }
    }
  }

  @Test
  void aFolderThatCannotBeReadIsMovedAsideWithOneLineAndTheOthersAreFound() throws Exception {
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put("j0000000010", "{}");
    broken.put("j0000000011", "{\"id\":\"j0000000011\",\"submittedAt\":\"yesterday\",\"config\":\"{}\"}");
    broken.put("j0000000012", "{\"id\":\"j0000000012\",\"submittedAt\":\"2026-12-01T10:00:00Z\",\"config\":null}");
    broken.put("j0000000013", "{\"id\":\"../../x\",\"submittedAt\":\"2026-12-01T10:00:00Z\",\"config\":\"{}\"}");
    broken.put("j0000000014", "\u0000\u00ff garbage");
    broken.put("j0000000015", "null");
    broken.put("j0000000016", "[1, 2]");
    broken.put("not-an-id", "{\"id\":\"not-an-id\",\"submittedAt\":\"2026-12-01T10:00:00Z\",\"config\":\"{}\"}");
    try (StateDir state = StateDir.open(temp)) {
      state.saveJob(new StoredJob("j0000000001", "2026-12-01T10:00:00Z", "{}", null, null));
      for (Map.Entry<String, String> job : broken.entrySet()) {
        Files.createDirectories(temp.resolve("jobs").resolve(job.getKey()));
        Files.writeString(temp.resolve("jobs").resolve(job.getKey()).resolve("job.json"), job.getValue());
      }
      Files.createDirectories(temp.resolve("jobs/j0000000020")); // no job.json at all

      List<String> warnings = new ArrayList<>();
      List<StateDir.Found> found = state.jobs(warnings);

      assertEquals(List.of("j0000000001"), found.stream().map(f -> f.job().id()).toList());
      assertEquals(broken.size() + 1, warnings.size(), String.join("\n", warnings));
      for (String id : broken.keySet()) {
        assertTrue(Files.isRegularFile(temp.resolve("jobs/broken").resolve(id).resolve("job.json")), id);
        assertFalse(Files.exists(temp.resolve("jobs").resolve(id)), id);
      }
      warnings.forEach(line -> assertEquals(1, line.lines().count(), line));
      assertTrue(warnings.stream().anyMatch(line -> line.contains("j0000000011") && line.contains("submittedAt")), warnings.toString());
      // Found again at the next start: nothing is moved twice, and a folder already in broken/ is left there.
      Files.createDirectories(temp.resolve("jobs/j0000000010"));
      List<String> again = new ArrayList<>();
      state.jobs(again);
      assertTrue(Files.isDirectory(temp.resolve("jobs/broken/j0000000010-2")), again.toString());
    }
  }

  @Test
  void aStatusThatCannotBeReadIsRebuiltFromTheReportOrTheJournal() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve(dev.fetchpipe.journal.Journal.FILE_NAME),
        "{\"url\":\"http://h/a\",\"file\":\"a\",\"outcome\":\"OK\",\"bytes\":1,\"sha256\":\"00\"}\n"
            + "{\"url\":\"http://h/b\",\"file\":\"b\",\"outcome\":\"ERROR\",\"bytes\":0,\"error\":\"HTTP 500\"}\n"
            + "\u00ff\u00fe not a line\n");
    String config = "{\"fetchpipe\":{\"job\":{\"output-dir\":\"" + out + "\"}}}";
    Path state = temp.resolve("state");
    try (StateDir dir = StateDir.open(state)) {
      dir.saveJob(new StoredJob("j0000000001", "2026-12-01T10:00:00Z", config, null, null));
      dir.saveJob(new StoredJob("j0000000002", "2026-12-01T10:00:01Z", config, null, null));
      var report = new dev.fetchpipe.report.JobReport("http://h", 3, 1, new Counts(3, 0, 0, 0, 0, 0), 0, 0, 10, null,
          List.of(), false, List.of(), false, List.of(), 0);
      dir.saveFinished("j0000000001", Json.MAPPER.createObjectNode().put("state", "DONE"), Json.MAPPER.writeValueAsBytes(report));
      Files.writeString(state.resolve("jobs/j0000000001/status.json"), "{\"garbage");
      Files.writeString(state.resolve("jobs/j0000000002/status.json"), "\u0000");

      List<String> warnings = new ArrayList<>();
      List<StateDir.Found> found = dir.jobs(warnings);

      assertEquals(2, found.size());
      var fromReport = found.get(0).finalStatus();
      assertEquals("DONE", fromReport.get("state").asText());
      assertEquals(3, fromReport.get("ok").asInt(), fromReport.toString());
      assertEquals(0, fromReport.get("exitCode").asInt(), fromReport.toString());
      var fromJournal = found.get(1).finalStatus();
      assertEquals("DONE", fromJournal.get("state").asText());
      assertEquals(1, fromJournal.get("ok").asInt(), fromJournal.toString());
      assertEquals(1, fromJournal.get("errors").asInt(), fromJournal.toString());
      assertEquals(1, fromJournal.get("exitCode").asInt(), fromJournal.toString());
      assertTrue(fromJournal.get("rebuilt").asText().contains("journal"), fromJournal.toString());
      assertEquals(2, warnings.size(), warnings.toString());
      // Written back: the next start reads it as any status.
      List<String> next = new ArrayList<>();
      assertEquals(3, dir.jobs(next).get(0).finalStatus().get("ok").asInt());
      assertEquals(List.of(), next);
    }
  }

  @Test
  void aDeletedLockFileDoesNotLetASecondDaemonShareTheDir() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Path dir = temp.resolve("shared");
      try (StateDir first = StateDir.open(dir)) {
        first.writeAddress(new DaemonAddress("http://127.0.0.1:5/", "tok", other.pid(), "127.0.0.1", 5, "b", null));
      }
      // As another process's daemon would have left it, running: its daemon.json names it; its lock file is gone.
      Files.writeString(dir.resolve(StateDir.ADDRESS_FILE), Json.MAPPER.writeValueAsString(
          new DaemonAddress("http://127.0.0.1:5/", "tok", other.pid(), "127.0.0.1", 5, "b", null)));
      Files.deleteIfExists(dir.resolve(StateDir.LOCK_FILE));
      SettingsException e = assertThrows(SettingsException.class, () -> StateDir.open(dir));
      assertTrue(e.getMessage().contains("already running"), e.getMessage());
      other.destroy();
      other.waitFor();
      // Once that process is gone, its daemon.json is stale: the dir is free.
      StateDir.open(dir).close();
    } finally {
      other.destroyForcibly();
    }
  }
}
