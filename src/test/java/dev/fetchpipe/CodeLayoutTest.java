package dev.fetchpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape docs/design.md draws, held: imports run one way (down the package picture), no source file grows past
 * 400 lines, and no two main classes share a simple name.
 */
class CodeLayoutTest {
  private static final Path MAIN = Path.of("src/main/java/dev/fetchpipe");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.fetchpipe\\.([a-z0-9]+)\\.",
      Pattern.MULTILINE);

  /**
   * Each package's height in the picture: a package imports only packages lower than itself. A new package gets its
   * place here and in docs/design.md's picture.
   */
  private static final Map<String, Integer> HEIGHT = Map.ofEntries(
      Map.entry("report", 0), Map.entry("net", 0), Map.entry("build", 0), Map.entry("logging", 0), Map.entry("pekko", 0),
      Map.entry("config", 1), Map.entry("console", 1), Map.entry("signal", 1), Map.entry("timeline", 1),
      Map.entry("job", 2), Map.entry("origin", 2),
      Map.entry("journal", 3),
      Map.entry("pipeline", 4),
      Map.entry("cluster", 5), Map.entry("metrics", 5),
      Map.entry("compare", 6), Map.entry("demo", 6), Map.entry("client", 6),
      Map.entry("sweep", 7), Map.entry("daemon", 7),
      Map.entry("cli", 8));

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String packageOf(Path source) {
    return MAIN.relativize(source).getName(0).toString();
  }

  @Test
  void everyPackageHasItsPlaceInThePicture() throws IOException {
    List<String> unplaced = sources().stream().map(CodeLayoutTest::packageOf).distinct()
        .filter(p -> !HEIGHT.containsKey(p)).toList();
    assertEquals(List.of(), unplaced, "packages with no place in HEIGHT (and docs/design.md's picture)");
  }

  @Test
  void importsRunDownThePictureOnly() throws IOException {
    List<String> upward = new ArrayList<>();
    for (Path source : sources()) {
      String from = packageOf(source);
      Matcher imported = IMPORT.matcher(Files.readString(source));
      while (imported.find()) {
        String to = imported.group(1);
        if (!to.equals(from) && HEIGHT.getOrDefault(to, 99) >= HEIGHT.getOrDefault(from, -1)) {
          upward.add(MAIN.relativize(source) + " imports " + to);
        }
      }
    }
    assertEquals(List.of(), upward);
  }

  @Test
  void noSourceFilePassesFourHundredLines() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path source : sources()) {
      long lines = Files.readAllLines(source).size();
      if (lines > 400) long_.add(MAIN.relativize(source) + ": " + lines);
    }
    assertEquals(List.of(), long_);
  }

  @Test
  void noTwoMainClassesShareASimpleName() throws IOException {
    Map<String, List<String>> byName = new TreeMap<>();
    for (Path source : sources()) {
      byName.computeIfAbsent(source.getFileName().toString(), n -> new ArrayList<>()).add(packageOf(source));
    }
    byName.values().removeIf(packages -> packages.size() < 2);
    assertEquals(Map.of(), byName);
  }
}
