package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Names a URL line asks for with out=: subfolders kept, each made safe by the same rules as a URL's own name. */
class OutNamesTest {
  private static final URI URL = URI.create("http://h/x.bin");

  @TempDir
  Path root;

  Path outputDir;

  @BeforeEach
  void makeOutputDir() throws IOException {
    outputDir = Files.createDirectory(root.resolve("out"));
  }

  private static FileNames.Claimed claim(String out) {
    return new FileNames().claim(URL, out);
  }

  @Test
  void aPlainOutNameIsTakenAsItIsAndSubfoldersAreKept() {
    assertEquals("report.pdf", claim("report.pdf").name());
    assertNull(claim("report.pdf").note());
    assertEquals("2024/q1/report.pdf", claim("2024/q1/report.pdf").name());
    assertNull(claim("2024/q1/report.pdf").note());
  }

  @Test
  void withoutOutTheUrlGivesTheName() {
    assertEquals("x.bin", new FileNames().claim(URL, null).name());
  }

  @Test
  void outNamesAreUniqueIgnoringCaseAndNumberedInTheirLastPart() {
    FileNames names = new FileNames();
    assertEquals("a/b.gif", names.claim(URL, "a/b.gif").name());
    FileNames.Claimed again = names.claim(URL, "A/B.gif");
    assertEquals("A/B-2.gif", again.name());
    assertEquals("file name changed: name already taken in this job, numbered", again.note());
    assertEquals("b.gif", names.claim(URL, "b.gif").name(), "another folder, another file");
    assertEquals("x.bin", names.claim(URL, null).name());
    assertEquals("x-2.bin", names.claim(URL, "x.bin").name(), "an out= name and a URL's own name share one namespace");
  }

  @Test
  void climbingAbsoluteAndHiddenPartsAreMadeSafeAndSaySo() {
    assertEquals("index/index/etc/passwd", claim("../../etc/passwd").name());
    assertEquals("etc/passwd", claim("/etc/passwd").name());
    assertEquals("file name changed: empty folder names and a leading / dropped", claim("/etc/passwd").note());
    assertEquals("ssh/authorized_keys", claim(".ssh/authorized_keys").name());
    assertEquals("a/b", claim("a//b/").name());
    assertEquals("index", claim("/").name());
    assertEquals("C__Windows_win.ini", claim("C:\\Windows\\win.ini").name());
  }

  @Test
  void aDeepPathKeepsItsInnermostFolders() {
    String deep = String.join("/", java.util.Collections.nCopies(40, "d")) + "/f.txt";
    String name = claim(deep).name();
    assertEquals(FileNames.MAX_FOLDERS + 1, name.split("/").length);
    assertTrue(name.endsWith("/f.txt"), name);
  }

  @Test
  void hostPathLayoutPutsEachFileUnderItsHostAndPathAsWgetDashX() {
    FileNames names = new FileNames();
    assertEquals("h/a/b/c.gif", names.claimHostPath(URI.create("http://h/a/b/c.gif")).name());
    assertEquals("h_8001/dir/index", names.claimHostPath(URI.create("http://h:8001/dir/")).name());
    assertEquals("h/index", names.claimHostPath(URI.create("http://h")).name());
    assertEquals("h/a_b/index/c", names.claimHostPath(URI.create("http://h/a%2Fb/%2e%2e/c?x=1")).name(),
        "an encoded / stays in its segment, an encoded .. cannot climb");
    assertEquals("h/a/b/c-2.gif", names.claimHostPath(URI.create("http://h/a/b/c.gif?v=2")).name());
    assertEquals("h2/a/b/c.gif", names.claimHostPath(URI.create("http://h2/a/b/c.gif")).name());
  }

  static Stream<String> hostileOuts() {
    Stream<String> segments = FileNamesTest.hostileSegments();
    Stream<String> paths = Stream.of("../x", "a/../../x", "a/./b", "./a", "a/..", "..\\..\\x", "a/%2e%2e/b",
        "a/\0/b", "a/\u202Egif.exe/b", ".fetchpipe-journal.jsonl", "a/.fetchpipe.lock", "a/.x.fetchpipe-part",
        "con/aux/nul.txt", "x".repeat(400) + "/" + "y".repeat(400), "a/ /b", "~/.bashrc");
    return Stream.concat(segments, paths);
  }

  /** Each hostile out= name becomes a path inside the output dir, accepted by the writer's last check and creatable. */
  @ParameterizedTest
  @MethodSource("hostileOuts")
  void aHostileOutNameStaysInsideTheOutputDir(String out) throws IOException {
    String name = claim(out).name();
    assertFalse(name.isEmpty());
    assertFalse(name.startsWith("/"), name);
    for (String part : name.split("/", -1)) {
      assertFalse(part.isEmpty(), name);
      assertFalse(part.startsWith("."), name);
      assertFalse(part.contains("\\") || part.contains("\0"), name);
      assertTrue(FileNames.utf8Length(part) <= FileNames.MAX_BYTES, name);
    }
    Path file = OutputDir.resolveInside(outputDir, name);
    OutputDir.createFolders(outputDir, name);
    Files.writeString(file, "x");
    assertTrue(file.toRealPath().startsWith(outputDir.toRealPath()), file.toRealPath().toString());
    try (Stream<Path> outside = Files.list(root)) {
      assertEquals(List.of(outputDir), outside.toList(), "nothing beside the output dir");
    }
  }

  @Test
  void aFolderOnTheWayThatIsALinkOrAFileIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
    Files.createSymbolicLink(outputDir.resolve("link"), elsewhere);
    IOException link = assertThrows(IOException.class, () -> OutputDir.createFolders(outputDir, "link/x.bin"));
    assertTrue(link.getMessage().endsWith("is a symbolic link; fetchpipe writes only into real folders"), link.getMessage());
    Files.writeString(outputDir.resolve("file"), "x");
    IOException file = assertThrows(IOException.class, () -> OutputDir.createFolders(outputDir, "file/x.bin"));
    assertTrue(file.getMessage().endsWith("is a file, not a folder"), file.getMessage());
    try (Stream<Path> there = Files.list(elsewhere)) {
      assertEquals(0, there.count());
    }
  }
}
