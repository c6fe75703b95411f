package dev.fetchpipe.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/**
 * The output dir's record of what each URL came to, one JSON line per final outcome, appended as it happens. A line
 * is handed to the operating system in one write before {@link #append} returns, so a process killed at any moment
 * (even by SIGKILL) loses no line already appended; the next run reads it back with {@link Resume}. A saved file's
 * line is appended right after the file is renamed into place, by the same writer thread. Blocking: call it only on
 * the blocking-io dispatcher (or before the job's actors start).
 */
public final class Journal implements AutoCloseable {
  /** The journal's name in the output dir; it starts with '.', which no downloaded file's name does. */
  public static final String FILE_NAME = ".fetchpipe-journal.jsonl";

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final OutputStream out;

  private Journal(Path file) throws IOException {
    this.file = file;
    this.out = new FileOutputStream(file.toFile(), true);
  }

  /**
   * Starts the dir's journal afresh, holding only {@code carriedOver} (the entries of files kept from an earlier
   * run), so it never grows with repeated runs. The old journal is replaced in one atomic rename.
   */
  public static Journal start(Path dir, Collection<JournalEntry> carriedOver) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    Path temp = dir.resolve(FILE_NAME + ".new");
    try (OutputStream fresh = Files.newOutputStream(temp)) {
      for (JournalEntry entry : carriedOver) fresh.write(line(entry));
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Journal(file);
  }

  /** Appends one line; when this returns, the line survives the process being killed. */
  public synchronized void append(JournalEntry entry) throws IOException {
    // One write call for the whole line: an unbuffered FileOutputStream in append mode hands it to the OS at once.
    out.write(line(entry));
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  private static byte[] line(JournalEntry entry) throws IOException {
    byte[] json = MAPPER.writeValueAsBytes(entry);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }
}
