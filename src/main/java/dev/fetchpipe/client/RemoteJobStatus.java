package dev.fetchpipe.client;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.Counts;

/**
 * A job as the daemon describes it (GET /api/jobs/{id}, each of GET /api/jobs, and the progress and end events).
 * Fields the daemon adds later are ignored, so an older client still reads a newer daemon.
 *
 * @param state    STARTING (being prepared: only the id is known), RUNNING, DRAINING (cancelled, fetches in flight
 *                 finishing), ABORTING (cut off), or once ended DONE, CANCELLED (queued URLs skipped) or ABORTED
 *                 (requests cut off)
 * @param counts   how many URLs ended each way (flat fields in the daemon's JSON)
 * @param limits   the limits in force (what a resize changes), or null while STARTING
 * @param exitCode run's exit code once DONE, else null
 * @param error    why a job DONE with exit code 2 could not start, or null
 * @param reportError   why the report the submitter asked for could not be written, or null
 * @param timelineError why the timeline page the submitter asked for could not be written, or null
 * @param cancelGraceMs the job's cancel.grace, or null from a daemon that does not say
 * @param nodes    in a cluster, how many nodes fetch for the job (max-in-flight is each one's); null outside one
 * @param waitingToRetry URLs waiting to be tried again (not in flight)
 * @param msLeft   the job's estimate of the time left, or null when it has none
 */
public record RemoteJobStatus(
    String id,
    String state,
    String site,
    String outputDir,
    int total,
    int done,
    Counts counts,
    int inFlight,
    int queued,
    long bytes,
    double filesPerSecond,
    long elapsedMs,
    Limits limits,
    Cancellation cancellation,
    Integer exitCode,
    String submittedAt,
    String error,
    String reportError,
    String timelineError,
    Double cancelGraceMs,
    Integer nodes,
    int waitingToRetry,
    Long msLeft) {

  public static final String DONE = "DONE";
  /** The states of a job that has ended: DONE, cut short by a cancel (CANCELLED) or an abort (ABORTED), or FAILED. */
  private static final java.util.Set<String> ENDED = java.util.Set.of(DONE, "CANCELLED", "ABORTED", "FAILED");

  /**
   * The limits in force now: those the job started with, or the last resize. The per-host pace: least milliseconds
   * between two request starts to one host, most requests a second to one host (0: none).
   */
  public record Limits(int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
      long maxBytesPerSecondPerUrl, long perHostDelayMs, double perHostRate) {

    /** Limits with no byte rates and no pace. */
    public Limits(int maxInFlight, int maxPerHost, int writerThreads) {
      this(maxInFlight, maxPerHost, writerThreads, 0, 0);
    }

    /** Limits with no pace. */
    public Limits(int maxInFlight, int maxPerHost, int writerThreads, long maxBytesPerSecond,
        long maxBytesPerSecondPerUrl) {
      this(maxInFlight, maxPerHost, writerThreads, maxBytesPerSecond, maxBytesPerSecondPerUrl, 0, 0);
    }

    static Limits from(JsonFields json) {
      return json == null ? null
          : new Limits(json.integer("maxInFlight"), json.integer("maxPerHost"), json.integer("writerThreads"),
              json.longNumber("maxBytesPerSecond"), json.longNumber("maxBytesPerSecondPerUrl"),
              json.longNumber("perHostDelayMs"), json.number("perHostRate"));
    }
  }

  /** A STATUS as the daemon sends it. */
  static RemoteJobStatus from(JsonFields json) {
    return new RemoteJobStatus(json.text("id"), json.text("state"), json.text("site"), json.text("outputDir"),
        json.integer("total"), json.integer("done"), counts(json), json.integer("inFlight"),
        json.integer("queued"), json.longNumber("bytes"), json.number("filesPerSecond"), json.longNumber("elapsedMs"),
        Limits.from(json.object("limits")), cancellation(json.object("cancellation")), json.integerOrNull("exitCode"),
        json.text("submittedAt"), json.text("error"), json.text("reportError"), json.text("timelineError"),
        json.numberOrNull("cancelGraceMs"), json.objects("nodes") == null ? null : json.objects("nodes").size(),
        json.integer("waitingToRetry"), json.numberOrNull("msLeft") == null ? null : Math.round(json.numberOrNull("msLeft")));
  }

  private static Counts counts(JsonFields json) {
    return new Counts(json.integer("ok"), json.integer("kept"), json.integer("unchanged"), json.integer("notFound"), json.integer("errors"),
        json.integer("cancelled"), json.integer("skipped"));
  }

  private static Cancellation cancellation(JsonFields json) {
    return json == null ? null
        : new Cancellation(json.constant("source", CancelSource.class), json.text("reason"), json.number("atMs"),
            json.integer("inFlight"), json.integer("finishedAfterCancel"), json.numberOrNull("abortedAtMs"),
            json.numberOrNull("lastStoppedMs"));
  }

  public boolean ended() {
    return ENDED.contains(state);
  }
}
