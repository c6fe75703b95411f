package dev.fetchpipe.report;

/**
 * How many URLs ended each way ({@link Outcome}): the one record of the counts that the status, the events, the
 * report and the summary show. Each record that carries it writes it unwrapped ({@code @JsonUnwrapped}), so the JSON
 * keeps one flat field per outcome, as users' scripts read it.
 */
public record Counts(int ok, int kept, int unchanged, int notFound, int errors, int cancelled, int skipped) {
  /** No URL has ended yet. */
  public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

  /** These counts with one more URL ended as {@code outcome}. */
  public Counts plus(Outcome outcome) {
    return switch (outcome) {
      case OK -> new Counts(ok + 1, kept, unchanged, notFound, errors, cancelled, skipped);
      case KEPT -> new Counts(ok, kept + 1, unchanged, notFound, errors, cancelled, skipped);
      case UNCHANGED -> new Counts(ok, kept, unchanged + 1, notFound, errors, cancelled, skipped);
      case NOT_FOUND -> new Counts(ok, kept, unchanged, notFound + 1, errors, cancelled, skipped);
      case ERROR -> new Counts(ok, kept, unchanged, notFound, errors + 1, cancelled, skipped);
      case CANCELLED -> new Counts(ok, kept, unchanged, notFound, errors, cancelled + 1, skipped);
      case SKIPPED -> new Counts(ok, kept, unchanged, notFound, errors, cancelled, skipped + 1);
    };
  }

  /** How many URLs ended as {@code outcome}. */
  public int of(Outcome outcome) {
    return switch (outcome) {
      case OK -> ok;
      case KEPT -> kept;
      case UNCHANGED -> unchanged;
      case NOT_FOUND -> notFound;
      case ERROR -> errors;
      case CANCELLED -> cancelled;
      case SKIPPED -> skipped;
    };
  }

  /** URLs that have ended, whichever way. */
  public int done() {
    return ok + kept + unchanged + notFound + errors + cancelled + skipped;
  }

  /** OK, KEPT or UNCHANGED: the URLs whose file is there (the progress line's "saved"). */
  public int saved() {
    return ok + kept + unchanged;
  }

  /** NOT_FOUND, ERROR or CANCELLED: the URLs the summary lists one per line (the progress line's "failed"). */
  public int failed() {
    return notFound + errors + cancelled;
  }

  /** CANCELLED or SKIPPED: the URLs a cancel cut off or kept from starting. */
  public int stopped() {
    return cancelled + skipped;
  }
}
