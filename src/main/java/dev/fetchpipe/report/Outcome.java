package dev.fetchpipe.report;

/** How one URL ended: Fluent Python's flags2 counts, plus the two ways a cancel ends a URL. */
public enum Outcome {
  /** Downloaded and written whole. */
  OK,
  /** Already complete from an earlier run into the same dir (its journal line, size and SHA-256 match): not fetched again. */
  KEPT,
  /**
   * Asked again (job.refresh = if-changed) and answered 304 Not Modified: the file an earlier run saved is what the
   * server has, kept as it is.
   */
  UNCHANGED,
  /** The server answered 404. */
  NOT_FOUND,
  /** Anything else: another status, a network failure, a timeout, a write that failed, a URL that is not usable. */
  ERROR,
  /** Started, then cut off by a cancel before it could finish. */
  CANCELLED,
  /** Never started: the job was cancelled while it waited in the queue. */
  SKIPPED;

  /** OK, KEPT or UNCHANGED: the URL's file is in the output dir. */
  public boolean leavesFile() {
    return this == OK || this == KEPT || this == UNCHANGED;
  }
}
