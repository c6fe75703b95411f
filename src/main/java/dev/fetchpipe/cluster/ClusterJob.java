package dev.fetchpipe.cluster;

/**
 * A daemon job to be spread over the cluster: the supervisor coordinates it and every node fetches part of it.
 *
 * @param jobId  the daemon's id for the job
 * @param config the job's own layer as submitted (JSON, absolute paths): what each node reads over its own config
 */
public record ClusterJob(String jobId, String config) {}
