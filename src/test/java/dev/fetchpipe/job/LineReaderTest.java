package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of bytes, whatever their endings, read a buffer at a time. */
class LineReaderTest {

  private static List<String> lines(String text, int bufferSize) throws IOException {
    return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), bufferSize);
  }

  private static List<String> lines(InputStream in, int bufferSize) throws IOException {
    List<String> read = new ArrayList<>();
    try (LineReader reader = new LineReader(in, bufferSize)) {
      for (byte[] line = reader.next(); line != null; line = reader.next()) {
        read.add(new String(line, StandardCharsets.ISO_8859_1));
      }
      assertNull(reader.next(), "the end stays the end");
    }
    return read;
  }

  @Test
  void eachEndingEndsOneLineAndEmptyLinesAreKept() throws IOException {
    assertEquals(List.of("a", "b", "", "c", "", "d"), lines("a\nb\r\n\r\nc\r\rd\n", 64));
  }

  @Test
  void aLastLineWithoutAnEndingIsALineAndNoBytesAreNoLines() throws IOException {
    assertEquals(List.of("a", "tail"), lines("a\ntail", 64));
    assertEquals(List.of(), lines("", 64));
    assertEquals(List.of(""), lines("\n", 64));
  }

  @Test
  void everyByteButTheEndingsIsKeptAsItIs() throws IOException {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', 0, (byte) 0xFF, '\n', '\t', ' '};
    try (LineReader reader = new LineReader(new ByteArrayInputStream(bytes), 4)) {
      assertEquals(6, reader.next().length);
      assertEquals(2, reader.next().length);
      assertNull(reader.next());
    }
  }

  @Test
  void aCrLfSplitBetweenTwoReadsIsOneEnding() throws IOException {
    // A buffer of 4: "abc\r" fills the first read, "\n" starts the second.
    assertEquals(List.of("abc", "def"), lines("abc\r\ndef\r\n", 4));
    // A read that returns a single byte at a time splits every ending.
    InputStream trickle = new ByteArrayInputStream("ab\r\n\r\ncd\rx".getBytes(StandardCharsets.US_ASCII)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    assertEquals(List.of("ab", "", "cd", "x"), lines(trickle, 64));
  }

  @Test
  void linesAndLineEndingsThatStraddleTheReadBufferAreReadWhole() throws IOException {
    // Read 64 KiB at a time: a line's \r ends the first read and its \n starts the next; then lines of many lengths,
    // each ending one way or another, so that some run across the later reads' edges.
    List<String> expected = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; LineReader.BUFFER - 1 - text.length() >= 120; i++) {
      expected.add("http://h:1/a/" + i + ".gif");
      text.append(expected.get(i)).append("\r\n");
    }
    String padded = "http://h:1/" + "p".repeat(LineReader.BUFFER - 1 - text.length() - "http://h:1/".length());
    expected.add(padded);
    text.append(padded).append("\r\n");
    assertEquals('\r', text.charAt(LineReader.BUFFER - 1));
    String[] endings = {"\n", "\r\n", "\r"};
    for (int i = 0; text.length() < 300_000; i++) {
      String url = "http://h:1/" + "b".repeat(i % 997) + "/" + i + ".gif";
      expected.add(url);
      text.append(url).append(endings[i % 3]);
    }

    List<String> read = lines(text.toString(), LineReader.BUFFER);
    for (int i = 0; i < Math.min(read.size(), expected.size()); i++) {
      String got = read.get(i);
      assertEquals(expected.get(i), got, "line " + (i + 1) + ", " + got.length() + " characters: " + got.substring(0, Math.min(40, got.length())));
    }
    assertEquals(expected.size(), read.size());
    assertTrue(read.size() > 1000);
  }
}
