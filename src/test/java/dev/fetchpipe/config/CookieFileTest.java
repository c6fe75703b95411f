package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.config.CookieFile.Cookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Netscape cookie file read as curl reads it and written back the same way, atomically and private. */
class CookieFileTest {
  private static final String KEY = "fetchpipe.fetch.cookies.file";
  private static final Path FILE = Path.of("/x/jar.txt");
  private static final long NOW = 1_700_000_000L;

  @Test
  void readsCurlsLinesCommentsAndHttpOnlyPrefixAndLeavesExpiredOnesOut() {
    String text = "# Netscape HTTP Cookie File\n# a comment\n\n"
        + ".example.com\tTRUE\t/\tFALSE\t0\tsession\tabc\n"
        + "#HttpOnly_h.example\tFALSE\t/app\tTRUE\t1800000000\tsid\tv=1\r\n"
        + "old.example\tFALSE\t/\tFALSE\t1600000000\told\tx\n"
        + "e.example\tFALSE\t/\tFALSE\t0\tempty\n";
    List<Cookie> cookies = CookieFile.parse(KEY, FILE, text, NOW);
    assertEquals(List.of(new Cookie("example.com", false, "/", false, false, 0, "session", "abc"),
        new Cookie("h.example", true, "/app", true, true, 1_800_000_000L, "sid", "v=1"),
        new Cookie("e.example", true, "/", false, false, 0, "empty", "")), cookies);
    assertFalse(cookies.toString().contains("abc"), "toString never shows a value");
  }

  @Test
  void aBrokenLineIsOneErrorNamingTheFileAndLineNeverTheValue() {
    String[][] cases = {
        {"h\tTRUE\t/\tFALSE\ts3cret", "line 1: expected 7 fields"},
        {"# c\nh TRUE / FALSE 0 n s3cret", "line 2: expected 7 fields separated by tabs"},
        {"h\tyes\t/\tFALSE\t0\tn\ts3cret", "line 1: the second field (include subdomains) must be TRUE or FALSE"},
        {"h\tTRUE\tx\tFALSE\t0\tn\ts3cret", "line 1: the path (third field) must start with /"},
        {"h\tTRUE\t/\tFALSE\tsoon\tn\ts3cret", "line 1: the expiry (fifth field) is not a whole number"},
        {"h\tTRUE\t/\tFALSE\t0\tn\ts3c\u0001ret", "line 1: the cookie's value (seventh field) holds a control"},
        {"http://h/\tTRUE\t/\tFALSE\t0\tn\ts3cret", "line 1: the first field is not a host name"},
    };
    for (String[] c : cases) {
      SettingsException e = assertThrows(SettingsException.class, () -> CookieFile.parse(KEY, FILE, c[0], NOW));
      assertEquals(true, e.getMessage().contains("/x/jar.txt " + c[1]), e.getMessage());
      assertFalse(e.getMessage().contains("s3c"), e.getMessage());
    }
  }

  @Test
  void anUnreadableOrMissingFileAndASaveFolderThatIsNotThereAreOneLineEach(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("none.txt");
    assertEquals(KEY + ": no such file: " + missing, assertThrows(SettingsException.class,
        () -> CookieFile.read(KEY, missing)).getMessage());
    Path locked = Files.writeString(dir.resolve("locked.txt"), "");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(locked)) { // root reads anything
      assertEquals(KEY + ": cannot read " + locked + ": permission denied", assertThrows(SettingsException.class,
          () -> CookieFile.read(KEY, locked)).getMessage());
    }
    Path nowhere = dir.resolve("no-such-dir/jar.txt");
    assertEquals("s: cannot write " + nowhere + ": no folder " + nowhere.getParent(),
        assertThrows(SettingsException.class, () -> CookieFile.saveTarget("s", nowhere)).getMessage());
    assertEquals("s: " + dir + " is a folder; give a file name",
        assertThrows(SettingsException.class, () -> CookieFile.saveTarget("s", dir)).getMessage());
  }

  @Test
  void writtenBackAtomicallyMode600AndReadTheSame(@TempDir Path dir) throws Exception {
    List<Cookie> cookies = List.of(new Cookie("example.com", false, "/", true, true, 1_800_000_000L, "a", "1"),
        new Cookie("h.example", true, "/p", false, false, 0, "b", ""));
    Path file = Files.writeString(dir.resolve("jar.txt"), "old");
    CookieFile.write(file, cookies);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(cookies, CookieFile.parse(KEY, file, Files.readString(file), NOW));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList(), "no temporary file left");
    }
  }
}
