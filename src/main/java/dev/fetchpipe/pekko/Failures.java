package dev.fetchpipe.pekko;

import java.util.concurrent.CompletionException;

/** What a future's failure was, under the wrappers a chain of stages puts around it. */
public final class Failures {
  private Failures() {}

  /** {@code failure} without its {@link CompletionException} wrappers. */
  public static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    return cause;
  }
}
