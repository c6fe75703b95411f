package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.fetchpipe.config.SettingsException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's text from the network: nothing in it reaches a file, a URL or a variable of the daemon's, or its stack. */
class JobBodyParserTest {

  private static SettingsException refused(String body) {
    return assertThrows(SettingsException.class, () -> JobBodyParser.parse(body, 1 << 20));
  }

  @Test
  void anIncludeOfAnyKindIsRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.conf"), "password = hunter2-secret-value\n");
    try (ServerSocket listener = new ServerSocket(0)) {
      listener.setSoTimeout(300);
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/never-answers";
      List<String> includes = List.of(
          "include url(\"" + url + "\")",
          "include \"" + url + "\"",
          "include file(\"" + secret + "\")",
          "include \"" + secret + "\"",
          "include required(file(\"" + secret + "\"))",
          "include classpath(\"reference.conf\")",
          "job { include file(\"" + secret + "\") }");
      for (String include : includes) {
        SettingsException e = refused(include + "\njob.urls = [\"http://a/b\"]");
        assertTrue(e.getMessage().startsWith("the job: may not include anything"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("password"), e.getMessage());
        assertFalse(e.getMessage().contains(url) || e.getMessage().contains(secret.toString()), e.getMessage());
      }
      assertThrows(SocketTimeoutException.class, listener::accept, "nothing connected to the URL included");
    }
  }

  @Test
  void aSubstitutionIsRefusedNamingItAndNothingOfTheEnvironmentIsRead() {
    String path = System.getenv("PATH");
    for (String body : List.of("job.urls = [\"http://a/\"${PATH}]", "job.urls = [${PATH}]", "job.output-dir = ${?HOME}",
        "job.output-dir = ${fetchpipe.job.base-url}", "fetch.max-in-flight = ${NO_SUCH_VARIABLE_ANYWHERE}")) {
      SettingsException e = refused(body);
      assertTrue(e.getMessage().contains("uses ${...} ("), e.getMessage());
      assertTrue(e.getMessage().contains("give the value itself"), e.getMessage());
      assertFalse(path != null && path.length() > 3 && e.getMessage().contains(path), e.getMessage());
    }
    assertTrue(refused("job.urls = [${PATH}]").getMessage().startsWith("job.urls[0]: uses ${...} (${PATH})"),
        refused("job.urls = [${PATH}]").getMessage());
    assertTrue(refused("job.urls += \"http://a/b\"").getMessage().contains("${?job.urls}"));
    // Quoted, it is text like any other: the URL asked for has "${PATH}" in it, nothing is looked up.
    Config quoted = JobBodyParser.parse("job.urls = [\"http://a/${PATH}\"]", 1 << 20);
    assertEquals(List.of("http://a/${PATH}"), quoted.getStringList("job.urls"));
  }

  @Test
  void nestingPastTheLimitIsRefusedBeforeTheParserRecurses() {
    String deepJson = "{\"a\":".repeat(600) + "1" + "}".repeat(600);
    assertTrue(refused(deepJson).getMessage().contains("nested more than " + JobBodyParser.MAX_DEPTH), refused(deepJson).getMessage());
    String deepArrays = "a = " + "[".repeat(5000) + "]".repeat(5000);
    assertTrue(refused(deepArrays).getMessage().contains("nested more than"));
    // A path expression nests without a brace: 400 objects in 800 bytes.
    String deepPath = "a" + ".a".repeat(400) + " = 1";
    assertTrue(refused(deepPath).getMessage().contains("nested more than"), refused(deepPath).getMessage());
    String quotedPath = "\"a\"" + ".\"a\"".repeat(400) + " = 1";
    assertTrue(refused(quotedPath).getMessage().contains("nested more than"), refused(quotedPath).getMessage());
    String deepObjects = "a { ".repeat(40) + "}".repeat(40);
    assertTrue(refused(deepObjects).getMessage().contains("nested more than"));
  }

  @Test
  void whatAJobNeedsIsWellWithinTheLimit() {
    String job = "fetchpipe { fetch { retry { max-attempts = 2 } }, job { urls = [\"http://a/{[[[[[[b\"] } }\n"
        + "# a comment with { { { { { { { { { { { { { { { { { { { { { { { { { { { { { { { { { { { {\n"
        + "cancel.grace = 1s // another [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
        + "fetch.local-address = 127.0.0.2\n";
    Config parsed = JobBodyParser.parse(job, 1 << 20);
    assertEquals(2, parsed.getInt("fetchpipe.fetch.retry.max-attempts"));
    assertEquals(List.of("http://a/{[[[[[[b"), parsed.getStringList("fetchpipe.job.urls"));
    String atTheLimit = "a { ".repeat(JobBodyParser.MAX_DEPTH) + "}".repeat(JobBodyParser.MAX_DEPTH);
    JobBodyParser.parse(atTheLimit, 1 << 20);
  }

  @Test
  void aTextLongerThanTheLimitOrEmptyOrBrokenIsOneLine() {
    assertTrue(assertThrows(SettingsException.class, () -> JobBodyParser.parse("a = 1234567890", 10))
        .getMessage().contains("longer than daemon.max-body-size"));
    assertTrue(refused("  \n ").getMessage().contains("is empty"));
    SettingsException broken = refused("job { urls = [\"http://a/b\"\n");
    assertEquals(1, broken.getMessage().lines().count(), broken.getMessage());
  }
}
