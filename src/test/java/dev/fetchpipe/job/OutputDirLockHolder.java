package dev.fetchpipe.job;

import java.nio.file.Path;

/**
 * A second process for {@link OutputDirTest}: opens the output dir given as its argument, as a fetchpipe run does,
 * prints {@link #READY}, and holds the dir until it is killed or its stdin closes.
 */
public final class OutputDirLockHolder {
  static final String READY = "holding the output dir";

  private OutputDirLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (OutputDir held = OutputDir.open(Path.of(args[0]))) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until stdin closes
      }
    }
  }
}
