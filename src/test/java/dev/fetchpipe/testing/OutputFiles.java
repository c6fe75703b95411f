package dev.fetchpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a job left in its output dir, as tests see it. Downloaded files never start with '.'; fetchpipe's own files
 * (the journal, the lock, temporary files) always do.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** The downloaded files' names, sorted; an absent dir has none. */
  public static List<String> downloaded(Path dir) {
    return names(dir).stream().filter(name -> !name.startsWith(".")).toList();
  }

  /** Temporary files left behind (there should be none once a job has ended). */
  public static List<String> temporary(Path dir) {
    return names(dir).stream().filter(name -> name.endsWith(".fetchpipe-part")).toList();
  }

  /** Downloaded and temporary files: everything but fetchpipe's own journal and lock. */
  public static List<String> payload(Path dir) {
    return names(dir).stream().filter(name -> !name.equals(".fetchpipe-journal.jsonl") && !name.equals(".fetchpipe.lock")).toList();
  }

  /** Every name in the dir, sorted. */
  public static List<String> names(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
