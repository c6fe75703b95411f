package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user's own first jobs show on the terminal, through the real launcher: URLs given as arguments, with
 * the defaults and not the demo's; mistakes answered in one plain line with the fix; failures in plain words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewUserIT {
  private static final Duration COMMAND = Duration.ofSeconds(90);
  private RunningOrigin origin;

  @BeforeAll
  void start() {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
  }

  @AfterAll
  void stop() {
    origin.close();
  }

  private static Launcher.Finished fetchpipe(Path dir, String... args) throws Exception {
    return Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir, Map.of(), COMMAND, args);
  }

  private static void assertOnePlainLine(Launcher.Finished finished, String line) {
    assertEquals(2, finished.exitCode(), finished.stdout() + finished.stderr());
    assertEquals("fetchpipe: " + line + "\n", finished.stderr());
    assertEquals("", finished.stdout(), "nothing ran");
  }

  @Test
  void urlsGivenAsArgumentsRunWithTheDefaultsNotTheDemosSlowOriginAndFiveAtOnce(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--out", "mine"));
    for (int i = 0; i < 30; i++) args.add(origin.url("/bytes/" + (500 + i)));
    Launcher.Finished run = fetchpipe(dir, args.toArray(String[]::new));

    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertTrue(run.stdout().startsWith("Site: " + origin.baseUrl() + "\nDownloading 30 URLs into mine\n"
        + "20 concurrent connections will be used.\n"), run.stdout());
    assertTrue(run.stdout().contains(" 30 downloaded."), run.stdout());
    assertEquals(30, OutputFiles.downloaded(dir.resolve("mine")).size());
    assertFalse(run.stdout().contains("\u001b") || run.stderr().contains("\u001b"), "no colour codes off a terminal");
  }

  @Test
  void commonMistakesAreOnePlainLineWithTheFix(@TempDir Path dir) throws Exception {
    Path list = Files.writeString(dir.resolve("one.txt"), origin.url("/bytes/10") + "\n");
    assertOnePlainLine(fetchpipe(dir, "run", "--urls", "one.txt", "--set", "job.codes=[CN]"),
        "fetchpipe.job: two URL sources on the command line: --urls and --set job.codes; give one");
    assertOnePlainLine(fetchpipe(dir, "run", "--urls", "one.txt", "--set", "fetch.response-timeout=5"),
        "fetchpipe.fetch.response-timeout: a duration needs a unit, got 5; write 5s for seconds (or 5ms, 5m)");
    assertOnePlainLine(fetchpipe(dir, "run", list.getFileName().toString()),
        "one.txt: not an http(s) URL; a file of URLs, one a line, is given with --urls one.txt");
    assertOnePlainLine(fetchpipe(dir, "run", "--out", "/proc/x", origin.url("/bytes/10")),
        "fetchpipe.job.output-dir: cannot create /proc/x: no such file or directory");
  }

  @Test
  void failuresAreSaidInPlainWordsWithTheirCauseAndDurationsInSeconds(@TempDir Path dir) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Launcher.Finished run = fetchpipe(dir, "run", "--out", "failed", "--set", "fetch.retry.max-attempts=1",
        "--set", "fetch.response-timeout=1s", "http://127.0.0.1:" + closed + "/a", "http://no-such-host.invalid/b",
        origin.url("/delay/3000"));

    assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
    String out = run.stdout();
    assertTrue(out.contains("  http://127.0.0.1:" + closed + "/a -- error: connection failed: connection refused\n"), out);
    assertTrue(out.contains("  http://no-such-host.invalid/b -- error: connection failed: unknown host no-such-host.invalid"),
        out);
    assertTrue(out.contains("/delay/3000 -- error: no response after 1 s\n"), out);
    assertFalse(out.matches("(?s).*[A-Za-z](Exception|Error)\\b.*"), "no Java exception name: " + out);
    // Nothing but the note of the daemon this run started (its first in this state dir).
    assertEquals("", Launcher.withoutDaemonNote(run.stderr()));
  }
}
