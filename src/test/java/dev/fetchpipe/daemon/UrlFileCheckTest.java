package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a list of URLs is refused whole, and nothing of it is repeated. */
class UrlFileCheckTest {
  @TempDir
  Path temp;

  private SettingsException refused(String name, byte[] content) throws Exception {
    Path file = Files.write(temp.resolve(name), content);
    SettingsException e = assertThrows(SettingsException.class, () -> UrlFileCheck.check(file));
    assertTrue(e.getMessage().startsWith("fetchpipe.job.url-file: " + file + " is not a list of URLs"), e.getMessage());
    return e;
  }

  @Test
  void aSystemFileIsRefusedWithoutItsContent() throws Exception {
    String shadow = "root:$6$Zx1secretHash$abc:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";
    SettingsException e = refused("shadow", shadow.getBytes(StandardCharsets.UTF_8));
    assertFalse(e.getMessage().contains("root") || e.getMessage().contains("secretHash"), e.getMessage());
    SettingsException environ = refused("environ", "HOME=/root\0SECRET=hunter2\0".getBytes(StandardCharsets.UTF_8));
    assertFalse(environ.getMessage().contains("hunter2"), environ.getMessage());
    assertTrue(environ.getMessage().contains("NUL"), environ.getMessage());
    refused("key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n".getBytes(StandardCharsets.UTF_8));
    refused("binary", new byte[] {(byte) 0xff, (byte) 0xfe, 'h', '\n', (byte) 0xc3});
  }

  @Test
  void aFileOfMostlyOtherLinesIsRefusedEvenWhenItStartsWithAUrl() throws Exception {
    List<String> lines = new ArrayList<>(List.of("http://example.com/a"));
    for (int i = 0; i < 10; i++) lines.add("secret line " + i);
    SettingsException e = refused("mixed", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void aListOfUrlsWithCommentsBlankLinesAndAFewBadLinesPasses() throws Exception {
    String list = "\uFEFF# my list\n\nhttp://example.com/a\nHTTPS://example.com/b\r\nnot a url\n  http://example.com/c  \n";
    UrlFileCheck.check(Files.writeString(temp.resolve("list"), list));
    UrlFileCheck.check(Files.writeString(temp.resolve("comments-only"), "# nothing\n\n"));
    UrlFileCheck.check(temp.resolve("missing")); // the job's own reading says "no such file"
  }
}
