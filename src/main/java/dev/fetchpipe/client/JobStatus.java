package dev.fetchpipe.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.fetchpipe.report.Cancellation;

/**
 * A job as the daemon describes it (GET /api/jobs/{id}, each of GET /api/jobs, and the progress and end events).
 * Fields the daemon adds later are ignored, so an older client still reads a newer daemon.
 *
 * @param state    STARTING (being prepared: only the id is known), RUNNING, DRAINING (cancelled, fetches in flight
 *                 finishing), ABORTING (cut off) or DONE
 * @param settings the limits in force, or null while STARTING
 * @param exitCode run's exit code once DONE, else null
 * @param error    why a job DONE with exit code 2 could not start, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobStatus(
    String id,
    String state,
    String site,
    String outputDir,
    int total,
    int done,
    int ok,
    int kept,
    int notFound,
    int errors,
    int cancelled,
    int skipped,
    int inFlight,
    int queued,
    long bytes,
    double filesPerSecond,
    long elapsedMs,
    Limits settings,
    Cancellation cancellation,
    Integer exitCode,
    String submittedAt,
    String error) {

  public static final String DONE = "DONE";

  /** The limits in force now: those the job started with, or the last resize. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Limits(int maxInFlight, int maxPerHost, int writerThreads) {}

  public boolean ended() {
    return DONE.equals(state);
  }

  /** URLs that ended NOT_FOUND, ERROR or CANCELLED. */
  public int failed() {
    return notFound + errors + cancelled;
  }
}
