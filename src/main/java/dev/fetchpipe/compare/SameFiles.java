package dev.fetchpipe.compare;

import dev.fetchpipe.pipeline.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Whether several engines' output folders hold the same files, byte for byte. */
public final class SameFiles {
  private SameFiles() {}

  /**
   * @param files      how many of the job's files every folder has, identical
   * @param difference the first difference found, in words, or null when there is none
   */
  public record Verdict(int files, String difference) {
    public boolean identical() {
      return difference == null;
    }
  }

  /**
   * Compares the job's files (by the names its plan gives them) across the folders. Only those names are compared,
   * so a dot-file of the pipeline's own (a journal) is not taken for a difference.
   *
   * @param labels one name per folder, for the verdict's words
   */
  public static Verdict compare(List<String> fileNames, List<Path> folders, List<String> labels) {
    int same = 0;
    String difference = null;
    for (String name : fileNames) {
      List<String> hashes = new ArrayList<>();
      for (Path folder : folders) hashes.add(hashOf(folder.resolve(name)));
      boolean agree = hashes.stream().allMatch(hash -> Objects.equals(hash, hashes.get(0)));
      if (agree && hashes.get(0) != null) same++;
      if (!agree && difference == null) difference = describe(name, hashes, labels);
    }
    return new Verdict(same, difference);
  }

  private static String describe(String name, List<String> hashes, List<String> labels) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      String hash = hashes.get(i);
      parts.add(labels.get(i) + " " + (hash == null ? "has none" : "sha256 " + hash.substring(0, 12)));
    }
    return name + ": " + String.join(", ", parts);
  }

  /** The file's SHA-256, or null when it is not there. */
  private static String hashOf(Path file) {
    if (!Files.isRegularFile(file)) return null;
    try {
      return HexFormat.of().formatHex(AtomicFile.sha256().digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
