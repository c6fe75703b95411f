package dev.fetchpipe.client;

/**
 * The client cannot do what it was asked: no daemon, a daemon that refused the request, a connection lost. The message
 * is one line the command line prints as it is, after "fetchpipe: ".
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final boolean unavailable;

  /** A problem the user can fix (no daemon, a refused request): exit 2, like bad usage. */
  public ClientException(String message) {
    this(message, 2);
  }

  public ClientException(String message, int exitCode) {
    this(message, exitCode, false);
  }

  private ClientException(String message, int exitCode, boolean unavailable) {
    super(message.replaceAll("\\R", "\\\\n"));
    this.exitCode = exitCode;
    this.unavailable = unavailable;
  }

  /** The daemon cannot take a request at all: nothing listens (it is gone), or it is stopping (503). */
  static ClientException unavailable(String message, int exitCode) {
    return new ClientException(message, exitCode, true);
  }

  public int exitCode() {
    return exitCode;
  }

  /** Whether the daemon was gone or going: a request that reached no job, which another daemon may take. */
  public boolean daemonUnavailable() {
    return unavailable;
  }
}
