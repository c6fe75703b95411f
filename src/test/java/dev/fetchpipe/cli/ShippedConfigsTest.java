package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.UrlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every config shipped under conf/ reads and validates: a job file as a job, an origin file as serve reads it. */
class ShippedConfigsTest {

  private static List<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("conf"))) {
      return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
  }

  @Test
  void everyShippedConfigIsValid() throws IOException {
    List<Path> files = shipped();
    assertTrue(files.size() >= 7, files.toString());
    for (Path file : files) {
      Config merged = ConfigLayers.merge(file, Map.of(), List.of());
      if (com.typesafe.config.ConfigFactory.parseFile(file.toFile()).hasPath("fetchpipe.job")) {
        FetchpipeSettings.from(merged);
      } else {
        FetchpipeSettings.originFrom(merged);
      }
    }
  }

  @Test
  void theAllFlagsJobAsksForEveryFlagTheOriginHas() {
    FetchpipeSettings settings = FetchpipeSettings.from(ConfigLayers.merge(Path.of("conf/all-flags.conf"), Map.of(), List.of()));
    assertEquals(194, ((UrlSource.Flags) settings.job().source()).codes().size());
  }

  @Test
  void fluentsThreeServersAreOnTheirPorts() {
    OriginSettings local = origin("conf/origin-local.conf");
    OriginSettings delay = origin("conf/origin-delay.conf");
    OriginSettings error = origin("conf/origin-error.conf");
    assertEquals(List.of(8000, 8001, 8002), List.of(local.port(), delay.port(), error.port()));
    assertEquals(0.0, local.errorRate());
    assertTrue(delay.delay().toMillis() > 0);
    assertEquals(418, error.errorStatus());
  }

  private static OriginSettings origin(String file) {
    return FetchpipeSettings.originFrom(ConfigLayers.merge(Path.of(file), Map.of(), List.of()));
  }
}
