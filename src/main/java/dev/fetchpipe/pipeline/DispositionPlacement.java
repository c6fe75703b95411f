package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.job.TakenNames;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * job.names = content-disposition: moves a file just saved under its URL's name to the name its server's
 * Content-Disposition gave, when that name is free: no URL of the job is given it, no other server asked for it first,
 * and no file of that name is in the output dir (a hard link makes the new name, and fails rather than replace one).
 * Otherwise the file keeps its URL's name and the note says why. Blocking: the writer's threads only.
 */
final class DispositionPlacement {

  /** Where the file ended: its name in the output dir, its path, and a note for the report (null: nothing to say). */
  record Placed(String fileName, Path path, String note) {}

  private DispositionPlacement() {}

  static Placed place(Path outputDir, String fileName, Path target, String wanted, TakenNames names) {
    if (wanted == null || names == null) return new Placed(fileName, target, null);
    String finalName = fileName.substring(0, fileName.lastIndexOf('/') + 1) + wanted;
    if (finalName.equals(fileName)) return new Placed(fileName, target, null);
    if (!names.claim(finalName)) {
      return kept(fileName, target, wanted, names.givenToUrl(finalName)
          ? "another URL of this job is given that name" : "another URL's server gave that name first");
    }
    Path wantedPath;
    try {
      wantedPath = OutputDir.resolveInside(outputDir, finalName);
      Files.createLink(wantedPath, target);
    } catch (FileAlreadyExistsException taken) {
      return kept(fileName, target, wanted, "a file of that name is already in the output dir");
    } catch (IOException | RuntimeException noLink) {
      return kept(fileName, target, wanted, "it could not be made here (" + PlainWords.of(noLink) + ")");
    }
    try {
      Files.delete(target);
    } catch (IOException stuck) {
      try {
        Files.deleteIfExists(wantedPath);
      } catch (IOException ignored) {
        // Both names hold the same whole file: nothing is lost, the journal names the URL's.
      }
      return kept(fileName, target, wanted, "the URL's name could not be freed (" + PlainWords.of(stuck) + ")");
    }
    return new Placed(finalName, wantedPath, "saved as \"" + wanted + "\", the name its server's Content-Disposition gave");
  }

  private static Placed kept(String fileName, Path target, String wanted, String why) {
    return new Placed(fileName, target, "Content-Disposition name \"" + wanted + "\" not used: " + why);
  }
}
