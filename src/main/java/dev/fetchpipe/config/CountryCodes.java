package dev.fetchpipe.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The 194 country codes of the flags site, as listed in {@code country_codes.txt} (the list Fluent Python's flag
 * downloaders use): what {@code job.codes = all} means, and the codes the built-in origin has flags for. Kept with the
 * config, which reads {@code all}, so that the origin depends on the config and never the other way round.
 */
public final class CountryCodes {

  private static final String RESOURCE = "country_codes.txt";

  // Loaded once: the list is small, never changes, and is read on every flag request.
  private static final List<String> ALL = load();
  private static final Set<String> KNOWN = Set.copyOf(ALL);

  private CountryCodes() {}

  /** Every code, upper case, in the order of the resource file (which is alphabetical). */
  public static List<String> all() {
    return ALL;
  }

  /** Whether the origin has a flag for this code; "br" and "BR" are the same code. */
  public static boolean isKnown(String code) {
    return code != null && KNOWN.contains(code.toUpperCase(Locale.ROOT));
  }

  private static List<String> load() {
    try (InputStream in = CountryCodes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        // A missing resource is a packaging bug, not something a caller can recover from.
        throw new IllegalStateException("resource not found: " + RESOURCE);
      }
      var text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
      return Arrays.stream(text.split("\\s+"))
          .map(code -> code.toUpperCase(Locale.ROOT))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
