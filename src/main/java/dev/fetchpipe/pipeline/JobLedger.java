package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.LimitChange;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Tally;
import dev.fetchpipe.report.Timings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a job has to show for itself so far, kept by its supervisor: how its URLs ended (counts, and every result when
 * allItems, else the first failures, so a long job's memory stays flat) and what a cancel did. Builds the job's
 * status and its report, at any moment. Plain data, no actors.
 */
final class JobLedger {
  private final String site;
  private final String outputDir;
  private final int total;
  private final int concurrency;
  private final boolean allItems;
  /** fetch.tls.insecure: the report says so, as no certificate was checked. */
  private final boolean tlsInsecure;
  private final Tally tally = new Tally();
  private final List<ItemResult> listed = new ArrayList<>();
  private final Renames renames;

  private CancelSource cancelSource;
  private String cancelReason;
  private double cancelledAtMs;
  private int inFlightAtCancel;
  private int finishedAfterCancel;
  private Double abortedAtMs;
  private Double lastStoppedMs;

  /** @param concurrency what the report calls the job's concurrency: the most in flight it started with */
  JobLedger(String site, String outputDir, int total, int concurrency, boolean allItems) {
    this(site, outputDir, total, concurrency, allItems, false);
  }

  /** @param tlsInsecure the job runs with fetch.tls.insecure on */
  JobLedger(String site, String outputDir, int total, int concurrency, boolean allItems, boolean tlsInsecure) {
    this.tlsInsecure = tlsInsecure;
    this.site = site;
    this.outputDir = outputDir;
    this.total = total;
    this.concurrency = concurrency;
    this.allItems = allItems;
    this.renames = new Renames(total);
  }

  /** A URL an earlier run completed, as its journal line says: KEPT, not fetched. */
  static ItemResult kept(int index, JournalEntry entry, Path outputDir, double atMs) {
    return new ItemResult(index, entry.url(), Outcome.KEPT, null, entry.bytes(), entry.sha256(),
        outputDir.resolve(entry.savedFile()).toString(), null, null,
        new Timings(JobClock.QUEUED_MS, null, null, null, atMs), List.of(), "already complete from an earlier run");
  }

  /** A URL that never started: the job was cancelled first. */
  static ItemResult skipped(JobItem item, double atMs) {
    return ended(item, Outcome.SKIPPED, "never started: the job was cancelled", atMs);
  }

  /** A URL that ended without a fetch: unusable (ERROR), SKIPPED by a cancel, or its fetcher gone. */
  static ItemResult ended(JobItem item, Outcome outcome, String why, double atMs) {
    return new ItemResult(item.index(), item.url(), outcome, null, 0, null, null, why, null,
        new Timings(JobClock.QUEUED_MS, null, null, null, atMs), List.of(), item.nameNote()).withRenamed(item.renamed());
  }

  /** One URL ended; {@code afterCancel} when the job was cancelled before, so a finish counts as one after it. */
  void add(ItemResult result, boolean afterCancel) {
    tally.add(result);
    renames.add(result);
    if (allItems || (Tally.isFailure(result) && listed.size() < JobReport.FAILURES_LISTED)) listed.add(result);
    if (afterCancel && result.outcome() != Outcome.CANCELLED && result.outcome() != Outcome.SKIPPED) {
      finishedAfterCancel++;
    }
  }

  /** Every URL has ended. */
  boolean allDone() {
    return tally.counts().done() == total;
  }

  int done() {
    return tally.counts().done();
  }

  int errors() {
    return tally.counts().errors();
  }

  long bytes() {
    return tally.bytes();
  }

  /** The first cancel, with {@code inFlight} URLs in flight. */
  void cancelled(CancelSource source, String reason, double atMs, int inFlight) {
    cancelSource = source;
    cancelReason = reason;
    cancelledAtMs = atMs;
    inFlightAtCancel = inFlight;
  }

  void aborted(double atMs) {
    abortedAtMs = atMs;
  }

  /** The last busy fetcher of a cancelled job let go. */
  void lastStopped(double atMs) {
    lastStoppedMs = atMs;
  }

  /** What the cancel did so far, or null when there was none. */
  Cancellation cancellation() {
    return cancelSource == null ? null : new Cancellation(cancelSource, cancelReason, cancelledAtMs, inFlightAtCancel,
        finishedAfterCancel, abortedAtMs, lastStoppedMs);
  }

  /** @param phase RUNNING, DRAINING or ABORTING: what the job does; DONE is shown once every URL has ended */
  JobStatus status(JobStatus.State phase, int inFlight, int writing, long elapsedMs, JobLimits limits) {
    return JobStatus.of(allDone() ? JobStatus.State.DONE : phase, site, outputDir, total, tally, inFlight, writing,
        elapsedMs, limits, cancellation());
  }

  /**
   * The report as far as the job got; once every URL has ended, the job's report. Results in the job's order; without
   * allItems, the first failures and then the first files saved under a numbered name. A numbered name says how the
   * URL that had its name ended, if it saved nothing.
   */
  JobReport report(long elapsedMs, List<LimitChange> limitChanges) {
    List<ItemResult> items = new ArrayList<>(listed.size());
    if (allItems) {
      listed.forEach(result -> items.add(renames.resolved(result)));
      items.sort(Comparator.comparingInt(ItemResult::index));
    } else {
      items.addAll(listed);
      items.addAll(renames.listed());
    }
    return JobReport.of(site, total, concurrency, elapsedMs, cancellation(), limitChanges, tally, items, allItems)
        .withTlsInsecure(tlsInsecure);
  }
}
