package dev.fetchpipe.cli;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.timeline.TimelinePage;
import dev.fetchpipe.timeline.TimelineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Files options name for output (--csv, --timeline): checked before a long run rather than after it, then written. */
final class OutputFileOptions {
  private OutputFileOptions() {}

  /** Creates the file's directory when missing; a one-line error naming {@code option} when it cannot be written. */
  static void check(Path file, String option) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new SettingsException(option, "cannot create " + dir + ": " + e.getMessage());
    }
    if (Files.isDirectory(file) || !Files.isWritable(dir) || (Files.exists(file) && !Files.isWritable(file))) {
      throw new SettingsException(option, "cannot write " + file);
    }
  }

  /** The runs as a timeline page, one section each; a failure is a one-line error naming --timeline. */
  static void writeTimeline(Path file, String title, List<TimelineRun> runs) {
    try {
      TimelinePage.write(file, title, runs);
    } catch (IOException e) {
      throw new SettingsException("--timeline", "cannot write " + file + ": " + e.getMessage());
    }
  }
}
