package dev.fetchpipe.report;

import java.util.List;

/**
 * What a finished job did: the counts the summary prints and one result per URL, in the job's order.
 *
 * @param site         what the job fetched from
 * @param urls         how many URLs the job had
 * @param concurrency  how many requests could be in flight at once
 * @param cancellation what a cancel did, or null when the job ran to its end
 */
public record JobReport(
    String site,
    int urls,
    int concurrency,
    int ok,
    int kept,
    int notFound,
    int errors,
    int cancelled,
    int skipped,
    long elapsedMs,
    Cancellation cancellation,
    List<ItemResult> items) {

  public static JobReport of(String site, int concurrency, long elapsedMs, Cancellation cancellation, List<ItemResult> items) {
    return new JobReport(site, items.size(), concurrency,
        count(items, Outcome.OK), count(items, Outcome.KEPT), count(items, Outcome.NOT_FOUND), count(items, Outcome.ERROR),
        count(items, Outcome.CANCELLED), count(items, Outcome.SKIPPED), elapsedMs, cancellation, List.copyOf(items));
  }

  /**
   * 0 when every URL is OK or KEPT; the cancel's own status (130 Ctrl-C, 143 SIGTERM, 3 otherwise) when a cancel cut off or
   * skipped any URL; else 1.
   */
  public int exitCode() {
    if (cancellation != null && cancelled + skipped > 0) return cancellation.source().exitCode();
    return ok + kept == urls ? 0 : 1;
  }

  private static int count(List<ItemResult> items, Outcome outcome) {
    return (int) items.stream().filter(item -> item.outcome() == outcome).count();
  }
}
