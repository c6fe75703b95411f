package dev.fetchpipe.report;

/** How one URL ended, as Fluent Python's flags2 counts them. */
public enum Outcome {
  /** Downloaded and written whole. */
  OK,
  /** The server answered 404. */
  NOT_FOUND,
  /** Anything else: another status, a network failure, a timeout, a write that failed, a URL that is not usable. */
  ERROR
}
