package dev.fetchpipe.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.Tally;
import dev.fetchpipe.report.TimeLeft;
import java.util.List;

/**
 * A job as it is now: what the daemon shows for a job (it adds its id, exit code and submission time) and what each
 * {@link JobEvent.Progress} carries. Plain data, serializable by Jackson as it is.
 *
 * @param state          RUNNING, DRAINING (cancelled, fetches in flight finishing), ABORTING (cut off) or DONE
 * @param site           what the job fetches from
 * @param outputDir      where its files go, as configured
 * @param total          URLs in the job
 * @param counts         how many URLs ended each way (flat in the JSON, after {@code done}: URLs that have ended)
 * @param inFlight       URLs being fetched now (never more than max-in-flight, but for a while after a resize down)
 * @param waitingToRetry URLs whose fetcher waits to try them again (a backoff, or the server's Retry-After)
 * @param writing        URLs fetched whose file the writer is putting in place (their fetchers are on to the next)
 * @param queued         URLs not started yet: total - done - inFlight - writing
 * @param bytes          bytes saved so far
 * @param filesPerSecond OK files per second since the job started
 * @param elapsedMs      since the job started
 * @param msLeft         the estimate of the time left ({@link TimeLeft}); null when there is none (not running, no
 *                       pace yet)
 * @param limits         the limits in effect
 * @param cancellation   what a cancel did so far, or null when none came
 * @param nodes          in a cluster, each node's part in the job; null outside a cluster (then left out of the JSON)
 * @param hostPauses     the hosts paused now (a 429, or 503 with Retry-After), the one that ends first first
 */
@JsonPropertyOrder({"state", "site", "outputDir", "total", "done", "counts"})
public record JobStatus(
    State state,
    String site,
    String outputDir,
    int total,
    @JsonUnwrapped Counts counts,
    int inFlight,
    int waitingToRetry,
    int writing,
    int queued,
    long bytes,
    double filesPerSecond,
    long elapsedMs,
    Long msLeft,
    JobLimits limits,
    Cancellation cancellation,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<NodeShare> nodes,
    List<HostPause> hostPauses) {

  public JobStatus {
    hostPauses = hostPauses == null ? List.of() : List.copyOf(hostPauses);
  }

  /** A job's status outside a cluster. */
  public JobStatus(State state, String site, String outputDir, int total, Counts counts, int inFlight, int writing,
      int queued, long bytes, double filesPerSecond, long elapsedMs, JobLimits limits, Cancellation cancellation) {
    this(state, site, outputDir, total, counts, inFlight, 0, writing, queued, bytes, filesPerSecond, elapsedMs, null,
        limits, cancellation, null, List.of());
  }

  /** URLs that have ended, whichever way. */
  @JsonProperty("done")
  public int done() {
    return counts.done();
  }

  /**
   * One node's part in a cluster job.
   *
   * @param slots    URLs it fetches at once for the job
   * @param inFlight URLs it fetches now (not counting those its writer is putting in place)
   * @param done     URLs it finished (whichever way)
   */
  public record NodeShare(String node, int slots, int inFlight, int done) {}

  /** This status with each node's part in the job. */
  public JobStatus withNodes(List<NodeShare> shares) {
    return new JobStatus(state, site, outputDir, total, counts, inFlight, waitingToRetry, writing, queued, bytes,
        filesPerSecond, elapsedMs, msLeft, limits, cancellation, List.copyOf(shares), hostPauses);
  }

  /**
   * This status with {@code waiting} of the URLs its fetchers hold waiting to retry (no longer counted in flight) and
   * the estimate of the time left.
   */
  public JobStatus withWaitingAndTimeLeft(int waiting, Long left) {
    int retrying = Math.max(0, Math.min(waiting, inFlight));
    return new JobStatus(state, site, outputDir, total, counts, inFlight - retrying, retrying, writing, queued, bytes,
        filesPerSecond, elapsedMs, left, limits, cancellation, nodes, hostPauses);
  }

  /** This status with the hosts paused now. */
  public JobStatus withHostPauses(List<HostPause> paused) {
    return new JobStatus(state, site, outputDir, total, counts, inFlight, waitingToRetry, writing, queued, bytes,
        filesPerSecond, elapsedMs, msLeft, limits, cancellation, nodes, paused);
  }

  /** Where a job is in its life. */
  public enum State { RUNNING, DRAINING, ABORTING, DONE }

  /** The status from the job's running counts. */
  public static JobStatus of(State state, String site, String outputDir, int total, Tally tally, int inFlight,
      int writing, long elapsedMs, JobLimits limits, Cancellation cancellation) {
    Counts counts = tally.counts();
    double perSecond = elapsedMs <= 0 ? 0 : counts.ok() * 1000.0 / elapsedMs;
    int queued = total - counts.done() - inFlight - writing;
    return new JobStatus(state, site, outputDir, total, counts, inFlight, writing, queued, tally.bytes(), perSecond, elapsedMs, limits, cancellation);
  }
}
