package dev.fetchpipe.cli;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.PlainWords;
import dev.fetchpipe.timeline.TimelinePage;
import dev.fetchpipe.timeline.TimelineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
      throw new SettingsException(option, "cannot create " + dir + ": " + why(dir, e));
    }
    if (Files.isDirectory(file)) throw new SettingsException(option, "cannot write " + file + ": it is a directory");
    if (!Files.isWritable(dir)) throw new SettingsException(option, "cannot write " + file + ": permission denied in " + dir);
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new SettingsException(option, "cannot write " + file + ": permission denied");
    }
  }

  /**
   * Why a directory could not be made, in words: the file in the way, or the file system's reason. Java's own
   * exceptions give only the path (FileAlreadyExistsException: "afile").
   */
  static String why(Path dir, Exception e) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p)) return p + " is a file, not a directory";
    }
    return PlainWords.of(e, dir);
  }

  /** The runs as a timeline page, one section each; a failure is a one-line error naming --timeline. */
  static void writeTimeline(Path file, String title, List<TimelineRun> runs) {
    try {
      TimelinePage.write(file, title, runs);
    } catch (IOException e) {
      throw new SettingsException("--timeline", "cannot write " + file + ": " + PlainWords.of(e));
    }
  }
}
