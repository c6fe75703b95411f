package dev.fetchpipe.cli;

/** What fetchpipe's exit status means; the README's table lists the same. */
final class ExitCodes {
  /** Every URL was downloaded. */
  static final int OK = 0;
  /** The job ran, but some URL ended NOT_FOUND or ERROR (or fetchpipe itself failed). */
  static final int SOME_FAILED = 1;
  /** Bad usage or configuration: nothing was fetched. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
