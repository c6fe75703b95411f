package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** File names from URLs: unique within a job, and never a way out of the output dir. */
class FileNamesTest {

  @TempDir
  Path root;

  /** A dir inside {@code root}, so a test can see that nothing was written next to it either. */
  Path outputDir;

  @BeforeEach
  void makeOutputDir() throws IOException {
    outputDir = Files.createDirectory(root.resolve("out"));
  }

  private static String claimOnce(String url) {
    return new FileNames().claim(URI.create(url)).name();
  }

  private static String noteFor(String url) {
    return new FileNames().claim(URI.create(url)).note();
  }

  private static List<String> claimAll(String... urls) {
    FileNames names = new FileNames();
    return Stream.of(urls).map(url -> names.claim(URI.create(url)).name()).toList();
  }

  /**
   * The name is one plain entry directly inside outputDir: checked on the string, then proved on disk by creating the
   * file, and its temporary sibling as the disk writer names it (which must fit in ext4's 255 bytes too).
   */
  private void assertStaysInside(String name) {
    assertFalse(name.isEmpty(), "empty name");
    assertFalse(name.contains("/"), name);
    assertFalse(name.contains("\\"), name);
    assertFalse(name.contains("\0"), name);
    assertFalse(name.startsWith("."), name);
    assertFalse(name.endsWith("."), name);
    assertTrue(FileNames.utf8Length(name) <= FileNames.MAX_BYTES, () -> FileNames.utf8Length(name) + " bytes: " + name);
    Path resolved = outputDir.resolve(name).normalize();
    assertEquals(outputDir, resolved.getParent(), () -> name + " resolves to " + resolved);
    try {
      Path file = OutputDir.resolveInside(outputDir, name);
      Files.writeString(file, name);
      assertEquals(outputDir.toRealPath(), file.toRealPath().getParent(), name);
      Path temp = file.resolveSibling("." + name + "." + "f".repeat(16) + OutputDir.TEMP_SUFFIX);
      Files.writeString(temp, name);
      Files.delete(temp);
    } catch (IOException e) {
      throw new AssertionError("cannot create " + name + ": " + e, e);
    }
  }

