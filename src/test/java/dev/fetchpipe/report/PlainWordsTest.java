package dev.fetchpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures as a user reads them: what happened and to what, never a Java exception's name. */
class PlainWordsTest {

  private static void assertNoExceptionName(String words) {
    assertFalse(words.matches(".*[A-Za-z](Exception|Error)\\b.*"), words);
  }

  @Test
  void realFileSystemFailuresSayWhatAndWhichFile(@TempDir Path dir) throws Exception {
    Exception missing = assertThrowsIo(() -> Files.readString(dir.resolve("nope.txt")));
    assertEquals("no such file or directory: " + dir.resolve("nope.txt"), PlainWords.of(missing));
    Exception proc = assertThrowsIo(() -> Files.createDirectories(Path.of("/proc/x")));
    assertNoExceptionName(PlainWords.of(proc));
    assertEquals(true, PlainWords.of(proc).endsWith("/proc/x"), PlainWords.of(proc));
    Path file = Files.writeString(dir.resolve("f"), "x");
    Exception exists = assertThrowsIo(() -> Files.createDirectory(file));
    assertEquals("already exists: " + file, PlainWords.of(exists));
    assertEquals("permission denied: /root/x", PlainWords.of(new AccessDeniedException("/root/x")));
    assertEquals("no space left on device: /d/f",
        PlainWords.of(new FileSystemException("/d/f", null, "No space left on device")));
    assertEquals("no such file or directory: /a (and /b)", PlainWords.of(new NoSuchFileException("/a", "/b", null)));
    assertEquals("no such file or directory", PlainWords.of(new NoSuchFileException("/proc/x"), Path.of("/proc/x")),
        "a message that names the file already");
    assertEquals("no such file or directory: /proc", PlainWords.of(new NoSuchFileException("/proc"), Path.of("/proc/x")));
  }

  @Test
  void realNetworkFailuresSayWhatAndToWhom() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Exception refused = assertThrowsIo(() -> new Socket("127.0.0.1", closedPort).close());
    assertEquals("connection refused", PlainWords.of(refused));
    Exception unknown = assertThrowsIo(() -> InetAddress.getByName("no-such-host.invalid"));
    assertEquals("unknown host no-such-host.invalid", PlainWords.of(unknown).replaceAll(":.*", ""));
    try (ServerSocket taken = new ServerSocket(0)) {
      Exception inUse = assertThrowsIo(() -> new ServerSocket(taken.getLocalPort()).close());
      assertEquals("address already in use", PlainWords.of(inUse).toLowerCase().replaceAll(" \\(.*", ""));
    }
    assertEquals("unknown host", PlainWords.of(new UnknownHostException()));
    assertEquals("connection refused", PlainWords.of(new ConnectException()));
    assertEquals("timed out", PlainWords.of(new TimeoutException()));
    assertEquals("closed early", PlainWords.of(new EOFException()));
    assertEquals("address already in use", PlainWords.of(new BindException()));
  }

  @Test
  void wrappersAreLookedThroughToTheFailureThatSaysSomething() {
    assertEquals("connection refused", PlainWords.of(new CompletionException(new ConnectException("Connection refused"))));
    assertEquals("no such file or directory: /x",
        PlainWords.of(new UncheckedIOException(new NoSuchFileException("/x"))));
  }

  @Test
  void exceptionNamesInsideAMessageBecomeWords() {
    assertEquals("connection refused", PlainWords.text("java.net.ConnectException: Connection refused"));
    assertEquals("unknown host nohost.invalid", PlainWords.text("java.net.UnknownHostException: nohost.invalid"));
    assertEquals("cannot write /x: no such file or directory: /x",
        PlainWords.text("cannot write /x: java.nio.file.NoSuchFileException: /x"));
    assertEquals("disk full", PlainWords.of(new IOException("disk\nfull")), "one line");
    assertEquals("HTTP 503 from upstream", PlainWords.text("HTTP 503 from upstream"));
  }

  @Test
  void anUnknownFailureWithoutAMessageIsItsNameInWords() {
    assertEquals("null pointer", PlainWords.of(new NullPointerException()));
    assertEquals("illegal state", PlainWords.of(new IllegalStateException()));
    assertEquals("stream tcp", PlainWords.nameInWords("StreamTcpException"));
    assertEquals("out of memory", PlainWords.of(new OutOfMemoryError()));
    assertEquals("index 3 out of bounds for length 2",
        PlainWords.of(new IndexOutOfBoundsException("Index 3 out of bounds for length 2")), "a message says it already");
  }

  private interface Io {
    void run() throws Exception;
  }

  private static Exception assertThrowsIo(Io io) {
    try {
      io.run();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("nothing thrown");
  }
}
