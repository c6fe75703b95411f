package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;

/**
 * What a running job tells whoever watches it (the daemon's event stream), as it happens: told, never asked, so a
 * slow watcher cannot slow the job. {@link Ended} is the last.
 */
public sealed interface JobEvent {

  /** The job's status, at most every {@link PipelineSupervisor#PROGRESS_EVENT_EVERY} and only when something changed. */
  record Progress(JobStatus status) implements JobEvent {}

  /** One URL's final outcome, every outcome included (KEPT and SKIPPED too): exactly one per URL. */
  record ItemEnded(ItemResult result) implements JobEvent {}

  /** The first cancel: queued URLs are SKIPPED, the {@code inFlight} ones get the grace period. */
  record Cancelling(CancelSource source, String reason, int inFlight) implements JobEvent {}

  /** The URLs still in flight are being cut off (a second cancel, or the grace period ran out). */
  record Aborting(String reason, int inFlight) implements JobEvent {}

  /** The limits changed at {@code atMs} (milliseconds since the job started). */
  record Resized(double atMs, JobLimits limits) implements JobEvent {}

  /** The job is over: its final status (DONE) and its report. */
  record Ended(JobStatus status, JobReport report) implements JobEvent {}
}
