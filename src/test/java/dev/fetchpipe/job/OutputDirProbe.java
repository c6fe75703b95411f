package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import java.nio.file.Path;

/** Opens the output dir given and prints the error a user would read, or "opened": for OutputDirTest's child JVM. */
public final class OutputDirProbe {

  private OutputDirProbe() {}

  public static void main(String[] args) {
    try {
      OutputDir.open(Path.of(args[0])).close();
      System.out.println("opened");
    } catch (SettingsException e) {
      System.out.println(e.key() + " | " + e.getMessage());
    }
  }
}
