package dev.fetchpipe.cluster;

import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Whether a {@link JoinJob} is one a {@link JobCoordinator} sent: belt and braces behind the cluster's mutually
 * authenticated TLS, so that a member that is not a daemon's coordinator (a rogue JVM holding the cluster's keys, or a
 * broken one) cannot have a node join a job of its making. A coordinator's JoinJob names the coordinator and three of
 * its own message adapters (children of the coordinator: where claims, results and joins go), a job id that can name
 * actors, and the work key the coordinator derives from the id and start time; anything else is refused.
 */
final class JoinCheck {
  private static final String ID = "[A-Za-z0-9_-]{1,64}";

  private JoinCheck() {}

  /** The key of one run of a job that its work pulling and workers meet under. */
  static String workKey(String jobId, long startedAtEpochMs) {
    return "fetchpipe-job-" + jobId + "-" + startedAtEpochMs;
  }

  /** Why this JoinJob is not a coordinator's, in plain words, or null when it is. */
  static String refusal(JoinJob join) {
    if (join.jobId() == null || !join.jobId().matches(ID)) return "its job id is not one a daemon makes";
    if (join.coordinator() == null || join.claims() == null || join.results() == null || join.joined() == null) {
      return "it does not name its coordinator and where claims, results and joins go";
    }
    if (!workKey(join.jobId(), join.startedAtEpochMs()).equals(join.workKey())) {
      return "its work key is not the one its coordinator derives from the job";
    }
    ActorPath coordinator = join.coordinator().path();
    for (ActorRef<?> reply : new ActorRef<?>[] {join.claims(), join.results(), join.joined()}) {
      if (!reply.path().parent().equals(coordinator)) {
        return "its claims, results or joins do not go to its coordinator";
      }
    }
    if (join.config() == null) return "it has no job config";
    return null;
  }
}
