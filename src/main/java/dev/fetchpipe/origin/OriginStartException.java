package dev.fetchpipe.origin;

/** The origin could not start, e.g. its port is taken; the message is one line fit for the user. */
public final class OriginStartException extends RuntimeException {

  OriginStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
