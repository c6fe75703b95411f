package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    Run first = launch(project, Map.of());
    assertEquals(0, first.exitCode(), first.stderr());
    assertTrue(first.stderr().contains("fetchpipe: building with Maven"), first.stderr());

    // The JVM logs where each class came from: "shared objects file" is the archive.
    Run second = launch(project, Map.of("FETCHPIPE_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k "
        + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:class+load=info"));
    assertEquals(0, second.exitCode(), second.stderr());
    assertEquals("", second.stderr(), "no second build");
    assertTrue(second.stdout().contains("dev.fetchpipe.cli.Main source: shared objects file"), second.stdout());

    Files.writeString(project.resolve("src/main/resources/reference.conf"), "\n", StandardOpenOption.APPEND);
    Run afterAnEdit = launch(project, Map.of());
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

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run launch(Path project, Map<String, String> environment) throws Exception {
    Path out = Files.createTempFile("stdout", ".txt");
    Path err = Files.createTempFile("stderr", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(project.resolve("scripts/fetchpipe").toString(), "--version")
          .directory(project.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("scripts/fetchpipe --version (building) still running after 5 minutes");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
