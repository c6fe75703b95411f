package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fetchpipe.config.ProgressSettings;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.WriterPool;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Tally;
import java.time.Duration;
import java.util.Locale;

/**
 * A job's STATUS as the API shows it (docs/daemon-api.md): the pipeline's {@link JobStatus}, with the daemon's id,
 * submission time, how many of its writer threads are at work and, once the job has ended, run's exit code and how it
 * ended (DONE, CANCELLED or ABORTED). Before the job's actors start, only the id and the state STARTING are known.
 */
final class StatusJson {
  private StatusJson() {}

  /**
   * A job's STATUS from what its supervisor says, or STARTING while it has said nothing ({@code status} null).
   *
   * @param writers     the job's own writer pool (the daemon registers one per job), or null before its first write:
   *                    the pipeline does not know how many of its threads are at work, the pool does
   * @param cancelGrace the job's cancel.grace, or null when not known
   */
  static ObjectNode of(String id, String submittedAt, JobStatus status, Integer exitCode, WriterPool writers,
      Duration cancelGrace) {
    if (status == null) return starting(id, submittedAt);
    // Once DONE every write has ended (the job waits for its writer's last lines): the pool's count of active threads
    // is approximate and may still show one finishing its bookkeeping.
    int busy = status.state() == JobStatus.State.DONE ? 0 : busyThreads(writers);
    return of(id, submittedAt, status, busy, exitCode, cancelGrace);
  }

  /** The writer threads at work now in the job's pool, or 0 before its first write. */
  static int busyThreads(WriterPool writers) {
    return writers == null ? 0 : writers.busyThreads();
  }

  /** @param writerThreadsBusy the job's writer threads running a task now: the pipeline does not know, its pool does */
  static ObjectNode of(String id, String submittedAt, JobStatus status, int writerThreadsBusy, Integer exitCode) {
    return of(id, submittedAt, status, writerThreadsBusy, exitCode, null);
  }

  /**
   * @param cancelGrace the job's cancel.grace, or null when not known: a client says it when the job is cancelled,
   *                    as run does ("waiting up to 5 s")
   */
  static ObjectNode of(String id, String submittedAt, JobStatus status, int writerThreadsBusy, Integer exitCode,
      Duration cancelGrace) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", id);
    ObjectNode fields = Json.MAPPER.valueToTree(status);
    node.setAll(fields);
    if (status.state() == JobStatus.State.DONE) node.put("state", endState(status));
    if ("FAILED".equals(node.path("state").asText())) node.put("error", status.cancellation().reason());
    node.put("writerThreadsBusy", writerThreadsBusy);
    if (cancelGrace != null) putMillis(node, "cancelGraceMs", cancelGrace);
    if (exitCode == null) node.putNull("exitCode"); else node.put("exitCode", exitCode);
    node.put("submittedAt", submittedAt);
    return node;
  }

  /**
   * How an ended job ended: DONE, all its URLs taken to their end; CANCELLED, a cancel skipped URLs still queued;
   * ABORTED, an abort cut requests off; FAILED, the job could not go on (its output dir is gone). A job listed DONE after a cancel would read as if it had finished its work.
   */
  static String endState(JobStatus status) {
    Cancellation cancel = status.cancellation();
    if (cancel == null) return "DONE";
    if (cancel.source() == CancelSource.OUTPUT_DIR_GONE) return "FAILED";
    if (cancel.abortedAtMs() != null && status.counts().cancelled() > 0) return "ABORTED";
    return status.counts().stopped() > 0 ? "CANCELLED" : "DONE";
  }

  /**
   * A finished job's STATUS with what run's summary shows beyond the counts: {@code renamed} and {@code numbered},
   * {@code failures}, its first failed URLs, and {@code renames}, its first files saved under a numbered name (each at
   * most as many as the summary lists, each as the report's item). A client can then print
   * the summary from the end event alone, without an item event per URL or the whole report.
   */
  static ObjectNode withSummary(ObjectNode status, JobReport report) {
    status.put("renamed", report.renamed());
    ArrayNode failures = status.putArray("failures");
    report.items().stream().filter(Tally::isFailure).limit(JobReport.FAILURES_LISTED)
        .forEach((ItemResult item) -> failures.add(Json.MAPPER.valueToTree(item)));
    status.put("numbered", report.numbered());
    ArrayNode renames = status.putArray("renames");
    report.items().stream().filter(Tally::isNumbered).limit(JobReport.RENAMES_LISTED)
        .forEach((ItemResult item) -> renames.add(Json.MAPPER.valueToTree(item)));
    return status;
  }

  /** A job whose actors have not started yet (it is being prepared). */
  static ObjectNode starting(String id, String submittedAt) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", id);
    node.put("state", "STARTING");
    node.putNull("exitCode");
    node.put("submittedAt", submittedAt);
    return node;
  }

  /** A job that could not start at all (after a restart: its output dir is gone, say): DONE with exit code 2. */
  static ObjectNode failedToStart(String id, String submittedAt, String error) {
    ObjectNode node = starting(id, submittedAt);
    node.put("state", "DONE");
    node.put("exitCode", 2);
    node.put("error", error);
    return node;
  }

  /** A job whose supervisor failed: DONE, with the exit code {@code status} has and why. */
  static ObjectNode supervisorFailed(ObjectNode status) {
    ObjectNode failed = status.deepCopy();
    failed.put("state", "DONE");
    failed.put("error", "the job's supervisor failed; see the daemon's log");
    return failed;
  }

  /** A job that ended but whose end could not be recorded (its output dir not released, say): {@code why} added. */
  static ObjectNode unrecorded(ObjectNode status, String why) {
    ObjectNode withProblem = status.deepCopy();
    withProblem.put("error", "the job ended, but its end could not be recorded: " + why);
    return withProblem;
  }

  /**
   * The 201 for a job just started: its id, its state, where to follow it, and how its progress is to be shown (the
   * job's own settings, merged over the daemon's config): a client that shows it needs no config of its own to know.
   * {@code checking}: answered while it checks the files an earlier run saved (state STARTING), before it runs.
   */
  static ObjectNode created(String id, ProgressSettings progress, boolean checking) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("id", id);
    body.put("state", checking ? "STARTING" : "RUNNING");
    ObjectNode links = body.putObject("links");
    String self = "/api/jobs/" + id;
    links.put("self", self);
    links.put("events", self + "/events");
    links.put("report", self + "/report");
    links.put("timeline", self + "/timeline");
    ObjectNode shown = body.putObject("progress");
    shown.put("style", progress.style().name().toLowerCase(Locale.ROOT));
    putMillis(shown, "spinnerIntervalMs", progress.spinnerInterval());
    putMillis(shown, "plainIntervalMs", progress.plainInterval());
    return body;
  }

  /** Whole milliseconds as a whole number; a finer interval (the config allows 500us) as a fraction. */
  private static void putMillis(ObjectNode node, String name, Duration interval) {
    long nanos = interval.toNanos();
    if (nanos % 1_000_000 == 0) node.put(name, nanos / 1_000_000); else node.put(name, nanos / 1e6);
  }
}
