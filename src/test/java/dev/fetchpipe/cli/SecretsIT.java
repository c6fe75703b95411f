package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak check through the real launcher: a secret given every way a user can give one (a login in a URL, -H, a
 * host's headers, netrc, a cookie file, a proxy's password) goes to the server, and appears in no file fetchpipe writes
 * (output dir, journal, report, timeline, the saved cookie jar's other lines, the daemon's state dir and log) and
 * nowhere on the terminal: run in process, and run through a daemon. The bodies that echo the request's headers hold
 * them, as they should; the daemon's private record of a job (job.json, mode 0600) too, so that it can carry the job
 * on after a restart.
 */
class SecretsIT {
  private static final Duration COMMAND = Duration.ofSeconds(90);
  private static final String URL_PASSWORD = "urlpw-Tq71";
  private static final String HEADER = "hdr-Lp33";
  private static final String HOST_TOKEN = "host-Gv08";
  private static final String NETRC = "netrc-Ys52";
  private static final String COOKIE = "cookie-Re94";
  private static final String PROXY = "proxy-Nw26";

  private static List<String> secrets() {
    List<String> all = new ArrayList<>(List.of(URL_PASSWORD, HEADER, HOST_TOKEN, NETRC, COOKIE, PROXY));
    for (String login : List.of("carol:" + URL_PASSWORD, "alice:" + NETRC)) {
      all.add(Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
    }
    return all;
  }

  @Test
  void noSecretGivenAnyWayIsWrittenOrPrintedInProcessOrThroughADaemon(@TempDir Path dir) throws Exception {
    try (RunningOrigin one = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
        RunningOrigin two = OriginServer.start(ConfigFactory.load(),
            new OriginSettings("127.0.0.2", 0, Duration.ZERO, Duration.ZERO, 0.0))) {
      Path inputs = Files.createDirectories(dir.resolve("inputs"));
      Path netrc = inputs.resolve("netrc");
      Files.writeString(netrc, "machine 127.0.0.2 login alice password " + NETRC + "\n");
      Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
      Path cookies = inputs.resolve("cookies.txt");
      Files.writeString(cookies, "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\t" + COOKIE + "\n");
      String login = one.url("/headers").replace("://", "://carol:" + URL_PASSWORD + "@");
      List<String> common = List.of("-H", "X-Api-Key: " + HEADER,
          "--set", "fetch.host-headers={\"" + one.host() + "\"={X-Host-Token=\"" + HOST_TOKEN + "\"}}",
          "--set", "fetch.netrc=" + netrc, "--set", "fetch.cookies.file=" + cookies,
          "--set", "fetch.proxy=\"http://dave:" + PROXY + "@127.0.0.1:9\"", "--set", "fetch.no-proxy=\"127.0.0.1,127.0.0.2\"",
          "--set", "progress.style=off", "--set", "fetch.retry.max-attempts=1",
          login, two.url("/headers"), one.url("/status/500"), one.url("/cookies"));

      for (String how : List.of("process", "daemon")) {
        List<String> args = new ArrayList<>(List.of("run", "--out", how, "--report", how + "-report.json",
            "--timeline", how + "-timeline.html", "--set", "fetch.cookies.save=" + dir.resolve(how + "-jar.txt")));
        if (how.equals("process")) args.add("--no-daemon");
        else Launcher.startDaemon(Launcher.stateDir(dir)); // up from the start, as after a user's first run
        args.addAll(common);
        Launcher.Finished run = Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir, Map.of(),
            COMMAND, args.toArray(String[]::new));
        assertEquals(1, run.exitCode(), how + ": the 500 is an ERROR\n" + run.stdout() + run.stderr());
        for (String secret : secrets()) {
          assertFalse(run.stdout().contains(secret) || run.stderr().contains(secret), how + " printed " + secret
              + ":\n" + run.stdout() + run.stderr());
        }
        String echoed = Files.readString(dir.resolve(how + "/headers")) + Files.readString(dir.resolve(how + "/headers-2"))
            + Files.readString(dir.resolve(how + "/cookies"));
        for (String sent : List.of(HEADER, HOST_TOKEN, COOKIE, secrets().get(6), secrets().get(7))) {
          assertTrue(echoed.contains(sent), how + ": " + sent + " was not sent: " + echoed);
        }
        String report = Files.readString(dir.resolve(how + "-report.json"));
        assertTrue(report.contains("carol:***@"), report);
        assertTrue(Files.readString(dir.resolve(how + "-jar.txt")).contains("\t" + COOKIE + "\n"),
            "the saved jar holds the cookie: it is the user's jar");
      }

      List<Path> written = new ArrayList<>();
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(p -> !p.startsWith(inputs)).forEach(written::add);
      }
      assertTrue(written.stream().anyMatch(p -> p.getFileName().toString().equals("status.json")), written.toString());
      for (Path file : written) {
        String name = file.getFileName().toString();
        if (name.matches("headers(-2)?|cookies") || name.endsWith("-jar.txt")) continue; // what the user asked for
        if (name.equals("job.json")) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
          continue;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String secret : secrets()) {
          assertFalse(text.contains(secret), () -> secret + " in " + file + ":\n" + text);
        }
      }
    }
  }
}
