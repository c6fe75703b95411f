package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive (scripts/cds-archive, made at `mvn package`): used when it is sound, and never a
 * reason for a run to fail or to print anything when it is not.
 */
class LauncherCdsIT {
  private static final Path ARCHIVE = Launcher.PROJECT.resolve("target/fetchpipe.jsa");
  private static final String VERSION = "fetchpipe 0.1.0\n";

  @Test
  void theArchiveMadeAtPackageTimeServesFetchpipesOwnClasses(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), "mvn package makes " + ARCHIVE);
    // The JVM logs where each class came from: "shared objects file" is the archive.
    Launcher.Finished run = launch(dir, Map.of("FETCHPIPE_JAVA_OPTS", "-XX:+UseSerialGC -Xlog:class+load=info"));
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().contains("dev.fetchpipe.cli.Main source: shared objects file"), run.stdout());
  }

  @Test
  void theDaemonsClientCommandsStartWithTheirOwnSmallerArchive(@TempDir Path dir) throws Exception {
    Path client = Launcher.PROJECT.resolve("target/fetchpipe-client.jsa");
    assertTrue(Files.isRegularFile(client), "mvn package makes " + client);
    assertTrue(Files.size(client) * 2 < Files.size(ARCHIVE), "the client's archive leaves Pekko out");
    // A daemon that takes the connection and never answers keeps the client waiting while its command line is read.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Launcher jobs = Launcher.start(dir, "jobs", "--daemon", "http://127.0.0.1:" + silent.getLocalPort() + "/?token=t")) {
      silent.setSoTimeout(60_000);
      try (Socket connected = silent.accept()) {
        String[] arguments = ProcessHandle.of(jobs.pid()).flatMap(p -> p.info().arguments()).orElseThrow();
        assertTrue(List.of(arguments).contains("-XX:SharedArchiveFile=" + client), String.join(" ", arguments));
      }
    }
  }

  @Test
  void aTruncatedArchiveIsNotUsed(@TempDir Path dir) throws Exception {
    // A copy cut short, as one still being written would be, beside the size the whole one had: Java 17 would crash.
    Path archive = dir.resolve("truncated.jsa");
    try (var in = Files.newInputStream(ARCHIVE)) {
      Files.write(archive, in.readNBytes(1_000_000));
    }
    Files.writeString(dir.resolve("truncated.jsa.bytes"), Files.size(ARCHIVE) + "\n");
    assertPlainVersion(launch(dir, Map.of("FETCHPIPE_CDS", archive.toString())));
  }

  @Test
  void anArchiveMadeForAnotherJarOnlyMeansStartingWithoutIt(@TempDir Path dir) throws Exception {
    // The JVM refuses it and says so on stdout, as a "[warning][cds,dynamic]" line: the launcher keeps that quiet.
    Path jar = Files.copy(Launcher.PROJECT.resolve("target/fetchpipe.jar"), dir.resolve("another.jar"));
    Path archive = dir.resolve("another.jsa");
    Process dump = new ProcessBuilder("java", "-XX:ArchiveClassesAtExit=" + archive, "-cp", jar.toString(),
        "dev.fetchpipe.cli.Main", "--version").directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("dump.log").toFile()).start();
    assertTrue(dump.waitFor(60, TimeUnit.SECONDS) && Files.isRegularFile(archive), Files.readString(dir.resolve("dump.log")));
    Files.writeString(dir.resolve("another.jsa.bytes"), Files.size(archive) + "\n");

    assertPlainVersion(launch(dir, Map.of("FETCHPIPE_CDS", archive.toString())));
  }

  @Test
  void noArchiveOrNoneWantedStartsWithoutIt(@TempDir Path dir) throws Exception {
    assertPlainVersion(launch(dir, Map.of("FETCHPIPE_CDS", dir.resolve("missing.jsa").toString())));
    assertPlainVersion(launch(dir, Map.of("FETCHPIPE_CDS", "off")));
  }

  private static void assertPlainVersion(Launcher.Finished run) {
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(VERSION, run.stdout());
    assertEquals("", run.stderr());
  }

  private static Launcher.Finished launch(Path dir, Map<String, String> environment) throws Exception {
    return Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir, environment, Duration.ofSeconds(60),
        "--version");
  }
}
