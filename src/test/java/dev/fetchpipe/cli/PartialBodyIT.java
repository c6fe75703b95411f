package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.DaemonFile;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.Nginx;
import dev.fetchpipe.testing.OutputFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB file from real nginx, its download killed with SIGKILL part-way by a real fetchpipe process, then the same
 * run again: the rerun asks nginx for the rest only (its access log says 206 and how many bytes it sent), and the file
 * is byte for byte nginx's. Once in process (the killed process was writing: its journal's line says where the body
 * started, the partial file how far it got), once through a daemon (the killed client's job is aborted there, and the
 * body journaled as cut).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialBodyIT {
  private static final long SIZE = 200L * 1024 * 1024;
  /** Killed once this much is on disk: well into the body, with much left. */
  private static final long KILL_AT = 120L * 1024 * 1024;

  private Nginx nginx;
  private String sha256;

  @BeforeAll
  void startNginx(@TempDir Path prefix) throws Exception {
    nginx = Nginx.start(prefix);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Random random = new Random(22);
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream file = Files.newOutputStream(nginx.root().resolve("big.bin"))) {
      for (long written = 0; written < SIZE; written += chunk.length) {
        random.nextBytes(chunk);
        file.write(chunk);
        digest.update(chunk);
      }
    }
    sha256 = HexFormat.of().formatHex(digest.digest());
  }

  @AfterAll
  void stopNginx() {
    nginx.close();
  }

  @Test
  void aRunKilledInTheMiddleOfABigFileIsFinishedByTheNextWithOnlyTheMissingBytes(@TempDir Path dir) throws Exception {
    killedThenRunAgain(dir, Map.of(), "--no-daemon");
  }

  @Test
  void throughADaemonTheKilledClientsJobKeepsItsBodyForTheNextRun(@TempDir Path dir) throws Exception {
    Launcher.throughDaemon(dir.resolve("state"), environment -> killedThenRunAgain(dir, environment));
  }

  private void killedThenRunAgain(Path dir, Map<String, String> environment, String... extra) throws Exception {
    Files.writeString(dir.resolve("urls.txt"), nginx.url("/big.bin") + "\n");
    Path out = dir.resolve("out");
    Path partial = OutputDir.partialFile(out, "big.bin");
    List<String> job = new java.util.ArrayList<>(List.of("run", "--urls", "urls.txt", "--out", "out",
        "--report", "report.json", "--set", "progress.style=off"));
    job.addAll(List.of(extra));
    // Slowed down so that the kill lands in the middle, whatever the machine's speed.
    List<String> slow = new java.util.ArrayList<>(job);
    slow.addAll(List.of("--set", "fetch.max-bytes-per-second=40MiB"));
    int logLines = nginx.accessLog().lines().toList().size();

    try (Launcher first = Launcher.start(dir, environment, slow.toArray(String[]::new))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!Files.exists(partial) || Files.size(partial) < KILL_AT) {
        assertTrue(System.nanoTime() < deadline && first.isAlive(), "the body never reached " + KILL_AT + " bytes: "
            + first.stdout() + first.stderr());
        Thread.sleep(5);
      }
      first.signalGroup("KILL");
      first.awaitExit(Duration.ofSeconds(10));
    }
    if (environment.containsKey("FETCHPIPE_STATE_DIR")) awaitEveryJobEnded(Path.of(environment.get("FETCHPIPE_STATE_DIR")));
    assertEquals(List.of(), OutputFiles.downloaded(out), "nothing under the final name");
    long kept = Files.size(partial);
    assertTrue(kept >= KILL_AT && kept < SIZE, "kept " + kept);
    assertTrue(Files.readString(out.resolve(Journal.FILE_NAME)).contains("\"partial\":"), "the journal knows the body");

    try (Launcher second = Launcher.start(dir, environment, job.toArray(String[]::new))) {
      assertEquals(0, second.awaitExit(Duration.ofSeconds(120)), second.stdout() + second.stderr());
    }

    JsonNode item = JsonReport.read(dir.resolve("report.json")).get("items").get(0);
    assertEquals("OK", item.get("outcome").asText(), item.toString());
    assertEquals(kept, item.get("resumedBytes").asLong(), item.toString());
    assertEquals(sha256, item.get("sha256").asText());
    assertEquals(sha256, sha256(out.resolve("big.bin")), "byte for byte nginx's file");
    List<String> log = nginx.accessLog().lines().toList();
    List<String> rerun = log.subList(logLines + 1, log.size()); // after the killed run's request
    assertEquals(1, rerun.size(), "one request in the rerun: " + rerun);
    assertTrue(rerun.get(0).startsWith("GET /big.bin HTTP/1.1"), rerun.get(0));
    assertTrue(rerun.get(0).endsWith(" 206 " + (SIZE - kept)), "nginx sent only the missing bytes: " + rerun.get(0));
    assertEquals(List.of("big.bin"), OutputFiles.payload(out), "no partial file left");
  }

  private static void awaitEveryJobEnded(Path state) throws Exception {
    DaemonFile daemon = DaemonFile.running(state).orElseThrow(() -> new AssertionError("no daemon"));
    try (DaemonClient client = new DaemonClient(daemon.address())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!client.jobs().stream().allMatch(RemoteJobStatus::ended)) {
        if (System.nanoTime() > deadline) throw new AssertionError("the killed run's job goes on");
        Thread.sleep(20);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) digest.update(buffer, 0, read);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
