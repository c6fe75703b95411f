package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.daemon.StateDir;
import dev.fetchpipe.report.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What run reads of a state dir before it decides: no daemon, or one on its way, told apart from a stale record. */
class BackgroundDaemonTest {

  @Test
  void theClientAndTheDaemonNameTheSameFilesAndTheNoteTheDefaultIdleTimeout() {
    assertEquals(StateDir.STARTING_FILE, BackgroundDaemon.STARTING);
    assertEquals(Durations.words(DaemonSettings.idleTimeout(ConfigFactory.parseResources("reference.conf"))),
        BackgroundDaemon.DEFAULT_IDLE);
  }

  @Test
  void aDaemonOnItsWayIsOnlyALiveDaemonsProcessNotAStaleRecordNorAnotherProgram(@TempDir Path dir) throws Exception {
    assertTrue(BackgroundDaemon.starting(dir).isEmpty(), "nothing there");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(dir.resolve(BackgroundDaemon.STARTING), gone.pid() + " b\n");
    assertTrue(BackgroundDaemon.starting(dir).isEmpty(), "its process is gone");
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Files.writeString(dir.resolve(BackgroundDaemon.STARTING), other.pid() + " b\n");
      assertTrue(BackgroundDaemon.starting(dir).isEmpty(), "a pid reused by another program is no daemon");
    } finally {
      other.destroy();
    }
    Files.writeString(dir.resolve(BackgroundDaemon.STARTING), "garbage\n");
    assertTrue(BackgroundDaemon.starting(dir).isEmpty());
    assertTrue(BackgroundDaemon.find(dir).isEmpty(), "no daemon and none on its way: the job runs in process");
  }
}
