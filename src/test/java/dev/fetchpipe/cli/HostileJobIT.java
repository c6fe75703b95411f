package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when": pointed at a flaky server with a hostile URL list, fetchpipe finishes what can be finished,
 * reports the rest one line each, and writes only inside its folder.
 */
class HostileJobIT {

  @Test
  void aFlakyServerAndAHostileListEndWithWhatCanBeDoneAndNothingOutsideTheFolder(@TempDir Path dir) throws Exception {
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback())) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 20; i++) lines.add(origin.url("/fault/flaky/it-" + i + "?fail=" + (i % 3)));
      lines.add(origin.url("/status/404"));
      lines.add("ftp://" + origin.host() + "/file.gif");
      lines.add("file:///etc/passwd");
      lines.add("just some words");
      lines.add(origin.url("/fault/flaky/..%2F..%2Fescape?fail=1"));
      lines.add(origin.url("/fault/flaky/%2e%2e?fail=0"));
      // A login whose password holds a raw '@': refused (it must be %40), and never shown.
      lines.add("http://user:secret@x@" + origin.host() + ":" + origin.port() + "/bytes/10");
      Files.write(dir.resolve("urls.txt"), lines);
      Path out = dir.resolve("nested/out");

      // Through a daemon, up from the start as after a user's first run (the launcher's close stops it).
      Launcher.startDaemon(Launcher.stateDir(dir));
      try (Launcher fetchpipe = Launcher.start(dir, "run", "--urls", "urls.txt", "--out", "nested/out",
          "--set", "progress.style=off", "--set", "fetch.retry.min-backoff=10ms")) {
        assertEquals(1, fetchpipe.awaitExit(Duration.ofSeconds(60)), fetchpipe.stdout() + fetchpipe.stderr());
        String stdout = fetchpipe.stdout();
        // "%2e%2e" is "..": the origin finds nothing there. "..%2F..%2Fescape" is saved under a safe name.
        assertTrue(stdout.contains(" 21 downloaded."), stdout);
        assertTrue(stdout.contains("  2 not found."), stdout);
        assertTrue(stdout.contains("  4 errors."), stdout);
        assertTrue(stdout.contains("  1 saved under a file name that differs from the URL's"), stdout);
        long failureLines = stdout.lines().filter(line -> line.startsWith("  ") && line.contains(" -- ")).count();
        assertEquals(6, failureLines, "one line per URL that did not end OK:\n" + stdout);
        assertFalse(stdout.contains("secret"), "credentials are never printed:\n" + stdout);
        assertFalse(fetchpipe.stderr().contains("Exception"), fetchpipe.stderr());
      }

      assertEquals(21, OutputFiles.downloaded(out).size(), OutputFiles.names(out).toString());
      assertEquals(List.of(), OutputFiles.temporary(out));
      try (Stream<Path> everything = Files.walk(dir)) {
        List<Path> outside = everything.filter(Files::isRegularFile)
            .filter(path -> !path.startsWith(out) && !path.getFileName().toString().matches("urls.txt|std(out|err).*\\.txt"))
            // The daemon's own files (its address, log and the jobs it keeps): not the job's.
            .filter(path -> !path.startsWith(Launcher.stateDir(dir)))
            .toList();
        assertEquals(List.of(), outside, "nothing written outside the output dir");
      }
    }
  }
}
