package dev.fetchpipe.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a journal line by line, leniently: a line that is not UTF-8, not JSON, lacks a field or is longer than any
 * line fetchpipe writes counts as unreadable and is skipped, and the lines around it are read as usual. What an
 * unreadable line stood for is then simply not known: its URL is fetched again. Blocking.
 */
public final class JournalReader {
  /**
   * Longer than any line fetchpipe writes (a URL is at most 8 KiB, its file name 255 bytes): a longer one is damage,
   * and is skipped without being held in memory.
   */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private JournalReader() {}

  /**
   * Gives each readable entry, in order, to {@code entries}.
   *
   * @return how many lines could not be read
   * @throws java.nio.file.NoSuchFileException when there is no journal
   */
  public static int read(Path file, Consumer<JournalEntry> entries) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    int unreadable = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      boolean tooLong = false;
      for (int b = in.read(); ; b = in.read()) {
        if (b != '\n' && b != -1) {
          if (line.size() < MAX_LINE_BYTES) line.write(b); else tooLong = true;
          continue;
        }
        if (tooLong) {
          unreadable++;
        } else if (line.size() > 0) {
          JournalEntry entry = entry(line.toByteArray(), utf8);
          if (entry == null) unreadable++; else entries.accept(entry);
        }
        line.reset();
        tooLong = false;
        if (b == -1) return unreadable;
      }
    }
  }

  /** The line's entry, or null when it cannot be read or lacks what every entry has. */
  private static JournalEntry entry(byte[] bytes, CharsetDecoder utf8) {
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    if (text.isBlank()) return null;
    try {
      JournalEntry entry = Journal.MAPPER.readValue(text, JournalEntry.class);
      if (entry == null || entry.url() == null) return null;
      return entry.outcome() != null || entry.isPartial() ? entry : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
