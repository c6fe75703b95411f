package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher builds fetchpipe itself when there is no jar or the sources changed, and what it builds starts as fast
 * as what `mvn package` builds: with the class-data archive, which the JVM refuses if the jar was touched after it.
 */
class LauncherBuildIT {

  @Test
  void aBuildByTheLauncherKeepsItsClassDataArchiveAndIsNotRepeated(@TempDir Path dir) throws Exception {
    Path project = copyOfTheProjectWithoutTarget(dir.resolve("project"));

    Launcher.Finished first = launch(project, Map.of());
    assertEquals(0, first.exitCode(), first.stderr());
    assertTrue(first.stderr().contains("fetchpipe: building with Maven"), first.stderr());

    // The JVM logs where each class came from: "shared objects file" is the archive. JAVA_TOOL_OPTIONS adds the log
    // to the launcher's own flags (and makes the JVM say so on stderr).
    Launcher.Finished second = launch(project, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"));
    assertEquals(0, second.exitCode(), second.stderr());
    assertFalse(second.stderr().contains("building with Maven"), "no second build: " + second.stderr());
    assertTrue(second.stdout().contains("dev.fetchpipe.cli.Main source: shared objects file"), second.stdout());

    Files.writeString(project.resolve("src/main/resources/reference.conf"), "\n", StandardOpenOption.APPEND);
    Launcher.Finished afterAnEdit = launch(project, Map.of());
    assertEquals(0, afterAnEdit.exitCode(), afterAnEdit.stderr());
    assertTrue(afterAnEdit.stderr().contains("fetchpipe: building with Maven"), afterAnEdit.stderr());
  }

  /** What the launcher needs to build: the pom, the main sources and the scripts; no tests, no target. */
  private static Path copyOfTheProjectWithoutTarget(Path copy) throws IOException {
    for (String part : new String[] {"pom.xml", "src/main", "scripts"}) {
      Path from = Launcher.PROJECT.resolve(part);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path to = copy.resolve(Launcher.PROJECT.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.createDirectories(to.getParent());
            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    return copy;
  }

  private static Launcher.Finished launch(Path project, Map<String, String> environment) throws Exception {
    return Launcher.runToEnd(project.resolve("scripts/fetchpipe"), project, environment, Duration.ofMinutes(5),
        "--version");
  }
}
