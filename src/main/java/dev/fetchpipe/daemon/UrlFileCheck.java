package dev.fetchpipe.daemon;

import dev.fetchpipe.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A submitted job's url-file must be a list of URLs before the daemon reads it as one. {@code run} reports each line
 * that is not a URL as an ERROR repeating the line, which is right for the user's own list, but would let anyone with
 * the daemon's token read a file of the daemon's machine back line by line ({@code /etc/shadow},
 * {@code /proc/self/environ}). So a file whose first lines are not mostly http(s) URLs is refused whole, with its line
 * numbers and never its text. Blocking: call it off the actors.
 */
final class UrlFileCheck {
  private static final String KEY = "fetchpipe.job.url-file";
  /** Lines looked at: enough to tell a URL list from any other file, quick for any file. */
  static final int LINES_LOOKED_AT = 1000;
  /** Bytes looked at, at most, whatever the lines. */
  private static final int BYTES_LOOKED_AT = 1 << 20;

  private UrlFileCheck() {}

  /** @throws SettingsException when the file cannot be read or is not a list of URLs; the message quotes none of it */
  static void check(Path file) {
    // Not a regular file: the job's own reading refuses it with its reason; a FIFO must not be opened here (it blocks).
    if (!Files.isRegularFile(file)) return;
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(BYTES_LOOKED_AT);
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot read " + file + ": " + e.getMessage());
    }
    int lines = 0;
    int urls = 0;
    int firstOther = 0;
    int start = 0;
    for (int i = 0; i <= head.length && lines < LINES_LOOKED_AT; i++) {
      if (i < head.length && head[i] == 0) throw notAList(file, "it holds a NUL byte: it is not text");
      if (i < head.length && head[i] != '\n') continue;
      if (i == head.length && i == start) break;
      String line = decoded(head, start, i - start);
      start = i + 1;
      String text = line == null ? "?" : line.strip();
      if (text.isEmpty() || text.startsWith("#")) continue;
      lines++;
      if (isUrl(text)) urls++;
      else if (firstOther == 0) firstOther = lines;
    }
    if (lines == 0) return; // "has no URLs" is the job's own error, which quotes nothing
    if (firstOther == 1 || urls * 2 < lines) {
      throw notAList(file, urls + " of its first " + lines + " lines " + (urls == 1 ? "is an" : "are") + " http(s) URL"
          + (urls == 1 ? "" : "s") + ", and its first line is " + (firstOther == 1 ? "not one" : "one"));
    }
  }

  private static SettingsException notAList(Path file, String why) {
    return new SettingsException(KEY, file + " is not a list of URLs (" + why + "); a job sent to the daemon reads "
        + "only a file of http(s) URLs, one a line");
  }

  /** A line's text, or null when it is not UTF-8. A byte order mark at the start is dropped. */
  private static String decoded(byte[] bytes, int from, int length) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, length)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isUrl(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    return (lower.startsWith("http://") || lower.startsWith("https://")) && line.length() > "http://".length();
  }
}
