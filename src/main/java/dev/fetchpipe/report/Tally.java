package dev.fetchpipe.report;

/** Running counts of how URLs ended, kept by a job as results arrive (so a long job need not keep every result). */
public final class Tally {
  private int ok;
  private int kept;
  private int notFound;
  private int errors;
  private int cancelled;
  private int skipped;
  private int renamed;
  private long bytes;

  public static Tally of(Iterable<ItemResult> items) {
    Tally tally = new Tally();
    items.forEach(tally::add);
    return tally;
  }

  public void add(ItemResult item) {
    switch (item.outcome()) {
      case OK -> ok++;
      case KEPT -> kept++;
      case NOT_FOUND -> notFound++;
      case ERROR -> errors++;
      case CANCELLED -> cancelled++;
      case SKIPPED -> skipped++;
    }
    if (item.outcome() == Outcome.OK && item.note() != null) renamed++;
    if (item.outcome() == Outcome.OK) bytes += item.bytes();
  }

  /** URLs that have ended, whichever way. */
  public int done() {
    return ok + kept + notFound + errors + cancelled + skipped;
  }

  public int ok() {
    return ok;
  }

  public int kept() {
    return kept;
  }

  public int notFound() {
    return notFound;
  }

  public int errors() {
    return errors;
  }

  public int cancelled() {
    return cancelled;
  }

  public int skipped() {
    return skipped;
  }

  /** OK URLs saved under a file name that differs from their URL's (each has a note saying why). */
  public int renamed() {
    return renamed;
  }

  /** Bytes saved by this run. */
  public long bytes() {
    return bytes;
  }

  /** The URLs the summary lists one per line: those that ended in a way the user must hear about. */
  public static boolean isFailure(ItemResult item) {
    return item.outcome() == Outcome.NOT_FOUND || item.outcome() == Outcome.ERROR || item.outcome() == Outcome.CANCELLED;
  }
}
