package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the daemon: from the URL it printed, or from the daemon.json in its state dir. */
class DaemonAddressTest {

  @TempDir
  Path dir;

  @Test
  void thePrintedUrlGivesTheRootAndTheToken() {
    DaemonEndpoint address = DaemonEndpoint.fromUrl("http://127.0.0.1:8642/?token=s3cr%2Bt");

    assertEquals(URI.create("http://127.0.0.1:8642/"), address.base());
    assertEquals("s3cr+t", address.token());
    assertEquals(URI.create("http://127.0.0.1:8642/api/jobs/J/events"), address.resolve("/api/jobs/J/events"));
    assertFalse(address.toString().contains("s3cr"), "messages never show the token: " + address);
  }

  @Test
  void theTokenMayComeAmongOtherParametersAndAPathIsDropped() {
    DaemonEndpoint address = DaemonEndpoint.fromUrl(" http://localhost:9000/jobs?x=1&token=abc ");

    assertEquals(URI.create("http://localhost:9000/"), address.base());
    assertEquals("abc", address.token());
  }

  @Test
  void aUrlWithoutTokenOrHostOrHttpIsAOneLineErrorNamingTheOption() {
    for (String bad : new String[] {"http://127.0.0.1:8642/", "http://127.0.0.1:8642/?token=", "ftp://h/?token=a",
        "127.0.0.1:8642", "http:///?token=a", "http://[::1/?token=a"}) {
      SettingsException e = assertThrows(SettingsException.class, () -> DaemonEndpoint.fromUrl(bad), bad);
      assertEquals("--daemon", e.key(), bad);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void daemonJsonOfALiveProcessGivesItsAddress() throws Exception {
    Files.writeString(dir.resolve("daemon.json"), "{\"url\": \"http://127.0.0.1:8642/\", \"token\": \"t0k\", \"pid\": "
        + ProcessHandle.current().pid() + ", \"host\": \"127.0.0.1\", \"port\": 8642}");

    DaemonEndpoint address = DaemonEndpoint.fromStateDir(dir);

    assertEquals(URI.create("http://127.0.0.1:8642/"), address.base());
    assertEquals("t0k", address.token());
  }

  @Test
  void noDaemonJsonMeansNoDaemonRunning() {
    ClientException e = assertThrows(ClientException.class, () -> DaemonEndpoint.fromStateDir(dir));

    assertTrue(e.getMessage().startsWith("no daemon running: no daemon.json in " + dir), e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void aDaemonJsonWhosePidIsGoneIsStale() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Files.writeString(dir.resolve("daemon.json"),
        "{\"url\": \"http://127.0.0.1:8642/\", \"token\": \"t\", \"pid\": " + finished.pid() + "}");

    ClientException e = assertThrows(ClientException.class, () -> DaemonEndpoint.fromStateDir(dir));

    assertTrue(e.getMessage().contains("names pid " + finished.pid() + ", which is gone"), e.getMessage());
  }

  @Test
  void aGarbledDaemonJsonIsOneLineNamingTheFile() throws Exception {
    for (String garbled : new String[] {"{\"url\": \"http://127.0.0.1:1/\"", "[]", "", "{\"url\": \"x\", \"token\": \"t\"}"}) {
      Files.writeString(dir.resolve("daemon.json"), garbled);
      ClientException e = assertThrows(ClientException.class, () -> DaemonEndpoint.fromStateDir(dir), garbled);
      assertTrue(e.getMessage().contains(dir.resolve("daemon.json").toString()), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void theStateDirIsTheOptionElseTheVariableElseUnderHome() {
    Path option = Path.of("/opt/state");
    Map<String, String> variable = Map.of("FETCHPIPE_STATE_DIR", "/var/fp");

    assertEquals(option, DaemonEndpoint.stateDir(option, variable, "/home/u"));
    assertEquals(Path.of("/var/fp"), DaemonEndpoint.stateDir(null, variable, "/home/u"));
    assertEquals(Path.of("/home/u/.local/state/fetchpipe"), DaemonEndpoint.stateDir(null, Map.of("FETCHPIPE_STATE_DIR", " "), "/home/u"));
    assertEquals(Path.of("/home/u/.local/state/fetchpipe"), DaemonEndpoint.stateDir(null, Map.of(), "/home/u"));
  }
}
