package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.DaemonFile;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.OutputFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at seeded moments of a real download, then the same job again: no file under its final name is ever
 * partial, and the second run keeps everything the first one journaled, fetches the rest, and ends with every file whole.
 * The runs go through a daemon, as run's do: the killed client's job is aborted there, and the rerun goes to it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillAndResumeIT {
  private static final int URLS = 80;

  private RunningOrigin origin;
  private final Map<String, byte[]> served = new HashMap<>();

  @BeforeAll
  void startOrigin() throws Exception {
    // The origin lives in the test's JVM, so it stays on one port across the killed run and the next.
    origin = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(80), Duration.ofMillis(60), 0.0));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String url : urls()) {
      served.put(url, client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
    }
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  /** Small bodies (collected in memory) and large ones (streamed to a temporary file). */
  private List<String> urls() {
    return IntStream.range(0, URLS).mapToObj(i -> origin.baseUrl() + "/bytes/" + (i % 4 == 0 ? 200_000 + i : 1_000 + i)).toList();
  }

  @Test
  void killedAtSeededMomentsThenRunAgainEveryFileIsWholeAndNothingDoneIsFetchedTwice(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("urls.txt"), urls());
    Launcher.throughDaemon(dir.resolve("state"), environment -> killedAndRunAgain(dir, environment));
  }

  private void killedAndRunAgain(Path dir, Map<String, String> environment) throws Exception {
    Random seeds = new Random(20261122);
    for (int run = 0; run < 4; run++) {
      Path out = dir.resolve("out-" + run);
      long killAfterMs = 200 + seeds.nextInt(1200);
      String moment = "run " + run + ", killed " + killAfterMs + " ms into the job";
      String[] job = {"run", "--urls", "urls.txt", "--out", out.getFileName().toString(), "-m", "6",
          "--report", "report-" + run + ".json", "--set", "writer.stream-above=64KiB", "--set", "progress.style=off"};

      // The client is killed; the daemon it handed the job to aborts the job at once, journaled as it stands.
      try (Launcher first = Launcher.start(dir, environment, job)) {
        first.awaitOutput("concurrent connections will be used", Duration.ofSeconds(60));
        Thread.sleep(killAfterMs);
        first.signalGroup("KILL");
        first.awaitExit(Duration.ofSeconds(10));
      }
      awaitEveryJobEnded(Path.of(environment.get("FETCHPIPE_STATE_DIR")), moment);
      assertFinalFilesAreWhole(out, moment);
      Set<String> journaled = savedInJournal(out);

      // Through the same daemon.
      try (Launcher second = Launcher.start(dir, environment, job)) {
        assertEquals(0, second.awaitExit(Duration.ofSeconds(60)), moment + "\n" + second.stdout() + second.stderr());
      }
      assertResumed(dir, run, out, journaled, moment);
    }
  }

  /** The rerun kept every file the killed run's job journaled, and fetched the rest, every file whole. */
  private void assertResumed(Path dir, int run, Path out, Set<String> journaled, String moment) throws Exception {
    JsonNode report = JsonReport.read(dir.resolve("report-" + run + ".json"));
    int kept = 0;
    for (JsonNode item : report.get("items")) {
      String file = Path.of(item.get("path").asText()).getFileName().toString();
      if (journaled.contains(file)) {
        assertEquals("KEPT", item.get("outcome").asText(), moment + ": " + file + " was done and must not be fetched again");
        kept++;
      } else {
        assertEquals("OK", item.get("outcome").asText(), moment + ": " + file);
      }
    }
    assertEquals(journaled.size(), kept, moment);
    assertEquals(URLS, OutputFiles.downloaded(out).size(), moment);
    assertFinalFilesAreWhole(out, moment);
    assertEquals(List.of(), OutputFiles.temporary(out), moment + ": stale temporary files are cleaned");
  }

  /** Every job of the daemon with this state dir has ended: the killed run's is aborted and journaled. */
  private static void awaitEveryJobEnded(Path state, String moment) throws Exception {
    DaemonFile daemon = DaemonFile.running(state).orElseThrow(() -> new AssertionError(moment + ": no daemon"));
    try (DaemonClient client = new DaemonClient(daemon.address())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!client.jobs().stream().allMatch(RemoteJobStatus::ended)) {
        if (System.nanoTime() > deadline) throw new AssertionError(moment + ": the killed run's job goes on");
        Thread.sleep(20);
      }
    }
  }

  private void assertFinalFilesAreWhole(Path out, String moment) throws Exception {
    for (String name : OutputFiles.downloaded(out)) {
      byte[] expected = served.get(origin.baseUrl() + "/bytes/" + name);
      assertArrayEquals(expected, Files.readAllBytes(out.resolve(name)), moment + ": " + name + " must be whole");
    }
  }

  private static Set<String> savedInJournal(Path out) throws Exception {
    Set<String> files = new HashSet<>();
    Path journal = out.resolve(Journal.FILE_NAME);
    if (!Files.exists(journal)) return files;
    for (String line : Files.readAllLines(journal)) {
      if (line.contains("\"outcome\":\"OK\"")) files.add(new ObjectMapper().readTree(line).get("file").asText());
    }
    return files;
  }
}
