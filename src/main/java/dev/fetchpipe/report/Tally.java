package dev.fetchpipe.report;

/** Running counts of how URLs ended, kept by a job as results arrive (so a long job need not keep every result). */
public final class Tally {
  private Counts counts = Counts.NONE;
  private int renamed;
  private int numbered;
  private long bytes;

  public static Tally of(Iterable<ItemResult> items) {
    Tally tally = new Tally();
    items.forEach(tally::add);
    return tally;
  }

  public void add(ItemResult item) {
    counts = counts.plus(item.outcome());
    if (item.outcome() == Outcome.OK && item.note() != null) renamed++;
    if (isNumbered(item)) numbered++;
    if (item.outcome() == Outcome.OK) bytes += item.bytes();
  }

  /** How many URLs ended each way so far. */
  public Counts counts() {
    return counts;
  }

  /** OK URLs saved under a file name that differs from their URL's (each has a note saying why). */
  public int renamed() {
    return renamed;
  }

  /** OK URLs saved under a numbered name ("a-2.bin") because an earlier URL of the job was given theirs. */
  public int numbered() {
    return numbered;
  }

  /** Bytes saved by this run. */
  public long bytes() {
    return bytes;
  }

  /** A file saved under a numbered name ("a-2.bin"): the summary lists the first few, saying why. */
  public static boolean isNumbered(ItemResult item) {
    return item.outcome() == Outcome.OK && item.renamed() != null;
  }

  /** The URLs the summary lists one per line: those that ended in a way the user must hear about. */
  public static boolean isFailure(ItemResult item) {
    return item.outcome() == Outcome.NOT_FOUND || item.outcome() == Outcome.ERROR || item.outcome() == Outcome.CANCELLED;
  }
}
