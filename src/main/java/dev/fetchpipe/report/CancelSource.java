package dev.fetchpipe.report;

/** What asked a job to stop early, and the exit status a job so ended gives. */
public enum CancelSource {
  /** Ctrl-C (SIGINT): 128 + 2, as shells report a process ended by SIGINT. */
  INTERRUPT("Ctrl-C", 130),
  /** SIGTERM, e.g. from kill or a service manager: 128 + 15. */
  TERMINATE("SIGTERM", 143),
  /** fetchpipe.cancel.deadline passed. */
  DEADLINE("deadline", 3),
  /** fetchpipe.cancel.max-errors URLs ended in ERROR. */
  MAX_ERRORS("max-errors", 3),
  /** A Cancel message sent by code (tests, a control API). */
  REQUEST("request", 3),
  /** The output dir was removed or moved away while the job ran: the job failed, as when a URL fails. */
  OUTPUT_DIR_GONE("output dir gone", 1);

  private final String label;
  private final int exitCode;

  CancelSource(String label, int exitCode) {
    this.label = label;
    this.exitCode = exitCode;
  }

  /** How the summary names it, e.g. "Ctrl-C". */
  public String label() {
    return label;
  }

  /** The label, and the reason when there is more to say, e.g. "deadline: 2 s passed" or "Ctrl-C". */
  public String describe(String reason) {
    if (reason == null || reason.isBlank()) return label;
    // Its reason says it all: "the output dir /x was removed or moved away while the job ran".
    return this == OUTPUT_DIR_GONE ? reason : label + ": " + reason;
  }

  /** How a summary says the job stopped early: it was cancelled, or (its output dir gone) it failed. */
  public String stoppedWord() {
    return this == OUTPUT_DIR_GONE ? "Failed" : "Cancelled";
  }

  public int exitCode() {
    return exitCode;
  }
}
