package dev.fetchpipe.daemon;

/**
 * A job as the daemon keeps it in its state dir, written before the job's 201 so that a daemon killed mid-job can
 * start it again from its output dir's journal.
 *
 * @param submittedAt when it was first submitted, ISO-8601 (UTC)
 * @param config   the job's own layer, as submitted (JSON): it is layered over the daemon's config again at a restart
 * @param report   where the finished job's report goes, or null
 * @param timeline where the finished job's timeline page goes, or null
 * @param run      what the job keeps of the {@code run} that submitted it and follows it, or null for a job submitted
 *                 otherwise: such a job belongs to its client's connection (aborted when it goes away), and is never
 *                 carried on after a restart (its client is gone then)
 */
public record StoredJob(String id, String submittedAt, String config, String report, String timeline, ClientRun run) {

  /** A job of no {@code run}: submitted over the API and followed, or not, by anyone. */
  public StoredJob(String id, String submittedAt, String config, String report, String timeline) {
    this(id, submittedAt, config, report, timeline, null);
  }

  /**
   * What a job started by {@code run} keeps of its client.
   *
   * @param outputDirAsGiven the output dir as the user wrote it (the job's is absolute), or null when the same: the
   *                         report the client asked for shows its paths so, as run in process writes them
   */
  public record ClientRun(String outputDirAsGiven) {}
}
