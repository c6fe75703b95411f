package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.pipeline.Crew;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A cluster job's crew, as its supervisor sees it: a {@link JobWorker} on every node, fed by Pekko's work pulling and
 * coordinated by a {@link JobCoordinator}, the supervisor's child. This is the supervisor's side of it, called on the
 * supervisor's own turn: it hands URLs to the coordinator when a node has room, passes resizes on, and gives the
 * status each node's part as the coordinator last published it.
 */
public final class ClusterCrew implements Crew {
  private final ActorRef<JobCoordinator.Command> coordinator;
  /** Files an earlier run saved, by the item's index, to ask about (job.refresh = if-changed): sent with each URL. */
  private final Map<Integer, JournalEntry> revalidate;
  /** A node has room for one more URL: set as the coordinator's word reaches the supervisor, cleared by a URL sent. */
  private boolean room;
  /**
   * Each node's part in the job, as the coordinator computed it after its last change: an immutable list, replaced in
   * one write, which the supervisor only reads.
   */
  private volatile List<JobStatus.NodeShare> shares = List.of();

  /** The crew for this job of the daemon, spread over every node of the cluster. */
  public static Crew.Factory of(ClusterJob job) {
    return new Crew.Factory() {
      @Override
      public Crew hire(Crew.Job crewJob) {
        return new ClusterCrew(crewJob, job);
      }

      @Override
      public boolean spreadOverNodes() {
        return true;
      }
    };
  }

  private ClusterCrew(Crew.Job job, ClusterJob clusterJob) {
    var context = job.context();
    this.revalidate = job.revalidate();
    // The adapter runs on the supervisor's turn, so the flag is the supervisor's state like the rest of this object.
    ActorRef<JobCoordinator.Room> rooms = context.messageAdapter(JobCoordinator.Room.class, more -> {
      room = true;
      return Crew.RoomForMore.INSTANCE;
    });
    this.coordinator = context.spawn(JobCoordinator.create(clusterJob, job.clock().startEpochMillis(), context.getSelf(),
        job.results(), rooms, job.limits(), published -> shares = published), "coordinator");
  }

  @Override
  public boolean hasRoom() {
    return room;
  }

  /** Work pulling sends it to a node with room; no fetcher has it until one claims it ({@link Crew.MayFetch}). */
  @Override
  public ActorRef<Fetcher.Command> start(JobItem item) {
    room = false;
    coordinator.tell(new JobCoordinator.Hand(item, revalidate.get(item.index())));
    return null;
  }

  @Override
  public void resize(JobLimits limits) {
    coordinator.tell(new JobCoordinator.Resize(limits));
  }

  /** The coordinator says so once the URL's result came: its fetch is over. */
  @Override
  public JobItem freed(Crew.Freed freed) {
    return freed.item();
  }

  /** The coordinator watches the nodes' fetchers itself, and says which URLs a stopped one lost. */
  @Override
  public Crew.UrlsLost stopped(ActorRef<Void> child) {
    return Crew.UrlsLost.NONE;
  }

  @Override
  public List<JobStatus.NodeShare> shares() {
    return shares;
  }
}
