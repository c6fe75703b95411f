package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.DebianTool;
import dev.fetchpipe.testing.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cookies against a real nginx that sets one and answers 403 without it: kept for the rest of the job, a jar
 * written by real curl read, and the jar written back and read by curl again. (The built-in origin's /cookies routes
 * on two hosts: RequestsTest.)
 */
class CookiesTest {
  /** /login sets x=yes; /private is 403 unless the request carries it. */
  private static final String LOCATIONS = """
      location = /login { add_header Set-Cookie "x=yes; Path=/; Max-Age=600; HttpOnly"; return 200 "welcome\\n"; }
      location = /private { if ($cookie_x != "yes") { return 403; } return 200 "the private page\\n"; }
      """;

  @Test
  void nginxsCookieIsKeptForTheRestOfTheJobAndWrittenBackForCurl(@TempDir Path dir) throws Exception {
    String curl = DebianTool.require("curl", "curl");
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"), LOCATIONS)) {
      ItemResult refused = run(dir.resolve("a"), List.of(nginx.url("/private"))).items().get(0);
      assertEquals(403, refused.status(), "no cookie, no page: " + refused);

      Path saved = dir.resolve("saved-jar.txt");
      JobReport report = run(dir.resolve("b"), List.of(nginx.url("/login"), nginx.url("/private")),
          "fetch.max-in-flight=1", "fetch.cookies.save=" + saved);
      assertEquals(2, report.counts().ok(), report.toString());
      assertEquals("the private page\n", Files.readString(Path.of(report.items().get(1).path())));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
      String jar = Files.readString(saved);
      assertTrue(jar.contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t"), jar);
      assertTrue(jar.contains("\tx\tyes\n"), jar);
      // Real curl reads the jar fetchpipe wrote...
      assertEquals("the private page\n", command(curl, "-s", "-b", saved.toString(), nginx.url("/private")));

      // ...and fetchpipe reads the jar real curl wrote.
      Path curlJar = dir.resolve("curl-jar.txt");
      command(curl, "-s", "-o", "/dev/null", "-c", curlJar.toString(), nginx.url("/login"));
      ItemResult fromCurl = run(dir.resolve("c"), List.of(nginx.url("/private")), "fetch.cookies.file=" + curlJar)
          .items().get(0);
      assertEquals(Outcome.OK, fromCurl.outcome(), fromCurl.toString());
    }
  }

  private static JobReport run(Path out, List<String> urls, String... sets) {
    return TestJobs.run(TestJobs.settings(out, urls, sets), ProgressStyle.OFF).report();
  }

  private static String command(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
