package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
}