  /** Every regular file under root, wherever it is. */
  private List<Path> filesUnderRoot() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList();
    }
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
  void twoHundredThousandDifferentNamesAllKeepTheirOwn() {
    // Names are remembered as 64-bit fingerprints: different names must not look taken.
    FileNames names = new FileNames();
    for (int i = 0; i < 200_000; i++) {
      String name = "c" + i + (i % 2 == 0 ? ".gif" : ".GIF");
      assertEquals(name, names.claim(URI.create("http://h/" + i + "/" + name)).name());
    }
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

  @Test
  void theShortCutForNamesAlreadySafeGivesWhatEveryStepGives() {
    // Names made of what the rules look at: reserved names and their letters, digits, dots, dashes, separators,
    // escapes, and lengths around the limit.
    String[] starts = {"", "", "", "con", "PRN", "aux", "Nul", "com1", "LPT9", "lpt", ".", "-", ".."};
    String anything = "cCoOnNpPrRaAuUxXlLtTmM019._-/%+ \u00e9";
    String safe = "cCoOnN019._-";
    Random random = new Random(4);
    for (int i = 0; i < 50_000; i++) {
      boolean longName = random.nextInt(8) == 0;
      int length = longName ? FileNames.MAX_BYTES - 5 + random.nextInt(10) : random.nextInt(6);
      String alphabet = longName ? safe : anything;
      StringBuilder raw = new StringBuilder(starts[random.nextInt(starts.length)]);
      for (int j = 0; j < length; j++) raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String name = raw.toString();
      assertEquals(FileNames.sanitizeEveryStep(name, new ArrayList<>()), FileNames.sanitize(name), name);
    }
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
      String name = names.claim(URI.create(url)).name();
      assertStaysInside(name);
      assertTrue(seen.add(name.toLowerCase(Locale.ROOT)), () -> "duplicate " + name);
    });
  }

  /** The test the issue asks for: hostile segments and URLs claimed in one job, each created as a real file. */
  @Test
  void everyHostileNameStaysInsideTheOutputDir() throws IOException {
    FileNames names = new FileNames();
    List<String> claimed = Stream.concat(
            hostileSegments().map(raw -> "http://h/x/" + URLEncoder.encode(raw, StandardCharsets.UTF_8)),
            hostileUrls())
        .map(url -> names.claim(URI.create(url)).name())
        .toList();
    claimed.forEach(this::assertStaysInside);

    List<Path> files = filesUnderRoot();
    assertEquals(claimed.size(), files.size(), () -> "one file per URL, none overwritten: " + files);
    for (Path file : files) assertEquals(outputDir, file.getParent(), file::toString);
    try (Stream<Path> besideOut = Files.list(root)) {
      assertEquals(List.of(outputDir), besideOut.toList());
    }
  }

  // ---- letters of every script, measured in bytes ----

  @Test
  void nonAsciiLettersAreKeptAndNormalizedToNfc() {
    // "n" + combining tilde (NFD, as macOS writes it) and the precomposed "ñ" are one name.
    assertEquals("ñandú.gif", claimOnce("http://h/n%CC%83andu%CC%81.gif"));
    assertEquals(List.of("ñandú.gif", "ñandú-2.gif"), claimAll("http://h/%C3%B1and%C3%BA.gif", "http://h/n%CC%83andu%CC%81.gif"));
    assertEquals("Москва", claimOnce("http://h/wiki/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"));
    assertEquals("東京.html", claimOnce("http://h/%E6%9D%B1%E4%BA%AC.html"));
    assertEquals("हिन्दी.txt", claimOnce("http://h/%E0%A4%B9%E0%A4%BF%E0%A4%A8%E0%A5%8D%E0%A4%A6%E0%A5%80.txt"));
    assertNull(noteFor("http://h/%C3%B1and%C3%BA.gif"));
  }

  @Test
  void symbolsAndEmojiAreReplaced() {
    assertEquals("_smile_.png", claimOnce("http://h/%F0%9F%98%80smile%E2%84%A2.png"));
  }

  @Test
  void bidiOverridesAndZeroWidthCharactersAreReplacedAndNoted() {
    // U+202E would show "exe.gif" as "fig.exe"-like text in a file manager.
    assertEquals("_gif.exe", claimOnce("http://h/%E2%80%AEgif.exe"));
    assertEquals("a_b", claimOnce("http://h/a%E2%80%8Bb"));
    assertEquals("file name changed: control characters replaced", noteFor("http://h/%E2%80%AEgif.exe"));
  }

  @Test
  void multiByteNamesAreCappedIn120BytesAtWholeCodePoints() throws IOException {
    for (String letter : List.of("文", "ж", "𝒜")) { // 3, 2 and 4 bytes (the last a surrogate pair in Java)
      String name = claimOnce("http://h/" + URLEncoder.encode(letter.repeat(200), StandardCharsets.UTF_8) + ".pdf");
      assertTrue(FileNames.utf8Length(name) <= 120, () -> FileNames.utf8Length(name) + " bytes");
      assertTrue(FileNames.utf8Length(name) > 120 - 4 - 4, () -> "cut more than needed: " + name);
      assertTrue(name.endsWith(".pdf"), name);
      String stem = name.substring(0, name.length() - 4);
      assertEquals(letter.repeat(stem.codePointCount(0, stem.length())), stem, "only whole letters");
      assertStaysInside(name);
    }
    assertEquals("file name changed: shortened to 120 bytes", noteFor("http://h/" + "%E6%96%87".repeat(41)));
    assertNull(noteFor("http://h/" + "%E6%96%87".repeat(40)), "exactly 120 bytes is not shortened");
  }

  @Test
  void numberedMultiByteNamesStayWithin120Bytes() {
    String longName = "%D0%B6".repeat(100) + ".gif";
    List<String> names = claimAll("http://h/1/" + longName, "http://h/2/" + longName, "http://h/3/" + longName);
    assertEquals(3, new HashSet<>(names).size(), names::toString);
    for (String name : names) assertTrue(FileNames.utf8Length(name) <= 120, name);
    assertTrue(names.get(2).endsWith("-3.gif"), names.get(2));
  }

  @Test
  void namesThatOnlyDifferInCaseAreMadeUniqueInEveryScript() {
    assertEquals(List.of("STRASSE.txt", "straße-2.txt"), claimAll("http://h/STRASSE.txt", "http://h/stra%C3%9Fe.txt"));
    assertEquals(List.of("ΣΟΦΙΑ", "σοφια-2"), claimAll("http://h/%CE%A3%CE%9F%CE%A6%CE%99%CE%91",
        "http://h/%CF%83%CE%BF%CF%86%CE%B9%CE%B1"));
  }

  // ---- the rest of the hostile list ----

  @Test
  void trailingDotsAreDroppedSoWindowsCannotMergeTwoNames() {
    assertEquals("a.gif", claimOnce("http://h/a.gif."));
    assertEquals("a", claimOnce("http://h/a..."));
    assertEquals(List.of("a.gif", "a-2.gif"), claimAll("http://h/a.gif", "http://h/b/a.gif.."));
  }

  @Test
  void leadingDashesAreDroppedSoANameIsNeverReadAsAnOption() {
    assertEquals("rf", claimOnce("http://h/-rf"));
    assertEquals("file name changed: leading dots or dashes removed", noteFor("http://h/-rf"));
  }

  @Test
  void dotSegmentsAreNamedIndexWithANote() {
    assertEquals("index", claimOnce("http://h/a/.."));
    assertEquals("file name changed: \"..\" is not a file name", noteFor("http://h/a/%2e%2e"));
    assertEquals("file name changed: \".\" is not a file name", noteFor("http://h/."));
    assertEquals("file name changed: leading dots or dashes removed", noteFor("http://h/..."));
  }

  @Test
  void encodedNulIsReplacedAndNoted() {
    assertEquals("x_.gif", claimOnce("http://h/x%00.gif"));
    assertEquals("file name changed: control characters replaced", noteFor("http://h/x%00.gif"));
  }

  @Test
  void encodedAbsolutePathsBecomeOneNameWithANote() {
    assertEquals("_etc_passwd", claimOnce("http://h/%2Fetc%2Fpasswd"));
    assertEquals("C__Windows_win.ini", claimOnce("http://h/C:%5CWindows%5Cwin.ini"));
    assertEquals("file name changed: path separators replaced", noteFor("http://h/C:%5CWindows%5Cwin.ini"));
  }

  @Test
  void reservedAndNumberedNamesCarryANoteAndPlainNamesDoNot() {
    assertEquals("file name changed: reserved device name on Windows, prefixed with _", noteFor("http://h/nul.txt"));
    FileNames names = new FileNames();
    assertNull(names.claim(URI.create("http://h/a/x.gif")).note());
    assertEquals("file name changed: name already taken in this job, numbered", names.claim(URI.create("http://h/b/x.gif")).note());
    assertNull(noteFor("http://h/"), "a site's root is plainly its index");
    assertNull(noteFor("http://h/a%20b.gif"), "a space made '_' is not worth a note");
  }

  @Test
  void noNameCanBeOneOfFetchpipesOwnFiles() {
    List<String> own = List.of(".fetchpipe.lock", ".fetchpipe-journal.jsonl", ".x.gif.0123abcd.fetchpipe-part",
        ".fetchpipe-probe.1.fetchpipe-part");
    for (String file : own) {
      String name = claimOnce("http://h/" + file);
      assertFalse(name.startsWith("."), name);
      assertFalse(own.contains(name), name);
    }
  }

  @Test
  void aNumberedNameKnowsTheNameItWantedAndOthersDoNot() {
    FileNames names = new FileNames();
    assertNull(names.claim(URI.create("http://h/a.bin")).wanted());
    FileNames.Claimed second = names.claim(URI.create("http://h2/A.bin"));
    assertEquals("A-2.bin", second.name());
    assertEquals("A.bin", second.wanted(), "as this URL wanted it, though a.bin is the name taken");
    assertEquals("sub/A.bin", names.claim(URI.create("http://h/1"), "sub/A.bin").wanted() == null
        ? names.claim(URI.create("http://h/2"), "sub/A.bin").wanted() : "first was numbered");
    assertNull(names.claim(URI.create("http://h/%2e%2e")).wanted(), "changed, not numbered");
  }
}
