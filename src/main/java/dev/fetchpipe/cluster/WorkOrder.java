package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;

/** One URL of a job, as work pulling hands it to a {@link JobWorker} on some node: fetch it into its file. */
public record WorkOrder(JobItem item) implements ClusterMessage {}
