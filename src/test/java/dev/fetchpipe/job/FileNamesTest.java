package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** File names from URLs: unique within a job, and never a way out of the output dir. */
class FileNamesTest {

  @TempDir
  Path outputDir;

  private static String claimOnce(String url) {
    return new FileNames().claim(URI.create(url));
  }

  private static List<String> claimAll(String... urls) {
    FileNames names = new FileNames();
    return Stream.of(urls).map(url -> names.claim(URI.create(url))).toList();
  }

  /** The name is one plain entry directly inside outputDir. */
  private void assertStaysInside(String name) {
    assertFalse(name.isEmpty(), "empty name");
    assertFalse(name.contains("/"), name);
    assertFalse(name.contains("\\"), name);
    assertFalse(name.contains("\0"), name);
    assertFalse(name.startsWith("."), name);
    Path resolved = outputDir.resolve(name).normalize();
    assertEquals(outputDir, resolved.getParent(), () -> name + " resolves to " + resolved);
  }

  // ---- uniqueness ----

  @Test
  void sameLastSegmentGetsNumberedSuffixBeforeTheExtension() {
    assertEquals(List.of("x.gif", "x-2.gif", "x-3.gif"),
        claimAll("http://h/a/x.gif", "http://h/b/x.gif", "http://other/c/x.gif"));
  }

  @Test
  void namesDifferingOnlyInCaseAreMadeUnique() {
    List<String> names = claimAll("http://h/a/X.GIF", "http://h/b/x.gif", "http://h/c/x.Gif");
    assertEquals("X.GIF", names.get(0));
    Set<String> lower = new HashSet<>();
    for (String name : names) assertTrue(lower.add(name.toLowerCase(Locale.ROOT)), () -> "clash in " + names);
  }

  @Test
  void suffixSkipsANameAnEarlierUrlAlreadyTook() {
    assertEquals(List.of("x-2.gif", "x.gif", "x-3.gif"),
        claimAll("http://h/x-2.gif", "http://h/a/x.gif", "http://h/b/x.gif"));
  }

  @Test
  void namesWithoutExtensionGetSuffixAtTheEnd() {
    assertEquals(List.of("data", "data-2"), claimAll("http://h/a/data", "http://h/b/data"));
  }

  @Test
  void sameUrlTwiceGetsTwoFiles() {
    assertEquals(List.of("cn.gif", "cn-2.gif"), claimAll("http://h/cn/cn.gif", "http://h/cn/cn.gif"));
  }

  @Test
  void separateJobsDoNotShareTakenNames() {
    assertEquals("x.gif", claimOnce("http://h/a/x.gif"));
    assertEquals("x.gif", claimOnce("http://h/a/x.gif"));
  }

  // ---- the last segment, decoded and made safe ----

  @Test
  void lastPathSegmentIsTheName() {
    assertEquals("cn.gif", claimOnce("http://h:8000/flags/cn/cn.gif?size=2#top"));
  }

