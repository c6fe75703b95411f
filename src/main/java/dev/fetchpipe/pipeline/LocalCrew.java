package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A job's fetchers in this JVM: children of its supervisor, spawned as URLs need them (at most max-in-flight busy at
 * once, see {@link FetcherPool}) and watched, so that one that fails frees its place. A fetcher is busy until it is
 * {@link Crew.Freed free}, not merely until it reported: one that gave up on a request Pekko HTTP still holds stays busy,
 * so requests open in Pekko HTTP's pool never outnumber max-in-flight (but for those finishing after a resize down).
 */
final class LocalCrew implements Crew {
  private final ActorContext<PipelineSupervisor.Command> context;
  private final Supplier<Behavior<Fetcher.Command>> fetcher;
  private final FetcherPool<ActorRef<Fetcher.Command>> fetchers;
  /** Bodies an earlier run kept, by the item's index: each URL's first request asks for the rest. */
  private final Map<Integer, Resume.Partial> partials;
  /** Files an earlier run saved, by the item's index: each URL's requests ask only if its file changed. */
  private final Map<Integer, JournalEntry> revalidate;
  private int spawned;

  LocalCrew(Crew.Job job) {
    this.context = job.context();
    ActorRef<Fetcher.Free> free = context.messageAdapter(Fetcher.Free.class, f -> new Crew.Freed(f.fetcher(), f.item()));
    this.fetcher = () -> Fetcher.create(job.settings(), job.pool(), job.writer(), job.results(), free, job.clock(),
        job.gauges(), job.cookies());
    this.fetchers = new FetcherPool<>(job.limits().maxInFlight());
    this.partials = job.partials();
    this.revalidate = job.revalidate();
  }

  @Override
  public boolean hasRoom() {
    return fetchers.hasRoom();
  }

  @Override
  public ActorRef<Fetcher.Command> start(JobItem item) {
    ActorRef<Fetcher.Command> assigned = fetchers.assign(item, this::spawn);
    assigned.tell(new Fetcher.Fetch(item, partials.get(item.index()), revalidate.get(item.index())));
    return assigned;
  }

  private ActorRef<Fetcher.Command> spawn() {
    ActorRef<Fetcher.Command> spawnedFetcher = context.spawn(fetcher.get(), "fetcher-" + (++spawned));
    context.watch(spawnedFetcher);
    return spawnedFetcher;
  }

  @Override
  public void resize(JobLimits limits) {
    fetchers.setLimit(limits.maxInFlight(), LocalCrew::retire);
  }

  /** Its URL, or null when the fetcher was already forgotten; it retires if there are too many. */
  @Override
  public JobItem freed(Crew.Freed freed) {
    return fetchers.freed(freed.fetcher(), LocalCrew::retire);
  }

  /** It stops once its last body is written (a fetcher stopped mid-write would miss the writer's word that it ended). */
  private static void retire(ActorRef<Fetcher.Command> fetcher) {
    fetcher.tell(Fetcher.Retire.INSTANCE);
  }

  /** A fetcher that stopped while busy failed: its URL ends as an ERROR, if no result came; one that retired was idle. */
  @Override
  public Crew.UrlsLost stopped(ActorRef<Void> child) {
    JobItem item = fetchers.stopped(child.unsafeUpcast());
    return item == null ? Crew.UrlsLost.NONE : new Crew.UrlsLost(List.of(item), false, "fetcher stopped without a result");
  }

  @Override
  public java.util.List<JobStatus.NodeShare> shares() {
    return null;
  }
}
