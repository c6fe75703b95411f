package dev.fetchpipe.cluster;

/**
 * A daemon job to be spread over the cluster: its supervisor runs it with a {@link ClusterCrew}, whose
 * {@link JobCoordinator} hands its URLs to every node.
 *
 * @param jobId  the daemon's id for the job
 * @param config the job's own layer as submitted (JSON, absolute paths): what each node reads over its own config
 */
public record ClusterJob(String jobId, String config) {}
