package dev.fetchpipe.testing;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.daemon.Daemon;
import dev.fetchpipe.report.CancelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A daemon in the test's own JVM, as {@code run} starts one (reference.conf's defaults, a free port, a state dir of its
 * own), for one test class: {@code run --state-dir} with {@link #stateDir()} finds it there (its pid is the test JVM's,
 * its build the same), so a test in process exercises run through a daemon without starting a process. Declare it as a
 * static {@code @RegisterExtension} field; started before the class's first test, stopped after its last.
 */
public final class DaemonInThisJvm implements BeforeAllCallback, AfterAllCallback {
  private Path stateDir;
  private Daemon daemon;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    stateDir = Files.createTempDirectory("fetchpipe-daemon-");
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.port=0", "daemon.state-dir=" + stateDir));
    daemon = Daemon.start(merged, DaemonSettings.from(merged, System.getenv()), Path.of("").toAbsolutePath());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    daemon.stop(CancelSource.TERMINATE);
    daemon.whenStopped().toCompletableFuture().join();
  }

  /** Where its daemon.json is: give it to run as --state-dir. */
  public String stateDir() {
    return stateDir.toString();
  }
}
