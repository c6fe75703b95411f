package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;

/**
 * One URL of a job, as work pulling hands it to a {@link JobWorker} on some node: fetch it into its file. {@code saved}:
 * the journal line of the file an earlier run saved for it, asked for only if it changed since (job.refresh =
 * if-changed), or null.
 */
public record WorkOrder(JobItem item, JournalEntry saved) implements ClusterMessage {}
