package dev.fetchpipe.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file the user asked for (--report, --timeline, --csv) whole under a temporary name, then renames it into
 * place, so a reader never sees half of one. The temporary file is created as any file is, so the user's umask sets
 * its mode (0644 as a rule, like the downloads): Files.createTempFile would make it 0600, readable by its owner only.
 */
public final class ReportFile {

  /** What goes into the file. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private ReportFile() {}

  public static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path temp = target.resolveSibling("." + target.getFileName() + "." + random + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
