package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.testing.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers, a netrc login and compressed bodies through the real launcher against a real nginx (its access log shows
 * what arrived), and each bad input answered in one plain line, exit 2, with nothing written.
 */
class RequestsIT {
  private static final Duration COMMAND = Duration.ofSeconds(90);

  private static Launcher.Finished fetchpipe(Path dir, String... args) throws Exception {
    return Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir, Map.of(), COMMAND, args);
  }

  private static void assertOnePlainLine(Launcher.Finished finished, String line, Path dir) throws Exception {
    assertEquals(2, finished.exitCode(), finished.stdout() + finished.stderr());
    assertEquals("fetchpipe: " + line + "\n", finished.stderr());
    assertEquals("", finished.stdout(), "nothing ran");
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void headersAndANetrcLoginReachNginxAndGzippedTextIsSavedAsTheFileIs(@TempDir Path dir) throws Exception {
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"))) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 4000; i++) text.append("line ").append(i).append(" of a text nginx gzips\n");
      Files.writeString(nginx.root().resolve("big.txt"), text);
      Path netrc = dir.resolve("netrc");
      Files.writeString(netrc, "machine 127.0.0.1 login alice password wonderland\n");
      Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));

      Launcher.Finished run = fetchpipe(dir, "run", "-H", "X-Team: blue", "--header", "User-Agent: it/1",
          "--set", "fetch.netrc=" + netrc, "--out", "out", "--set", "progress.style=off", nginx.url("/big.txt"));

      assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
      assertArrayEquals(Files.readAllBytes(nginx.root().resolve("big.txt")), Files.readAllBytes(dir.resolve("out/big.txt")));
      String log = nginx.accessLog();
      String seen = "GET /big.txt HTTP/1.1 \"it/1\" \"blue\" \"gzip, deflate\" \"Basic YWxpY2U6d29uZGVybGFuZA==\" 200 ";
      assertTrue(log.startsWith(seen), log);
      long sent = Long.parseLong(log.substring(seen.length()).strip());
      assertTrue(sent < Files.size(nginx.root().resolve("big.txt")) / 4, () -> "nginx gzipped it: " + log);
      // Decoding off asks for no encoding: nginx sends the text as it is, and it is saved as sent.
      Launcher.Finished raw = fetchpipe(dir, "run", "--set", "fetch.decode=off", "--out", "raw",
          "--set", "progress.style=off", nginx.url("/big.txt"));
      assertEquals(0, raw.exitCode(), raw.stdout() + raw.stderr());
      assertArrayEquals(Files.readAllBytes(nginx.root().resolve("big.txt")), Files.readAllBytes(dir.resolve("raw/big.txt")));
      assertTrue(nginx.accessLog().lines().toList().get(1).contains("\"fetchpipe/"), nginx.accessLog());
      assertTrue(nginx.accessLog().lines().toList().get(1).contains("\"-\" \"-\" \"-\""), "no X-Team, no"
          + " Accept-Encoding, no Authorization: " + nginx.accessLog());
    }
  }

  @Test
  void aHeaderTheHttpLayerOwnsIsOnePlainLine(@TempDir Path dir) throws Exception {
    assertOnePlainLine(fetchpipe(dir, "run", "-H", "Host: evil.example", "--out", "out", "http://127.0.0.1:1/a"),
        "--header Host: Host is written by the HTTP layer itself and cannot be set", dir);
  }

  @Test
  void aHeaderValueWithALineBreakIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
    Launcher.Finished run = fetchpipe(dir, "run", "-H", "X-Token: s3cret\r\nX-Smuggled: 1", "--out", "out",
        "http://127.0.0.1:1/a");
    assertOnePlainLine(run,
        "--header X-Token: value holds a control character (a line break?): not allowed in a header", dir);
  }

  @Test
  void aBrokenNetrcIsOnePlainLineNamingTheFileAndLine(@TempDir Path dir) throws Exception {
    Path netrc = dir.resolve("netrc");
    Files.writeString(netrc, "machine h login u password s3cret\nmachine\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    assertOnePlainLine(fetchpipe(dir, "run", "--set", "fetch.netrc=" + netrc, "--out", "out", "http://127.0.0.1:1/a"),
        "fetchpipe.fetch.netrc: " + netrc + " line 2: machine has no value", dir);
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-r--r--"));
    assertOnePlainLine(fetchpipe(dir, "run", "--set", "fetch.netrc=" + netrc, "--out", "out", "http://127.0.0.1:1/a"),
        "fetchpipe.fetch.netrc: " + netrc + " can be read by other users; its passwords are not secret (chmod 600 "
            + netrc + ")", dir);
  }

  @Test
  void aBrokenCookieFileOrASaveFolderThatIsNotThereIsOnePlainLine(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("jar.txt");
    Files.writeString(jar, "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\ts3cret\nsid=s3cret; Path=/\n");
    assertOnePlainLine(fetchpipe(dir, "run", "--set", "fetch.cookies.file=" + jar, "--out", "out", "http://127.0.0.1:1/a"),
        "fetchpipe.fetch.cookies.file: " + jar + " line 3: expected 7 fields separated by tabs (domain, subdomains "
            + "TRUE/FALSE, path, secure TRUE/FALSE, expiry, name, value), found 1 (is it a Netscape cookie file, as "
            + "curl -c writes?)", dir);
    Path nowhere = dir.resolve("no-such-dir/jar.txt");
    assertOnePlainLine(fetchpipe(dir, "run", "--set", "fetch.cookies.save=" + nowhere, "--out", "out",
        "http://127.0.0.1:1/a"), "fetchpipe.fetch.cookies.save: cannot write " + nowhere + ": no folder "
            + nowhere.getParent(), dir);
  }

  @Test
  void compareRefusesWhatItsBlockingEnginesCannotSend(@TempDir Path dir) throws Exception {
    Launcher.Finished compare = fetchpipe(dir, "compare", "-H", "User-Agent:", "--out", "out", "http://127.0.0.1:1/a");
    assertEquals(2, compare.exitCode(), compare.stdout() + compare.stderr());
    assertTrue(compare.stderr().contains("cannot send a request without User-Agent"), compare.stderr());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("out")).count(), "nothing written");
    }
  }
}
