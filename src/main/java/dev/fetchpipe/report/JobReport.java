package dev.fetchpipe.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * What a finished job did: the counts the summary prints and the results of its URLs, in the job's order.
 *
 * @param site         what the job fetched from
 * @param urls         how many URLs the job had
 * @param concurrency  how many requests could be in flight at once
 * @param counts       how many URLs ended each way (flat in the JSON)
 * @param renamed      OK URLs saved under a file name that differs from their URL's
 * @param numbered     of those, the ones numbered ("a-2.bin") because an earlier URL of the job was given their name
 * @param cancellation what a cancel did, or null when the job ran to its end
 * @param limitChanges every resize of the running job, in order; empty when it kept the limits it started with
 * @param tlsInsecure  the job ran with fetch.tls.insecure: no server certificate was checked, so what it saved may
 *                     come from any server that answered
 * @param hostPauses   the hosts paused as the job ran (a 429, or 503 with Retry-After), the first
 *                     {@code HostGate.PAUSES_KEPT} of them; {@code hostPausesSeen} counts them all
 * @param items        one result per URL when {@code allItems}; else only the first failures and the first files
 *                     saved under a numbered name (a job that was asked for no report keeps no more, so its memory
 *                     does not grow with its length)
 */
public record JobReport(
    String site,
    int urls,
    int concurrency,
    @JsonUnwrapped Counts counts,
    int renamed,
    int numbered,
    long elapsedMs,
    Cancellation cancellation,
    List<LimitChange> limitChanges,
    boolean tlsInsecure,
    List<ItemResult> items,
    boolean allItems,
    List<HostPause> hostPauses,
    int hostPausesSeen) {

  public JobReport {
    hostPauses = hostPauses == null ? List.of() : List.copyOf(hostPauses);
  }

  /**
   * The failed URLs a summary lists one per line (the rest are counted): all that a report without every item keeps of
   * them, and what a daemon's end event carries.
   */
  public static final int FAILURES_LISTED = 10;

  /** The files saved under a numbered name that a summary lists one per line, saying why (the rest are counted). */
  public static final int RENAMES_LISTED = 10;

  /** A report of every URL's result. */
  public static JobReport of(String site, int concurrency, long elapsedMs, Cancellation cancellation, List<ItemResult> items) {
    return of(site, items.size(), concurrency, elapsedMs, cancellation, Tally.of(items), items, true);
  }

  /** A report from counts kept as the job ran, with every result ({@code allItems}) or only some. */
  public static JobReport of(String site, int urls, int concurrency, long elapsedMs, Cancellation cancellation,
      Tally tally, List<ItemResult> items, boolean allItems) {
    return of(site, urls, concurrency, elapsedMs, cancellation, List.of(), tally, items, allItems);
  }

  /** The same, for a job that was resized as it ran. */
  public static JobReport of(String site, int urls, int concurrency, long elapsedMs, Cancellation cancellation,
      List<LimitChange> limitChanges, Tally tally, List<ItemResult> items, boolean allItems) {
    return new JobReport(site, urls, concurrency, tally.counts(), tally.renamed(), tally.numbered(), elapsedMs, cancellation,
        List.copyOf(limitChanges), false, List.copyOf(items), allItems, List.of(), 0);
  }

  /**
   * 0 when every URL is OK or KEPT; the cancel's own status (130 Ctrl-C, 143 SIGTERM, 3 otherwise) when a cancel cut
   * off or skipped any URL; else 1.
   */
  public int exitCode() {
    if (cancellation != null && counts.stopped() > 0) return cancellation.source().exitCode();
    return counts.saved() == urls ? 0 : 1;
  }

  /** The same report with other items (the same URLs, shown otherwise). */
  public JobReport withItems(List<ItemResult> other) {
    return new JobReport(site, urls, concurrency, counts, renamed, numbered, elapsedMs, cancellation, limitChanges, tlsInsecure,
        List.copyOf(other), allItems, hostPauses, hostPausesSeen);
  }

  /** The same report of a job that ran with fetch.tls.insecure on ({@code insecure}) or not. */
  public JobReport withTlsInsecure(boolean insecure) {
    return new JobReport(site, urls, concurrency, counts, renamed, numbered, elapsedMs, cancellation, limitChanges, insecure,
        items, allItems, hostPauses, hostPausesSeen);
  }

  /** The same report with the hosts paused as the job ran: the first {@code paused}, of {@code seen} in all. */
  public JobReport withHostPauses(List<HostPause> paused, int seen) {
    return new JobReport(site, urls, concurrency, counts, renamed, numbered, elapsedMs, cancellation, limitChanges, tlsInsecure,
        items, allItems, paused, seen);
  }
}
