package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobStart;
import java.time.Duration;

/**
 * What a running job tells whoever watches it (the daemon's job, run's console, run's metrics), as it happens: told,
 * never asked, so a slow watcher cannot slow the job. {@link Started} is the first, {@link Ended} the last.
 */
public sealed interface JobEvent {

  /** The job has started: what its header shows. */
  record Started(JobStart job) implements JobEvent {}

  /**
   * The job's status, at each watcher's pace (see {@link Watcher.Pace}).
   *
   * @param received body bytes received so far, those of bodies still arriving included (the status counts saved ones)
   */
  record Progress(JobStatus status, long received) implements JobEvent {}

  /** One URL's final outcome, every outcome included (KEPT and SKIPPED too): exactly one per URL. */
  record ItemEnded(ItemResult result) implements JobEvent {}

  /** The first cancel: queued URLs are SKIPPED, the {@code inFlight} ones get the {@code grace} period. */
  record Cancelling(CancelSource source, String reason, int inFlight, Duration grace) implements JobEvent {}

  /** The URLs still in flight are being cut off (a second cancel, or the grace period ran out). */
  record Aborting(String reason, int inFlight) implements JobEvent {}

  /** The limits changed at {@code atMs} (milliseconds since the job started). */
  record Resized(double atMs, JobLimits limits) implements JobEvent {}

  /** A host answered 429 (or 503 with Retry-After): none of its URLs starts until the pause ends. */
  record HostPaused(HostPause pause) implements JobEvent {}

  /**
   * A host's robots.txt could not be read (every URL of the host is then allowed), was larger than what is read of it,
   * or asked a Crawl-delay longer than the job holds to; at {@code atMs} (milliseconds since the job started).
   */
  record RobotsWarning(double atMs, String host, String warning) implements JobEvent {}

  /** The job is over: its final status (DONE) and its report. */
  record Ended(JobStatus status, JobReport report) implements JobEvent {}
}
