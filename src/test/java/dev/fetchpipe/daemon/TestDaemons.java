package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.report.CancelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A daemon in the test's JVM on a free port, its state dir under {@code temp}, and its stop: what each daemon test starts with. */
final class TestDaemons {
  private TestDaemons() {}

  /** A daemon with reference.conf's defaults and the {@code keys} given ("daemon.max-connections=16"...). */
  static Daemon start(Path temp, String... keys) {
    List<String> layers = new ArrayList<>(List.of("daemon.port=0", "daemon.state-dir=" + temp.resolve("state")));
    layers.addAll(List.of(keys));
    Config merged = ConfigLayers.merge(null, Map.of(), layers);
    return Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
  }

  /** Stops it, aborting what still runs (a second stop aborts), and waits until it has. */
  static void stop(Daemon daemon) {
    daemon.stop(CancelSource.REQUEST);
    daemon.stop(CancelSource.REQUEST);
    daemon.whenStopped().toCompletableFuture().join();
  }
}
