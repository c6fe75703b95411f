package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import java.util.Collection;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who fetches a job's URLs for its {@link PipelineSupervisor}: fetchers it spawns as its children ({@link LocalCrew}),
 * or workers on every node of a cluster ({@code cluster.ClusterCrew}). The supervisor keeps the queue, the ledger and
 * the URLs awaiting a result; a crew knows only its fetchers.
 */
public interface Crew {

  /** True when one more URL may be handed out now. */
  boolean hasRoom();

  /** Hands the URL out; returns the fetcher that has it, or null when none has claimed it yet (in a cluster). */
  ActorRef<Fetcher.Command> start(JobItem item);

  /** Fetchers at work now. */
  int busy();

  /** The URLs handed out and not finished: what a per-host limit that starts to bind counts. */
  Collection<JobItem> busyItems();

  /** New limits, in effect at once: more fetchers take URLs now; fewer: the extra ones retire when free. */
  void resize(JobLimits limits);
}
