package dev.fetchpipe.daemon;

/**
 * A job as the daemon keeps it in its state dir, written before the job's 201 so that a daemon killed mid-job can
 * start it again from its output dir's journal.
 *
 * @param submittedAt when it was first submitted, ISO-8601 (UTC)
 * @param config   the job's own layer, as submitted (JSON): it is layered over the daemon's config again at a restart
 * @param report   where the finished job's report goes, or null
 * @param timeline where the finished job's timeline page goes, or null
 */
public record StoredJob(String id, String submittedAt, String config, String report, String timeline) {}
