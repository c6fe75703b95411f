package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.FetcherPool;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A node's fetchers for one job and the URLs claimed for them: plain data, no actors, generic so that it is tested with
 * plain values. A fetcher fetches one URL at a time and may have one more claimed after it, so that when it is free it
 * starts its next URL at once instead of waiting for a claim's round trip to the coordinator (on a latency-bound job
 * that wait was most of a node's fetchers' time). Up to max-in-flight fetchers are busy ({@link FetcherPool}): fetching,
 * holding a claimed URL, or waiting for the answer to a claim made for them.
 *
 * <p>A URL is claimed for an idle fetcher first (a new one while fewer than the limit are busy); else for a fetching
 * one with nothing claimed after its URL, while no more than the limit are busy (after a resize down, the extra ones
 * take no next URL and go idle when free).
 *
 * @param <F> a fetcher
 */
final class Lineup<F> {
  /** A claim the coordinator has not answered yet. */
  private record Claiming<F>(F fetcher, JobItem item) {}

  /** What to do on an answer: the fetcher to start on the URL now. */
  record Start<F>(F fetcher, JobItem item) {}

  private final FetcherPool<F> pool;
  private int limit;
  private final Map<Integer, Claiming<F>> claiming = new HashMap<>();
  /** The fetcher of each claim out, each with at most one. */
  private final Set<F> claimOut = new HashSet<>();
  private final Set<F> fetching = new HashSet<>();
  /** URLs claimed with a yes for a fetcher still on its URL: each fetcher's next. */
  private final Map<F, JobItem> next = new HashMap<>();

  /** Free fetchers beyond the limit wait idle (the coordinator watches them: a stop reads as a death). */
  Lineup(int limit) {
    this.pool = FetcherPool.keepingSpares(limit);
    this.limit = limit;
  }

  /**
   * The fetcher to claim {@code item} for, the claim noted as out; null when no fetcher may take it now (it waits for
   * one).
   */
  F claimFor(JobItem item, Supplier<F> spawn) {
    F fetcher = null;
    if (pool.hasRoom()) {
      fetcher = pool.assign(item, spawn);
    } else if (pool.busyCount() <= limit) {
      for (F candidate : fetching) {
        if (!next.containsKey(candidate) && !claimOut.contains(candidate)) {
          fetcher = candidate;
          break;
        }
      }
    }
    if (fetcher == null) return null;
    claiming.put(item.index(), new Claiming<>(fetcher, item));
    claimOut.add(fetcher);
    return fetcher;
  }

  /**
   * The coordinator's answer to the claim of URL {@code index}. A yes for an idle fetcher starts it now (returned); a
   * yes for a fetching one is its next URL; a no leaves an idle fetcher free ({@code retire} has it stop when the
   * node is leaving). Null when nothing starts now, or the claim is not known (its fetcher stopped).
   */
  Start<F> answered(int index, boolean go, Consumer<F> retire) {
    Claiming<F> claim = claiming.remove(index);
    if (claim == null) return null;
    F fetcher = claim.fetcher();
    claimOut.remove(fetcher);
    if (fetching.contains(fetcher)) {
      if (go) next.put(fetcher, claim.item());
      return null;
    }
    if (go) {
      fetching.add(fetcher);
      return new Start<>(fetcher, claim.item());
    }
    pool.freed(fetcher, retire);
    return null;
  }

  /**
   * The fetcher is free of its URL: its next URL, to start now, or null. Without one it goes idle, unless a claim for
   * it is out (it waits for the answer).
   */
  JobItem freed(F fetcher, Consumer<F> retire) {
    if (!fetching.remove(fetcher)) return null;
    JobItem then = next.remove(fetcher);
    if (then != null) {
      fetching.add(fetcher);
      return then;
    }
    if (!claimOut.contains(fetcher)) pool.freed(fetcher, retire);
    return null;
  }

  /** A fetcher stopped: forgotten with its claims (the coordinator, which watches it, hands its URLs out again). */
  void stopped(F fetcher) {
    pool.stopped(fetcher);
    fetching.remove(fetcher);
    next.remove(fetcher);
    if (claimOut.remove(fetcher)) claiming.values().removeIf(claim -> claim.fetcher().equals(fetcher));
  }

  /** A new limit: more fetchers take URLs now; fewer: the extra ones, once free, wait idle. */
  void setLimit(int newLimit, Consumer<F> retire) {
    limit = newLimit;
    pool.setLimit(newLimit, retire);
  }

  /** The node is leaving: no URL is claimed any more; idle fetchers retire now, the others once free. */
  void retireAll(Consumer<F> retire) {
    limit = 0;
    pool.retireAll(retire);
  }

  /** Whether the fetcher is on a URL now: a URL claimed for it is its next. */
  boolean isFetching(F fetcher) {
    return fetching.contains(fetcher);
  }

  /** Fetchers fetching, holding a claimed URL, or waiting for an answer. */
  int busyCount() {
    return pool.busyCount();
  }
}
