package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.report.ItemResult;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * Who fetches a job's URLs for its {@link PipelineSupervisor}: {@link Fetcher}s of this JVM, the supervisor's children
 * ({@link #local()}), or a worker on every node of a cluster (the cluster package's crew, which runs a coordinator of
 * its own beside the supervisor). The supervisor keeps the queue, the ledger and which URLs await a result; a crew
 * knows only its fetchers. It answers the supervisor's calls on the supervisor's own turn, and tells it what happens
 * with the messages below, which mean the same whichever crew sends them.
 */
public interface Crew {

  /** Makes the job's crew as its supervisor starts. */
  interface Factory {
    Crew hire(Job job);

    /**
     * Whether the crew is spread over the nodes of a cluster: then max-in-flight is each node's, and max-per-host
     * holds across them all (see {@code Limits.acrossNodes}).
     */
    default boolean spreadOverNodes() {
      return false;
    }
  }

  /**
   * What a crew may need of its job.
   *
   * @param context  the supervisor's: a crew spawns its fetchers (or its coordinator) as the supervisor's children
   * @param results  where each URL's result goes
   * @param gauges   what the fetchers count as they go: bytes received and still to come, URLs waiting to retry
   * @param limits   the limits the job starts with
   * @param partials bodies an earlier run was cut off in, by the item's index, to continue ({@link Resume#partials})
   * @param revalidate files an earlier run saved, by the item's index, each asked for only if it changed since
   *                   (job.refresh = if-changed, {@link Resume#revalidate})
   * @param cookies  the job's cookie jar in this JVM (a cluster's other nodes each keep their own)
   */
  record Job(ActorContext<PipelineSupervisor.Command> context, FetchpipeSettings settings, ConnectionPoolSettings pool,
      ActorRef<DiskWriter.Command> writer, ActorRef<ItemResult> results, JobClock clock, FetchGauges gauges,
      JobLimits limits, Map<Integer, Resume.Partial> partials, Map<Integer, JournalEntry> revalidate, CookieJar cookies) {}

  /** This JVM's fetchers. */
  static Factory local() {
    return LocalCrew::new;
  }

  /** True when one more URL may be handed out now. */
  boolean hasRoom();

  /**
   * Hands the URL out: returns the fetcher that has it now, or null when a fetcher will ask for it first
   * ({@link MayFetch}).
   */
  ActorRef<Fetcher.Command> start(JobItem item);

  /** New limits, in effect at once: more fetchers take URLs now; fewer: the extra ones retire when free. */
  void resize(JobLimits limits);

  /** {@link Freed} reached the supervisor: the URL whose fetch that ends, or null when the crew had let it go. */
  JobItem freed(Freed freed);

  /**
   * A child of the supervisor that the crew watches stopped: the URLs the crew lost with it (none when it was idle), to
   * be handled as {@link UrlsLost}.
   */
  UrlsLost stopped(ActorRef<Void> child);

  /** Each node's part in the job, for its status; null for a crew that is not spread over nodes. */
  List<JobStatus.NodeShare> shares();

  // --- what a crew tells its supervisor ---------------------------------------------------------------------------

  /** One more URL may be handed out now: a fetcher somewhere has room. */
  enum RoomForMore implements PipelineSupervisor.Command { INSTANCE }

  /**
   * The fetcher is done with the URL, request and all (its result sent, or its body with the writer, which sends it):
   * the URL's host has one fetch less, and the fetcher takes the next.
   */
  record Freed(ActorRef<Fetcher.Command> fetcher, JobItem item) implements PipelineSupervisor.Command {}

  /**
   * These URLs' fetches ended without their fetcher being free: it stopped (it failed, or its node left). Their hosts
   * have room again.
   *
   * @param again whether another fetcher may fetch them while the job runs: yes when the fault was the node's, not the
   *              URL's (it ends CANCELLED after a cancel); no when a fetcher failed on it (it ends an ERROR, with why)
   * @param why   what the report says of a URL that ends here
   */
  record UrlsLost(List<JobItem> items, boolean again, String why) implements PipelineSupervisor.Command {
    public static final UrlsLost NONE = new UrlsLost(List.of(), false, "");

    public UrlsLost {
      items = List.copyOf(items);
    }
  }

  /**
   * May this fetcher fetch the URL it was handed? Yes, unless the URL has ended (another fetcher finished it first) or
   * the job was cancelled before it started (then it ended SKIPPED at the cancel). From then on a cancel reaches it.
   * {@code next}: the fetcher is still on another URL, which it fetches first (that one is not being written).
   */
  record MayFetch(int index, ActorRef<Fetcher.Command> fetcher, boolean next, ActorRef<Answer> replyTo)
      implements PipelineSupervisor.Command {

    /** Asked for a fetcher that has no URL now. */
    public MayFetch(int index, ActorRef<Fetcher.Command> fetcher, ActorRef<Answer> replyTo) {
      this(index, fetcher, false, replyTo);
    }

    public record Answer(int index, ActorRef<Fetcher.Command> fetcher, boolean go) {}
  }
}
