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
    // A minute of silence reads as a hang: the first line says how long, then what Maven is doing, then the end.
    assertTrue(first.stderr().contains("this takes about a minute"), first.stderr());
    assertTrue(first.stderr().matches("(?s).*fetchpipe: {3}compiling \\d+ source files\n.*"), first.stderr());
    assertTrue(first.stderr().contains("fetchpipe:   packaging target/fetchpipe.jar\n"), first.stderr());
    assertTrue(first.stderr().matches("(?s).*fetchpipe: built in \\d+ s\n.*"), first.stderr());
    // Output to files, as when stdout is not a terminal: no raw colour codes anywhere (Maven 3.8 writes ESC[0m).
    assertFalse(first.stderr().contains("\u001b") || first.stdout().contains("\u001b"), first.stderr() + first.stdout());
    assertEquals("fetchpipe 0.1.0\n", first.stdout());

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

    // A build that fails shows Maven's errors, plainly, and where its whole output is.
    Files.writeString(project.resolve("src/main/java/dev/fetchpipe/cli/Main.java"), "}", StandardOpenOption.APPEND);
    Launcher.Finished broken = launch(project, Map.of());
    assertEquals(2, broken.exitCode(), broken.stderr());
    assertTrue(broken.stderr().contains("[ERROR]") && broken.stderr().contains("Main.java"), broken.stderr());
    assertTrue(broken.stderr().contains("fetchpipe: the build failed (Maven's whole output: "), broken.stderr());
    assertFalse(broken.stderr().contains("\u001b"), broken.stderr());
    assertEquals("", broken.stdout());
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
