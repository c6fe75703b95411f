package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import java.nio.file.Path;

/**
 * A second process for {@link OutputDirLockTest}: opens the output dir given as its argument, as a fetchpipe run does,
 * prints {@link #READY}, and holds the dir until it is killed or its stdin closes. When the dir is refused it prints
 * {@link #REFUSED} and the one-line message, and exits 2.
 */
public final class OutputDirLockHolder {
  static final String READY = "holding the output dir";
  static final String REFUSED = "refused: ";

  private OutputDirLockHolder() {}

  public static void main(String[] args) throws Exception {
    OutputDir held;
    try {
      held = OutputDir.open(Path.of(args[0]));
    } catch (SettingsException e) {
      System.out.println(REFUSED + e.getMessage());
      System.exit(2);
      return;
    }
    try (held) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until stdin closes
      }
    }
  }
}