  @Test
  void trailingSlashUsesTheLastNonEmptySegment() {
    assertEquals("photos", claimOnce("http://h/album/photos/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://h", "http://h/", "http://h:8000", "http://h/?q=1", "http://h//"})
  void emptyPathIsNamedIndex(String url) {
    assertEquals("index", claimOnce(url));
  }

  @Test
  void percentEncodedCharactersAreDecodedThenMadeSafe() {
    assertEquals("a_b.gif", claimOnce("http://h/a%20b.gif"));
    assertEquals("a_b.gif", claimOnce("http://h/a+b.gif"));
  }

  @Test
  void longNameIsCappedAt120CharsKeepingTheExtension() {
    String name = claimOnce("http://h/" + "a".repeat(300) + ".gif");
    assertEquals(120, name.length());
    assertTrue(name.endsWith(".gif"), name);
    assertEquals("a".repeat(116) + ".gif", name);
  }

  @Test
  void longNameWithoutExtensionIsCappedAt120Chars() {
    assertEquals("b".repeat(120), claimOnce("http://h/" + "b".repeat(500)));
  }

  @Test
  void longNamesStayWithin120CharsEvenWhenNumberedForUniqueness() {
    String longName = "a".repeat(300) + ".gif";
    List<String> names = claimAll("http://h/1/" + longName, "http://h/2/" + longName, "http://h/3/" + longName);
    assertEquals(3, new HashSet<>(names).size(), names::toString);
    for (String name : names) {
      assertTrue(name.length() <= 120, () -> name.length() + " chars: " + name);
      assertTrue(name.endsWith(".gif"), name);
    }
    List<String> manyNames = claimAll(Stream.generate(() -> "http://h/x/" + "c".repeat(200)).limit(12)
        .toArray(String[]::new));
    assertEquals(12, new HashSet<>(manyNames).size(), manyNames::toString);
    for (String name : manyNames) assertTrue(name.length() <= 120, () -> name.length() + " chars: " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"con.txt", "CON", "nul", "NUL", "prn.gif", "Aux.tar.gz", "com1", "COM9.log", "lpt1.txt"})
  void windowsReservedNamesArePrefixed(String reserved) {
    String name = claimOnce("http://h/" + reserved);
    assertEquals("_" + reserved, name);
  }

  @Test
  void namesThatOnlyStartLikeReservedNamesAreKept() {
    assertEquals("console.txt", claimOnce("http://h/console.txt"));
    assertEquals("nullable", claimOnce("http://h/nullable"));
  }

  // ---- hostile names never leave the output dir ----

  /** Raw last segments, as they could come out of decoding. */
  static Stream<String> hostileSegments() {
    return Stream.of("..", ".", "...", "../../etc/passwd", "..\\..\\windows", "a/b", "a\\b", "x\0y.gif", "\0",
        ".hidden", "..hidden", "._x", "_", "/", "\\", "", " ", "~", "~root", "C:\\x", "C:", "a:b",
        "\u202Egif.exe", "ñandú.gif", "\n", "%2e%2e", ".%2e", "con", "NUL.txt", "x".repeat(400),
        "." + "y".repeat(300) + ".gif");
  }

  @ParameterizedTest
  @MethodSource("hostileSegments")
  void sanitizedHostileSegmentStaysInsideOutputDir(String raw) {
    String name = FileNames.sanitize(raw);
    assertStaysInside(name);
    assertTrue(name.length() <= 120, name);
  }

  /** Whole URLs whose path tries to climb out with dot segments or encoded separators. */
  static Stream<String> hostileUrls() {
    return Stream.of(
        "http://h/..",
        "http://h/a/..",
        "http://h/a/../..",
        "http://h/%2e%2e",
        "http://h/%2E%2E/%2e%2e",
        "http://h/a/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "http://h/..%2F..%2Fetc%2Fpasswd",
        "http://h/..%5C..%5Cwindows",
        "http://h/%2F",
        "http://h/%5C",
        "http://h/%00",
        "http://h/x%00.gif",
        "http://h/.htaccess",
        "http://h/%2e",
        "http://h/.",
        "http://h/%2e%2e%2f",
        "http://h/%252e%252e",
        "http://h/a%2Fb.gif",
        "http://h/con.txt",
        "http://h/NUL",
        "http://h/" + "%2e".repeat(200));
  }

  @ParameterizedTest
  @MethodSource("hostileUrls")
  void hostileUrlGetsANameInsideOutputDir(String url) {
    assertStaysInside(claimOnce(url));
  }

  @Test
  void encodedSlashesDoNotSplitTheName() {
    String name = claimOnce("http://h/..%2F..%2Fetc%2Fpasswd");
    assertStaysInside(name);
    assertNotEquals("passwd", name);
    assertTrue(name.endsWith("etc_passwd"), name);
  }

  @Test
  void everyHostileUrlInOneJobStillGetsAUniqueNameInside() {
    FileNames names = new FileNames();
    Set<String> seen = new HashSet<>();
    hostileUrls().forEach(url -> {
      String name = names.claim(URI.create(url));
      assertStaysInside(name);
      assertTrue(seen.add(name.toLowerCase(Locale.ROOT)), () -> "duplicate " + name);
    });
  }
}
