package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** fetch.netrc read as curl reads a netrc file, and every broken one refused in one line that shows no password. */
class NetrcTest {
  private static final String KEY = "fetchpipe.fetch.netrc";

  @TempDir
  Path dir;

  private Path file(String text, String mode) throws Exception {
    Path file = dir.resolve("netrc");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void machinesDefaultCommentsQuotesAndMacrosAreReadAsCurlReadsThem() throws Exception {
    Netrc netrc = Netrc.read(KEY, file("""
        # a comment line
        machine API.example.com login alice password "p@ss word\\"1"
        machine other.example
          login bob
          account ignored
          password hunter2   # a comment after a password
        macdef init
        cd /pub
        get file

        machine api.example.com login second password never-used
        default login anon password guest
        """, "rw-------"));
    assertEquals(new Netrc.Login("alice", "p@ss word\"1"), netrc.forHost("api.example.com"), "the first entry wins");
    assertEquals(new Netrc.Login("bob", "hunter2"), netrc.forHost("OTHER.example"));
    assertEquals(new Netrc.Login("anon", "guest"), netrc.forHost("anything.else"));
    assertFalse(netrc.toString().contains("hunter2"), netrc.toString());
  }

  @Test
  void withoutDefaultAnUnlistedHostHasNoLogin() throws Exception {
    assertNull(Netrc.read(KEY, file("machine a login u password p\n", "rw-------")).forHost("b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "machine a login u password s3cret\nlogin",
      "machine a login u password s3cret\ns3cret-word",
      "machine a login u password s3cret nonsense s3cret",
      "machine a login u password \"s3cret",
      "s3cret machine a",
  })
  void aSyntaxErrorIsOneLineNamingTheFileAndLine(String text) throws Exception {
    Path file = file(text, "rw-------");
    SettingsException e = assertThrows(SettingsException.class, () -> Netrc.read(KEY, file));
    assertTrue(e.getMessage().startsWith(KEY + ": " + file + " line "), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void aFileOthersCanReadIsRefused() throws Exception {
    Path file = file("machine a login u password p\n", "rw-r--r--");
    SettingsException e = assertThrows(SettingsException.class, () -> Netrc.read(KEY, file));
    assertEquals(KEY + ": " + file + " can be read by other users; its passwords are not secret (chmod 600 " + file
        + ")", e.getMessage());
  }

  @Test
  void aMissingOrUnreadableFileIsOneLine() throws Exception {
    Path missing = dir.resolve("nope");
    assertEquals(KEY + ": no such file: " + missing,
        assertThrows(SettingsException.class, () -> Netrc.read(KEY, missing)).getMessage());
    Path locked = file("machine a login u password p\n", "-w-------");
    // Root reads anything: the probe runs where permissions hold (CI runs as root).
    assertEquals(KEY + ": cannot read " + locked + ": permission denied",
        dev.fetchpipe.testing.WithoutRootOverride.run(NetrcProbe.class, locked.toString()));
  }

  @Test
  void theSettingReadsTheFileRelativeToTheWorkingDirectory() throws Exception {
    Path file = file("machine h login u password p\n", "rw-------");
    RequestSettings request = FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(),
        List.of("job.urls=[\"http://h/a\"]", "fetch.netrc=" + file))).fetch().request();
    assertEquals(new Netrc.Login("u", "p"), request.netrc().forHost("h"));
  }
}
