package dev.fetchpipe.cluster;

import dev.fetchpipe.report.ItemResult;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * From a job's {@link JobCoordinator} to every node's {@link NodeAgent}: take part in this job. The node reads
 * {@code config} over its own daemon config (so its own fetch.local-address and writer threads apply), and fetches URLs
 * pulled from the work queue registered under {@code workKey} into the job's output dir, which every node must see.
 *
 * @param config           the job's own layer as it was submitted (JSON), with absolute paths
 * @param startedAtEpochMs when the job started, so that every node's timings are on the coordinator's clock
 * @param workKey          the Receptionist key the job's work pulling finds its workers under: unique per run of a job
 * @param coordinator      the job's {@link JobCoordinator}: when it stops (with the job), the job is over for this node
 * @param claims           where a slot claims a URL before it fetches it
 * @param results          where each URL's result goes
 * @param joined           where a node says it has joined, with what can resize it
 */
public record JoinJob(
    String jobId,
    String config,
    long startedAtEpochMs,
    String workKey,
    ActorRef<?> coordinator,
    ActorRef<Claim> claims,
    ActorRef<ItemResult> results,
    ActorRef<Joined> joined) implements ClusterMessage, NodeAgent.Command {

  /** From a node's {@link JobWorker} to the coordinator: this node fetches for the job now, with {@code slots} at once. */
  public record Joined(String node, int slots, ActorRef<JobWorker.Command> worker) implements ClusterMessage {}
}
