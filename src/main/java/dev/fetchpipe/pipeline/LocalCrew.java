package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A job's fetchers in this JVM: children of its supervisor, spawned as URLs need them (at most max-in-flight busy at
 * once, see {@link FetcherPool}) and watched, so that one that fails frees its place.
 *
 * @param <C> the supervisor's protocol, which hears of a fetcher that stopped
 */
final class LocalCrew<C> implements Crew {
  private final ActorContext<C> context;
  private final Supplier<Behavior<Fetcher.Command>> fetcher;
  private final Function<ActorRef<Fetcher.Command>, C> stopped;
  private final FetcherPool<ActorRef<Fetcher.Command>> fetchers;
  private int spawned;

  /**
   * @param fetcher  a new fetcher's behavior
   * @param stopped  the message the supervisor gets when a fetcher stops
   */
  LocalCrew(ActorContext<C> context, int maxInFlight, Supplier<Behavior<Fetcher.Command>> fetcher,
      Function<ActorRef<Fetcher.Command>, C> stopped) {
    this.context = context;
    this.fetcher = fetcher;
    this.stopped = stopped;
    this.fetchers = new FetcherPool<>(maxInFlight);
  }

  @Override
  public boolean hasRoom() {
    return fetchers.hasRoom();
  }

  @Override
  public ActorRef<Fetcher.Command> start(JobItem item) {
    ActorRef<Fetcher.Command> assigned = fetchers.assign(item, this::spawn);
    assigned.tell(new Fetcher.Fetch(item));
    return assigned;
  }

  private ActorRef<Fetcher.Command> spawn() {
    ActorRef<Fetcher.Command> spawnedFetcher = context.spawn(fetcher.get(), "fetcher-" + (++spawned));
    context.watchWith(spawnedFetcher, stopped.apply(spawnedFetcher));
    return spawnedFetcher;
  }

  @Override
  public int busy() {
    return fetchers.busyCount();
  }

  @Override
  public Collection<JobItem> busyItems() {
    return fetchers.busyItems();
  }

  @Override
  public void resize(JobLimits limits) {
    fetchers.setLimit(limits.maxInFlight(), LocalCrew::retire);
  }

  /** The fetcher said it is free: its URL, or null when it was already forgotten; it retires if there are too many. */
  JobItem freed(ActorRef<Fetcher.Command> free) {
    return fetchers.freed(free, LocalCrew::retire);
  }

  /** It stops once its last body is written (a fetcher stopped mid-write would miss the writer's word that it ended). */
  private static void retire(ActorRef<Fetcher.Command> fetcher) {
    fetcher.tell(Fetcher.Retire.INSTANCE);
  }

  /** The fetcher stopped: the URL it was busy with, or null when it was idle or retired. */
  JobItem stopped(ActorRef<Fetcher.Command> gone) {
    return fetchers.stopped(gone);
  }
}
