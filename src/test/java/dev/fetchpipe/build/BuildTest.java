package dev.fetchpipe.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build is told by its jar (where, how long, when changed), its JDK and the JVM options the environment gives. */
class BuildTest {

  @Test
  void theSameJarJdkAndOptionsAreOneBuildAndAnyChangeIsAnother(@TempDir Path dir) throws Exception {
    Path jar = Files.write(dir.resolve("fetchpipe.jar"), new byte[] {1, 2, 3});
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:00Z")));
    String base = Build.id(jar, "/jdk17", Map.of());
    assertEquals(16, base.length());
    assertTrue(base.matches("[0-9a-f]{16}"), base);
    assertEquals(base, Build.id(jar, "/jdk17", Map.of("PATH", "/bin")), "unrelated variables make no other build");

    assertNotEquals(base, Build.id(jar, "/jdk21", Map.of()), "another JDK");
    assertNotEquals(base, Build.id(jar, "/jdk17", Map.of("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=x")));
    assertNotEquals(base, Build.id(jar, "/jdk17", Map.of("FETCHPIPE_JAVA_OPTS", "-XX:+UseG1GC")));
    Path copy = Files.copy(jar, dir.resolve("copy.jar"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    assertNotEquals(base, Build.id(copy, "/jdk17", Map.of()), "another checkout's jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:01Z")));
    assertNotEquals(base, Build.id(jar, "/jdk17", Map.of()), "the jar rebuilt");
  }

  @Test
  void thisProcessHasOneBuildForItsLife() {
    assertEquals(Build.id(), Build.id());
  }
}
