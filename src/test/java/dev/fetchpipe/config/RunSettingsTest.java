package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How run runs its job, read from the user's layers alone, with reference.conf's defaults where they say nothing. */
class RunSettingsTest {

  private static RunSettings of(String layers) {
    return RunSettings.from(ConfigFactory.parseString(layers));
  }

  @Test
  void whatTheLayersLeaveOutHasReferenceConfsDefault() {
    Config reference = ConfigFactory.parseResources("reference.conf");
    assertEquals(reference.getBoolean(RunSettings.DAEMON), RunSettings.DAEMON_BY_DEFAULT);
    RunSettings none = of("");
    assertTrue(none.daemon());
    assertNull(none.idleTimeout(), "the daemon takes its own default");
    assertEquals(Duration.ofMinutes(5), DaemonSettings.idleTimeout(reference));
  }

  @Test
  void runDaemonOffAndAnIdleTimeoutAreTakenAsGiven() {
    RunSettings off = of("fetchpipe.run.daemon = off\nfetchpipe.daemon.idle-timeout = 90s");
    assertFalse(off.daemon());
    assertEquals("90s", off.idleTimeout(), "passed on to the daemon as the user wrote it");
    assertEquals("off", of("fetchpipe.daemon.idle-timeout = off").idleTimeout());
    assertNull(DaemonSettings.idleTimeout(ConfigFactory.parseString("fetchpipe.daemon.idle-timeout = off")));
  }

  @Test
  void aBadValueIsOneLineNamingTheKey() {
    SettingsException daemon = assertThrows(SettingsException.class, () -> of("fetchpipe.run.daemon = maybe"));
    assertEquals("fetchpipe.run.daemon: expected on or off, got \"maybe\"", daemon.getMessage());
    SettingsException idle = assertThrows(SettingsException.class, () -> of("fetchpipe.daemon.idle-timeout = 0s"));
    assertEquals("fetchpipe.daemon.idle-timeout: must be more than zero", idle.getMessage());
    assertThrows(SettingsException.class, () -> of("fetchpipe.daemon.idle-timeout = soon"));
  }
}
