package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;

/**
 * The output dir is locked by another job, in this process or another: a {@link SettingsException} on
 * {@value OutputDir#KEY} like the rest (run exits 2), and its own type so that a caller can tell "busy, try later"
 * (the daemon's 409) from a dir that can never be used.
 */
public final class OutputDirBusyException extends SettingsException {
  private static final long serialVersionUID = 1L;

  public OutputDirBusyException(String problem) {
    super(OutputDir.KEY, problem);
  }
}
