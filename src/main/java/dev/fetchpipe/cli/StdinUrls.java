package dev.fetchpipe.cli;

import dev.fetchpipe.config.SettingsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --urls -}: the URL list read from stdin, once, as the lines of a URL file are read (blank lines and
 * # comments skipped, options after a tab, or JSON Lines). It becomes the job's {@code job.urls} list, so `run` and
 * `submit` treat it alike: the thin client sends the list itself, since a daemon cannot read another process's stdin.
 */
final class StdinUrls {
  static final String DASH = "-";

  private StdinUrls() {}

  static List<String> read(InputStream in) {
    List<String> lines = new ArrayList<>();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String text = line.strip().replace("\uFEFF", "");
        if (!text.isEmpty() && !text.startsWith("#")) lines.add(line);
      }
    } catch (CharacterCodingException e) {
      throw new SettingsException("--urls -", "stdin is not UTF-8 text (after " + lines.size() + " URLs)");
    } catch (IOException e) {
      throw new SettingsException("--urls -", "cannot read stdin: " + e.getMessage());
    }
    if (lines.isEmpty()) throw new SettingsException("--urls -", "stdin gave no URLs (only blank lines and # comments)");
    return List.copyOf(lines);
  }
}
