package dev.fetchpipe.client;

/**
 * The client cannot do what it was asked: no daemon, a daemon that refused the request, a connection lost. The message
 * is one line the command line prints as it is, after "fetchpipe: ".
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  /** A problem the user can fix (no daemon, a refused request): exit 2, like bad usage. */
  public ClientException(String message) {
    this(message, 2);
  }

  public ClientException(String message, int exitCode) {
    super(message.replaceAll("\\R", "\\\\n"));
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
