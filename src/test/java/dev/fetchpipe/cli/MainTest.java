package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.testing.DaemonInThisJvm;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in process: parsing, exit codes, and what reaches stdout and stderr. A run goes through a daemon in
 * this JVM, as run's go through the user's daemon; what must be the same in process is run both ways.
 */
class MainTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();
  @RegisterExtension
  static final DaemonInThisJvm DAEMON = new DaemonInThisJvm();

  /** A run through the daemon in this JVM. */
  static Result run(String... args) {
    List<String> line = new ArrayList<>(List.of("run", "--state-dir", DAEMON.stateDir()));
    line.addAll(List.of(args));
    return fetchpipe(line.toArray(String[]::new));
  }

  record Result(int exitCode, String out, String err) {}

  static Result fetchpipe(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheCommandsAndExits0() {
    Result help = fetchpipe("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("run") && help.out().contains("serve"), help.out());
  }

  @Test
  void runWithTheShippedConfigDownloadsThe20FlagsAndWritesTheReport(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("reports/run.json");
    Result run = run("--out", dir.resolve("flags").toString(), "--report", report.toString(),
        "--set", "origin.delay=0ms", "--set", "origin.jitter=0ms");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(" 20 downloaded."), run.out());
    assertEquals(20, OutputFiles.downloaded(dir.resolve("flags")).size());
    JsonNode json = JsonReport.read(report);
    assertEquals(20, json.get("ok").asInt());
    assertEquals(0, json.get("notFound").asInt());
    assertEquals(0, json.get("errors").asInt());
    assertTrue(json.get("elapsedMs").asLong() >= 0);
    JsonNode first = json.get("items").get(0);
    assertTrue(first.get("url").asText().endsWith("/cn/cn.gif"), first.toString());
    assertEquals("OK", first.get("outcome").asText());
    assertEquals(200, first.get("status").asInt());
    assertEquals(64, first.get("sha256").asText().length());
    assertTrue(first.get("timings").has("firstByteMs"), first.toString());
    // The report is the user's file like the downloads: the same mode (0644 under the usual umask), not 0600.
    Path download = dir.resolve("flags").resolve(OutputFiles.downloaded(dir.resolve("flags")).get(0));
    assertEquals(Files.getPosixFilePermissions(download), Files.getPosixFilePermissions(report));
    assertTrue(Files.getPosixFilePermissions(report).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
        || !Files.getPosixFilePermissions(download).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
  }

  @Test
  void someUrlNotFoundExits1(@TempDir Path dir) {
    for (String way : new String[] {"--no-daemon", "--state-dir=" + DAEMON.stateDir()}) {
      Result run = fetchpipe("run", way, "--out", dir.resolve(way.substring(2, 7)).toString(),
          "--set", "job.codes=[CN, XX]", "--set", "origin.delay=0ms");
      assertEquals(1, run.exitCode(), way + ": " + run.err());
      assertTrue(run.out().contains("  1 not found."), way + ": " + run.out());
    }
  }

  @Test
  void aNumberedNameIsExplainedAlikeInProcessAndThroughTheDaemonInTheSummaryAndTheReport(@TempDir Path dir)
      throws Exception {
    String missing = ORIGIN.get().url("/flags/xx/cn.gif");    // 404, and given cn.gif first
    String found = ORIGIN.get().url("/flags/cn/cn.gif");
    Path urls = dir.resolve("urls.txt");
    Files.writeString(urls, missing + "\n" + found + "\n");
    List<String> summaries = new ArrayList<>();
    List<JsonNode> renamed = new ArrayList<>();
    for (String way : new String[] {"--no-daemon", "--state-dir=" + DAEMON.stateDir()}) {
      String name = way.substring(2, 7);
      Path report = dir.resolve(name + ".json");
      Result run = fetchpipe("run", way, "--urls", urls.toString(), "--out", dir.resolve(name).toString(),
          "--report", report.toString());
      assertEquals(1, run.exitCode(), way + ": " + run.err());
      assertTrue(run.out().contains("  renamed: cn-2.gif <- " + found + " -- cn.gif taken by " + missing + " (line 1),"
          + " which was not found (names are chosen before anything is fetched)\n"), way + ": " + run.out());
      summaries.add(run.out().lines().filter(line -> !line.startsWith("Elapsed time: ") && !line.contains(" into "))
          .collect(java.util.stream.Collectors.joining("\n")));
      renamed.add(JsonReport.read(report).at("/items/1/renamed"));
      assertEquals(List.of("cn-2.gif"), OutputFiles.downloaded(dir.resolve(name)));
    }
    assertEquals(summaries.get(0), summaries.get(1), "run through the daemon prints what run --no-daemon prints");
    assertEquals(renamed.get(0), renamed.get(1));
    assertEquals("NOT_FOUND", renamed.get(1).get("takenByOutcome").asText(), renamed.toString());
  }

  @Test
  void badValuesExit2WithOneLineNamingTheKeyAndNoStackTrace() {
    String[][] cases = {
        {"fetchpipe.fetch.max-in-flight", "run", "-m", "-3"},
        {"fetchpipe.fetch.max-in-flight", "run", "--set", "fetch.max-in-flight=lots"},
        {"fetchpipe.origin.error-rate", "run", "--set", "origin.error-rate=2"},
        {"fetchpipe.fetch.max-inflight", "run", "--set", "fetch.max-inflight=3"},
        {"--config", "run", "--config", "/no/such/file.conf"},
        {"fetchpipe.job.url-file", "run", "--urls", "/no/such/urls.txt"},
        {"fetchpipe.origin.port", "serve", "--port", "-1"},
        {"fetchpipe.origin.rate-per-client", "serve", "--set", "origin.rate-per-client=2MiB"},
        {"fetchpipe.fetch.local-address", "run", "--set", "fetch.local-address=192.0.2.1"},
        {"--report", "run", "--report", "/proc/no-reports-here/r.json"},
        {"pekko.loglevel", "run", "--set", "pekko.loglevel=DEBUGX"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of(c).subList(1, c.length));
      boolean run = args.get(0).equals("run");
      if (run) args.add(1, "--no-daemon");
      Result result = fetchpipe(args.toArray(String[]::new));
      assertEquals(2, result.exitCode(), String.join(" ", args));
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().contains(c[0]), result.err());
      assertFalse(result.err().contains("Exception"), result.err());
      assertEquals("", result.out(), "nothing ran: " + String.join(" ", args));
      if (!run) continue;
      // Through a daemon the same line: the config is read, and the job refused, with what run in process says.
      args.set(1, "--state-dir=" + DAEMON.stateDir());
      assertEquals(result, fetchpipe(args.toArray(String[]::new)), String.join(" ", args));
    }
  }

  @Test
  void anUnknownOptionExits2AndNamesIt() {
    Result result = fetchpipe("run", "--no-daemon", "--bogus");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--bogus"), result.err());
  }

  @Test
  void anOutputDirThatCannotBeCreatedExits2BeforeAnyFetch(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    for (String way : new String[] {"--no-daemon", "--state-dir=" + DAEMON.stateDir()}) {
      Result result = fetchpipe("run", way, "--out", file.resolve("sub").toString(), "--set", "origin.delay=0ms");
      assertEquals(2, result.exitCode(), way + ": " + result.err());
      assertTrue(result.err().startsWith("fetchpipe: fetchpipe.job.output-dir: cannot create"), way + ": " + result.err());
      assertFalse(result.out().contains("downloaded"), result.out());
    }
  }

  @Test
  void errorMessagesSayWhatIsWrong(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("x.conf"), "fetchpipe {\n  job {\n    urls = [\n");
    Result syntax = run("--config", broken.toString());
    assertEquals(2, syntax.exitCode());
    assertTrue(syntax.err().startsWith("fetchpipe: " + broken + ": line "), syntax.err());
    assertEquals(1, syntax.err().split(java.util.regex.Pattern.quote(broken.getFileName().toString()), -1).length - 1,
        "the file is named once: " + syntax.err());

    Result directory = run("--config", dir.toString());
    assertEquals(2, directory.exitCode());
    assertTrue(directory.err().contains(dir + " is a directory"), directory.err());

    Path afile = Files.writeString(dir.resolve("afile"), "x");
    Result report = run("--report", afile.resolve("r.json").toString());
    assertEquals(2, report.exitCode());
    assertEquals("fetchpipe: --report: cannot create " + afile + ": " + afile + " is a file, not a directory\n",
        report.err());
  }

  // ---- a job of the user's own starts from reference.conf, not from the demo job ----

  private static Path urlFile(Path dir, int n) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) lines.add(ORIGIN.get().baseUrl() + "/bytes/" + (100 + i));
    return Files.write(dir.resolve("mine.txt"), lines);
  }

  @Test
  void aJobWithUrlsOfItsOwnHasTheDefaultsNotTheDemosFiveAtOnce(@TempDir Path dir) throws Exception {
    Path list = urlFile(dir, 25);
    Result file = run("--urls", list.toString(), "--out", dir.resolve("a").toString());
    assertEquals(0, file.exitCode(), file.err());
    assertTrue(file.out().contains("20 concurrent connections will be used."), file.out());

    Result set = run("--set", "job.url-file=" + list, "--out", dir.resolve("b").toString());
    assertTrue(set.out().contains("20 concurrent connections will be used."), set.out());

    // The demo itself keeps its own choices.
    Result demo = run("--out", dir.resolve("demo").toString(), "--set", "origin.delay=0ms");
    assertTrue(demo.out().contains("5 concurrent connections will be used."), demo.out());
  }

  @Test
  void aRerunSaysWhichFilesItChecksAndTheResumeComesBeforeNothingToFetch(@TempDir Path dir) throws Exception {
    // In process: the check of the earlier run's files is shown on this terminal.
    List<String> args = new ArrayList<>(List.of("run", "--no-daemon", "--out", dir.resolve("same").toString()));
    for (int i = 0; i < 6; i++) args.add(ORIGIN.get().baseUrl() + "/bytes/" + (1000 + i));
    assertEquals(0, fetchpipe(args.toArray(String[]::new)).exitCode());

    Result again = fetchpipe(args.toArray(String[]::new));

    assertEquals(0, again.exitCode(), again.err());
    String checking = "Checking the 6 files (5.9 KiB) an earlier run saved in " + dir.resolve("same")
        + ", to keep those still complete\n";
    assertTrue(again.out().startsWith(checking), again.out());
    int resuming = again.out().indexOf("Resuming: 6 files already complete from an earlier run are kept.\n");
    int nothing = again.out().indexOf("Nothing to fetch: no connection will be used.");
    assertTrue(resuming > 0 && nothing > resuming, "the resume explains why nothing is fetched: " + again.out());
  }

  @Test
  void aRerunOfTheDemoOnAnotherPortSaysTheUrlsChangedNotThatFilesNoLongerMatch(@TempDir Path dir) {
    String out = dir.resolve("flags").toString();
    assertEquals(0, fetchpipe("run", "--no-daemon", "--out", out, "--set", "origin.delay=0ms").exitCode());

    Result again = fetchpipe("run", "--no-daemon", "--out", out, "--set", "origin.delay=0ms");

    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().matches("(?s).*\nAn earlier run into this dir fetched other URLs \\(http://127\\.0\\.0\\.1:\\d+/"
        + "flags/cn/cn\\.gif, now http://127\\.0\\.0\\.1:\\d+/flags/cn/cn\\.gif\\): 20 files it saved are fetched again"
        + " from this job's URLs\\.\n5 concurrent connections will be used\\.\n.*"), again.out());
    assertFalse(again.out().contains("Checking the"), "nothing of the same URL to check: " + again.out());
    assertFalse(again.out().contains("Resuming"), again.out());
    assertTrue(again.out().contains(" 20 downloaded."), again.out());
  }

  @Test
  void urlsGivenAsArgumentsAreFetchedAndDashJIsDashM(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("--out", dir.resolve("args").toString(), "-j", "3"));
    for (int i = 0; i < 6; i++) args.add(ORIGIN.get().baseUrl() + "/bytes/" + (10 + i));
    Result run = run(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Downloading 6 URLs"), run.out());
    assertTrue(run.out().contains("3 concurrent connections will be used."), run.out());
    assertEquals(6, OutputFiles.downloaded(dir.resolve("args")).size());
  }

  @Test
  void dashUrlsReadsTheListFromStdinWithItsOptions(@TempDir Path dir) throws Exception {
    String base = ORIGIN.get().baseUrl();
    String list = "# from a pipe\n" + base + "/bytes/10\tout=sub/ten.bin\n\n" + base + "/bytes/11\tsha256=" + "0".repeat(64)
        + "\n" + base + "/bytes/12\n";
    Result run = withStdin(list, () -> fetchpipe("run", "--urls", "-", "--out", dir.resolve("piped").toString()));
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.out().contains("Downloading 3 URLs"), run.out());
    assertTrue(Files.isRegularFile(dir.resolve("piped/sub/ten.bin")));
    assertEquals(List.of("12", "sub"), OutputFiles.downloaded(dir.resolve("piped")));
    assertTrue(run.out().contains("checksum mismatch (expected " + "0".repeat(64)), run.out());

    Result empty = withStdin("# nothing\n\n", () -> fetchpipe("run", "--urls", "-", "--out", dir.resolve("none").toString()));
    assertEquals(2, empty.exitCode());
    assertEquals("fetchpipe: --urls -: stdin gave no URLs (only blank lines and # comments)\n", empty.err());
    Result both = withStdin(base + "/bytes/1\n", () -> fetchpipe("run", "--urls", "-", base + "/bytes/2"));
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("--urls and the URL arguments"), both.err());
    assertFalse(Files.exists(dir.resolve("none")));
  }

  private static Result withStdin(String text, java.util.function.Supplier<Result> command) {
    java.io.InputStream before = System.in;
    System.setIn(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    try {
      return command.get();
    } finally {
      System.setIn(before);
    }
  }

  @Test
  void twoUrlSourcesOnTheCommandLineExit2NamingBothBeforeAnyFetch(@TempDir Path dir) throws Exception {
    Path list = urlFile(dir, 1);
    Result codes = run("--urls", list.toString(), "--set", "job.codes=[CN]", "--out", dir.toString());
    assertEquals(2, codes.exitCode());
    assertEquals("fetchpipe: fetchpipe.job: two URL sources on the command line: --urls and --set job.codes; give one\n",
        codes.err());
    assertEquals("", codes.out());
    Result arguments = run("--urls", list.toString(), ORIGIN.get().baseUrl() + "/bytes/1");
    assertEquals(2, arguments.exitCode());
    assertTrue(arguments.err().contains("--urls and the URL arguments"), arguments.err());
  }

  @Test
  void aWordThatIsNoUrlExits2SayingWhichOptionItWants(@TempDir Path dir) throws Exception {
    Path list = urlFile(dir, 1);
    Result file = run(list.toString());
    assertEquals(2, file.exitCode());
    assertEquals("fetchpipe: " + list + ": not an http(s) URL; a file of URLs, one a line, is given with --urls " + list
        + "\n", file.err());
    Result config = run("conf/my-urls.conf");
    assertTrue(config.err().contains("a config file is given with --config conf/my-urls.conf"), config.err());
    Result bare = fetchpipe("submit", "example.com/x.gif", "--daemon", "http://127.0.0.1:1/?token=t");
    assertEquals(2, bare.exitCode());
    assertEquals("fetchpipe: example.com/x.gif: not an http(s) URL; did you mean http://example.com/x.gif?\n", bare.err());
  }
}
