package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.CancelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon's stop ends even when its actor system's end hangs after CoordinatedShutdown's last phase: once that phase's
 * bound has passed, every job having ended, the daemon is down and daemon.json is gone (not halted at
 * daemon.shutdown-timeout).
 */
class DaemonStopBoundTest {

  @Test
  void aStopWhoseActorSystemHangsAfterItsLastPhaseStillEndsWithinThatPhasesBound(@TempDir Path temp) throws Exception {
    // shutdown-timeout 4 s: each phase 1 s, so the stop is given 1 s + 1 s once its last phase begins.
    Daemon daemon = TestDaemons.start(temp, "daemon.shutdown-timeout=4s",
        "pekko.extensions=[\"" + HangingStop.class.getName() + "\"]");
    try {
      Path address = temp.resolve("state").resolve(StateDir.ADDRESS_FILE);
      assertTrue(Files.exists(address));
      daemon.stop(CancelSource.REQUEST);
      // The system's end waits for HangingStop's release, which comes only after this: the stop ends without it.
      daemon.whenStopped().toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertFalse(Files.exists(address), "daemon.json gone: a client finds no daemon");
    } finally {
      HangingStop.RELEASE.countDown();
    }
  }
}
