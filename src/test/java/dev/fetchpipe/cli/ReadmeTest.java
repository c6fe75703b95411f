package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.sweep.Vary;
import dev.fetchpipe.testing.DaemonInThisJvm;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's examples stay true: every {@code scripts/fetchpipe ...} line in its shell blocks parses and its config
 * validates, the quick ones run in process against a loopback origin, the config it shows is the one shipped, and its
 * table names every key of reference.conf.
 */
class ReadmeTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();
  /** The tour's runs go through a daemon, as a user's do (one in this JVM, not started in the background). */
  @RegisterExtension
  static final DaemonInThisJvm DAEMON = new DaemonInThisJvm();

  private static final Path README = Path.of("README.md");
  /** Where the README's own jobs find their origin (`scripts/fetchpipe serve --port 8001`). */
  private static final String README_ORIGIN = "127.0.0.1:8001";

  private static String readme() throws IOException {
    return Files.readString(README);
  }

  /** The fenced blocks of one language, e.g. sh or hocon. */
  private static List<String> blocks(String language) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```").matcher(readme());
    while (block.find()) blocks.add(block.group(1));
    return blocks;
  }

  /** Each `scripts/fetchpipe ...` line of the shell blocks, split as a shell would, its trailing comment left out. */
  static List<List<String>> commandLines() throws IOException {
    List<List<String>> lines = new ArrayList<>();
    for (String block : blocks("sh")) {
      for (String line : block.lines().toList()) {
        if (line.startsWith("scripts/fetchpipe ")) lines.add(shellWords(line).subList(1, shellWords(line).size()));
      }
    }
    return lines;
  }

  /**
   * Each `scripts/fetchpipe ...` line of every shell block of the README (sh and bash: the daemon's and the cluster's
   * examples too) and of docs/, with a trailing {@code &} left out. Lines continued with a backslash are not taken.
   */
  static List<List<String>> everyCommandLine() throws IOException {
    List<Path> manuals = new ArrayList<>(List.of(README));
    try (var docs = Files.list(Path.of("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(manuals::add);
    }
    List<List<String>> lines = new ArrayList<>();
    for (Path manual : manuals) {
      Matcher block = Pattern.compile("(?ms)^```(?:sh|bash)\\n(.*?)^```").matcher(Files.readString(manual));
      while (block.find()) {
        for (String line : block.group(1).lines().toList()) {
          if (!line.startsWith("scripts/fetchpipe ") || line.stripTrailing().endsWith("\\")) continue;
          List<String> words = new ArrayList<>(shellWords(line));
          if (words.get(words.size() - 1).equals("&")) words.remove(words.size() - 1);
          lines.add(words.subList(1, words.size()));
        }
      }
    }
    return lines;
  }

  /** Words as a POSIX shell splits them: single and double quotes, and a # that starts a word starts a comment. */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        if (word == null) word = new StringBuilder();
        quote = c;
      } else if (Character.isWhitespace(c)) {
        if (word != null) words.add(word.toString());
        word = null;
      } else if (c == '#' && word == null) {
        break;
      } else {
        if (word == null) word = new StringBuilder();
        word.append(c);
      }
    }
    if (word != null) words.add(word.toString());
    return words;
  }

  private static Object parsed(List<String> args) {
    CommandLine line = new CommandLine(new Main(new PrintStream(OutputStream.nullOutputStream()), false));
    CommandLine.ParseResult result = line.parseArgs(args.toArray(String[]::new));
    return result.subcommand() == null ? null : result.subcommand().commandSpec().userObject();
  }

  @Test
  void theTourHasEveryStepsCommand() throws IOException {
    List<String> commands = commandLines().stream().map(args -> args.get(0)).distinct().toList();
    assertTrue(commands.containsAll(List.of("run", "serve", "compare", "sweep", "spinner")), commands.toString());
    assertTrue(commandLines().stream().anyMatch(args -> args.contains("--report")));
    assertTrue(commandLines().stream().anyMatch(args -> args.contains("--timeline")));
  }

  @Test
  void everyCommandLineParsesAndItsConfigurationIsValid() throws IOException {
    for (List<String> args : commandLines()) {
      Object command = parsed(args);
      String shown = String.join(" ", args);
      if (command instanceof RunCommand run) {
        FetchpipeSettings.from(run.config.merge(run.job.shortcuts()));
      } else if (command instanceof CompareCommand compare) {
        FetchpipeSettings.from(compare.config.merge(withMeasure(compare.job, compare.measure)));
      } else if (command instanceof SweepCommand sweep) {
        Vary vary = Vary.parse(sweep.vary);
        for (String value : vary.values()) {
          FetchpipeSettings.from(sweep.config.merge(withMeasure(sweep.job, sweep.measure), List.of(vary.set(value))));
        }
      } else if (command instanceof ServeCommand serve) {
        FetchpipeSettings.originFrom(serve.merged());
      } else {
        // spinner, and any other command: that it parses is what can be checked without running it.
        assertTrue(command != null, shown);
      }
    }
  }

  /** The daemon's, the client's and the cluster's examples too: each parses, and each file it reads is shipped. */
  @Test
  void everyExampleParsesAndReadsOnlyShippedFiles() throws IOException {
    List<List<String>> lines = everyCommandLine();
    assertTrue(lines.stream().anyMatch(args -> args.get(0).equals("daemon")), "the daemon's examples are read");
    assertTrue(lines.stream().anyMatch(args -> args.get(0).equals("submit")), "the client's examples are read");
    for (List<String> args : lines) {
      String shown = String.join(" ", args);
      assertTrue(parsed(args) != null, shown);
      for (int i = 1; i < args.size(); i++) {
        String option = args.get(i - 1);
        String read = switch (option) {
          case "--config", "--urls" -> args.get(i);
          case "--set" -> args.get(i).startsWith("job.url-file=") ? args.get(i).substring("job.url-file=".length()) : null;
          default -> null;
        };
        if (read != null) assertTrue(Files.isRegularFile(Path.of(read)), read + " does not exist, in: " + shown);
      }
    }
  }

  /**
   * What the examples of the README and docs/ write into the project's folder (--out, --report, --timeline, --csv, and
   * the output-dir of the configs they name) is ignored by git, so following them leaves `git status` clean.
   */
  @Test
  void whatTheExamplesWriteIsIgnoredByGit() throws IOException {
    List<String> ignored = Files.readAllLines(Path.of(".gitignore")).stream().map(String::trim).toList();
    // Without --config a command runs conf/application.conf, over reference.conf's defaults.
    List<String> written = new ArrayList<>(List.of(
        ConfigFactory.parseResources("reference.conf").getString("fetchpipe.job.output-dir"), outputDir("conf/application.conf")));
    for (List<String> args : everyCommandLine()) {
      for (int i = 1; i < args.size(); i++) {
        String option = args.get(i - 1);
        if (List.of("--out", "--report", "--timeline", "--csv").contains(option)) written.add(args.get(i));
        if (option.equals("--config")) written.add(outputDir(args.get(i)));
      }
    }
    written.removeIf(file -> file == null);
    for (String file : written) {
      if (Path.of(file).isAbsolute()) continue;
      String top = Path.of(file).normalize().getName(0).toString();
      assertTrue(ignored.stream().anyMatch(line -> line.replaceAll("^/|/$", "").equals(top)),
          top + " (written by an example in README.md or docs/) is not in .gitignore");
    }
  }

  /** The output-dir a config file sets, or null. */
  private static String outputDir(String configFile) {
    Config config = ConfigFactory.parseFile(Path.of(configFile).toFile());
    return config.hasPath("fetchpipe.job.output-dir") ? config.getString("fetchpipe.job.output-dir") : null;
  }

  private static Map<String, Object> withMeasure(JobOptions job, MeasureOptions measure) {
    Map<String, Object> shortcuts = new HashMap<>(job.shortcuts());
    shortcuts.putAll(measure.shortcuts());
    return shortcuts;
  }

  /**
   * Runs every run, compare, sweep and spinner command (serve runs until Ctrl-C) in process, against the loopback origin instead of
   * one on port 8001, into a temporary folder, with the origin's delay taken away so the tour takes seconds. compare
   * and sweep get three codes instead of 194 and no warm-up.
   */
  @Test
  void theTourRunsAgainstALoopbackOrigin(@TempDir Path dir) throws IOException {
    int n = 0;
    for (List<String> readmeArgs : commandLines()) {
      String command = readmeArgs.get(0);
      if (!List.of("run", "compare", "sweep", "spinner").contains(command)) continue;
      List<String> args = new ArrayList<>();
      for (int i = 0; i < readmeArgs.size(); i++) {
        String arg = readmeArgs.get(i).replace(README_ORIGIN, ORIGIN.get().host() + ":" + ORIGIN.get().port());
        String option = i > 0 ? readmeArgs.get(i - 1) : "";
        if (option.equals("--config") || option.equals("--urls")) arg = pointedAtLoopback(Path.of(arg), dir).toString();
        if (option.equals("--out") || option.equals("--report") || option.equals("--timeline")) arg = dir.resolve(arg).toString();
        args.add(arg);
      }
      n++;
      if (!command.equals("spinner")) {
        if (!args.contains("--out")) args.addAll(List.of("--out", dir.resolve("out-" + n).toString()));
        args.addAll(List.of("--set", "origin.delay=0ms", "--set", "origin.jitter=0ms", "--set", "progress.style=off"));
      }
      if (command.equals("compare") || command.equals("sweep")) args.addAll(List.of("--set", "job.codes=[CN,BR,IN]", "--warmup", "0"));
      if (command.equals("run")) args.addAll(List.of("--state-dir", DAEMON.stateDir()));
      if (command.equals("spinner")) args.addAll(List.of("--seconds", "0.1"));

      MainTest.Result result = MainTest.fetchpipe(args.toArray(String[]::new));

      String shown = String.join(" ", readmeArgs);
      // The one job with a 404 in it exits 1, as the README says; every other one gets every URL.
      int expected = args.stream().anyMatch(a -> a.endsWith("my-urls.conf")) ? 1 : 0;
      assertEquals(expected, result.exitCode(), shown + "\n" + result.out() + result.err());
      assertFalse(result.err().contains("Exception"), shown + ": " + result.err());
      if (command.equals("spinner")) assertTrue(result.out().contains("Answer: 42"), shown + ": " + result.out());
    }
    for (String file : List.of("report.json", "timeline.html")) assertTrue(Files.isRegularFile(dir.resolve(file)), file);
  }

  /** A copy of a shipped config or URL file whose URLs (and url-file) point at the loopback origin. */
  private static Path pointedAtLoopback(Path file, Path dir) throws IOException {
    String text = Files.readString(file).replace(README_ORIGIN, ORIGIN.get().host() + ":" + ORIGIN.get().port());
    Matcher urlFile = Pattern.compile("url-file = \"([^\"]+)\"").matcher(text);
    if (urlFile.find()) {
      text = text.replace(urlFile.group(0), "url-file = \"" + pointedAtLoopback(Path.of(urlFile.group(1)), dir) + "\"");
    }
    return Files.writeString(dir.resolve("pointed-" + file.getFileName()), text);
  }

  @Test
  void theConfigTheReadmeShowsIsTheOneShipped() throws IOException {
    List<String> shown = blocks("hocon");
    assertFalse(shown.isEmpty());
    for (String block : shown) {
      boolean shipped = false;
      try (var files = Files.list(Path.of("conf"))) {
        for (Path file : files.toList()) shipped |= Files.readString(file).contains(block);
      }
      assertTrue(shipped, "not in any file under conf/:\n" + block);
    }
  }

  @Test
  void theConfigTableNamesEveryKeyOfReferenceConf() throws IOException {
    Set<String> named = configTableKeys(readme());
    Config fetchpipe = ConfigFactory.parseResources("reference.conf").getConfig("fetchpipe");
    for (var entry : fetchpipe.entrySet()) {
      String key = entry.getKey();
      // The dispatchers' own settings are Pekko's; only the writer pool's size is a fetchpipe knob.
      if (key.startsWith("demo.") || key.startsWith("daemon.")) continue;
      if (key.startsWith("blocking-io-dispatcher.") && !key.endsWith("fixed-pool-size")) continue;
      if (entry.getValue().valueType() == ConfigValueType.OBJECT) continue;
      assertTrue(named.contains(key), "fetchpipe." + key + " is not in the README's table");
    }
  }

  /**
   * The keys the config table names, without the leading fetchpipe.: a row's first cell lists them, the first in full
   * and the rest in full or relative to the first one's parent ({@code `fetch.retry.min-backoff`, `max-backoff`}).
   */
  private static Set<String> configTableKeys(String readme) {
    String table = readme.substring(readme.indexOf("\n## Config keys\n"));
    table = table.substring(0, table.indexOf("\n## ", 1));
    Set<String> keys = new HashSet<>();
    for (String row : table.lines().filter(line -> line.startsWith("| `")).toList()) {
      String cell = row.substring(1, row.indexOf('|', 1));
      String parent = null;
      Matcher name = Pattern.compile("`([a-z0-9.-]+)`").matcher(cell);
      while (name.find()) {
        String key = name.group(1);
        if (parent == null) {
          parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.') + 1) : "";
        } else if (!key.contains(".")) {
          key = parent + key;
        }
        keys.add(key);
      }
    }
    return keys;
  }

  /** The README is a user's manual of at most 250 lines; the manuals speak of the program, not of its issue tracker. */
  @Test
  void theManualsStayManuals() throws IOException {
    assertTrue(readme().lines().count() <= 250, "README.md has " + readme().lines().count() + " lines; at most 250");
    Pattern issue = Pattern.compile("(?i)\\bissue #?[0-9]+");
    List<Path> manuals = new ArrayList<>(List.of(README));
    try (var docs = Files.list(Path.of("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).forEach(manuals::add);
    }
    for (Path manual : manuals) {
      Matcher found = issue.matcher(Files.readString(manual));
      assertFalse(found.find(), () -> manual + " names an issue: " + found.group());
    }
  }

  @Test
  void theReadmesLinksAndTestCommandHold() throws IOException {
    String readme = readme();
    Matcher link = Pattern.compile("\\]\\((docs/[^)#]+)").matcher(readme);
    int links = 0;
    while (link.find()) {
      links++;
      assertTrue(Files.isRegularFile(Path.of(link.group(1))), link.group(1));
    }
    assertTrue(links >= 6, "the README links to docs/");
    int daemon = readme.indexOf("\n## The daemon\n");
    assertTrue(daemon > 0 && readme.indexOf("docs/daemon-api.md", daemon) > 0, "the daemon section points at its API");
    // The set-up block's test command is what CI runs.
    String setUp = blocks("sh").get(0);
    String testCommand = setUp.lines().filter(l -> l.startsWith("mvn ")).findFirst().orElseThrow().replaceAll("\\s+#.*", "");
    assertTrue(Files.readString(Path.of(".ci/run")).lines().anyMatch(l -> l.trim().equals(testCommand)), testCommand);
  }
}
