package dev.fetchpipe.compare;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh, empty folders for measured runs. A run into a folder that already holds the job's files would keep them
 * (the pipeline's journal) and time nothing, so every run gets a folder that did not exist before, and nothing
 * already on disk is ever touched.
 */
public final class RunFolders {
  private static final String KEY = "fetchpipe.job.output-dir";

  private RunFolders() {}

  /** {@code parent/prefix-N} for the first N from 1 that is not taken, created now (with parent). */
  public static Path fresh(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
    } catch (IOException | SecurityException e) {
      throw new SettingsException(KEY, "cannot create " + parent + ": " + PlainWords.of(e, parent));
    }
    for (int n = 1; ; n++) {
      Path candidate = parent.resolve(prefix + "-" + n);
      try {
        return Files.createDirectory(candidate);
      } catch (FileAlreadyExistsException taken) {
        // an earlier run's: leave it, try the next number
      } catch (IOException | SecurityException e) {
        throw new SettingsException(KEY, "cannot create " + candidate + ": " + PlainWords.of(e, candidate));
      }
    }
  }

  /** {@code runDir/name}, which must not exist yet: runDir is fresh, and names within it are unique. */
  public static Path subfolder(Path runDir, String name) {
    try {
      return Files.createDirectory(runDir.resolve(name));
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot create " + runDir.resolve(name) + ": " + PlainWords.of(e, runDir.resolve(name)));
    }
  }

  /** A name made of letters, digits, '.', '-' and '_' only, for a folder named after a value such as "100ms". */
  public static String safeName(String raw) {
    String name = raw.strip().replaceAll("[^A-Za-z0-9._-]+", "_").replaceFirst("^[._]+", "");
    return name.isEmpty() ? "value" : name.length() > 60 ? name.substring(0, 60) : name;
  }
}
