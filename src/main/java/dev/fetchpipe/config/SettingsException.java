package dev.fetchpipe.config;

/**
 * A setting or argument the user gave that fetchpipe cannot use. The message is one line that names the key (or
 * command-line argument) and says what is wrong, so the CLI can print it as it is and exit 2. Open for subclasses
 * that let a caller tell one cause from the others (e.g. an output dir in use, which the daemon answers with 409).
 */
public class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public SettingsException(String key, String problem) {
    // A value the user wrote may hold a line break; shown escaped, the message stays one line.
    super((key + ": " + problem).replaceAll("\\R", "\\\\n"));
    this.key = key;
  }

  /** The config key or command-line argument at fault, e.g. {@code fetchpipe.fetch.max-in-flight} or {@code --config}. */
  public String key() {
    return key;
  }
}
