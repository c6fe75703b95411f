package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A job's fetchers, busy and idle, and how many may be busy at once (max-in-flight): plain data, no actors, generic
 * so that it is tested with plain values. A URL goes to an idle fetcher before a new one is made. A fetcher stays
 * busy until it is free, not merely until it reported: busy fetchers bound the requests open in Pekko HTTP's pool.
 * The supervisor's crew keeps one, and so does a cluster node's worker for its part of a job.
 *
 * <p>The limit can change. Up: more URLs are handed out at once. Down: idle fetchers beyond it retire at once and
 * busy ones when they are next free; none is cut off, so for a while more may be busy than the limit. A pool that
 * {@link #keepingSpares keeps spares} lets free fetchers beyond the limit wait idle instead, until
 * {@link #retireAll}.
 */
public final class FetcherPool<F> {
  private final Map<F, JobItem> busy = new HashMap<>();
  private final Deque<F> idle = new ArrayDeque<>();
  private int limit;
  private boolean keepSpares;

  public FetcherPool(int limit) {
    this.limit = limit;
  }

  /**
   * A pool whose free fetchers beyond the limit wait idle rather than retire: on a cluster's node, where the job's
   * coordinator watches every fetcher that claimed a URL, a fetcher that stopped would read as one that died.
   */
  public static <F> FetcherPool<F> keepingSpares(int limit) {
    FetcherPool<F> pool = new FetcherPool<>(limit);
    pool.keepSpares = true;
    return pool;
  }

  /** True when one more URL may start now. */
  public boolean hasRoom() {
    return busy.size() < limit;
  }

  /** Hands {@code item} to an idle fetcher, or to a new one from {@code spawn}; returns that fetcher. */
  public F assign(JobItem item, Supplier<F> spawn) {
    F fetcher = idle.isEmpty() ? spawn.get() : idle.pop();
    busy.put(fetcher, item);
    return fetcher;
  }

  /**
   * A fetcher is done with its URL, request and all. It goes idle, or, when more fetchers are alive than the limit (and
   * spares are not kept), retires ({@code retire} has it stop). Returns its URL, or null when it was not busy (nothing
   * changes then).
   */
  public JobItem freed(F fetcher, Consumer<F> retire) {
    JobItem item = busy.remove(fetcher);
    if (item == null) return null;
    if (!keepSpares && alive() + 1 > limit) {
      retire.accept(fetcher);
    } else {
      idle.push(fetcher);
    }
    return item;
  }

  /** A fetcher stopped (it failed, or retired): forgotten. Returns the URL it was busy with, or null. */
  public JobItem stopped(F fetcher) {
    idle.remove(fetcher);
    return busy.remove(fetcher);
  }

  /** A new limit: idle fetchers beyond it retire now ({@code retire} has each stop), busy ones once free. */
  public void setLimit(int newLimit, Consumer<F> retire) {
    limit = newLimit;
    if (keepSpares) return;
    while (alive() > limit && !idle.isEmpty()) retire.accept(idle.removeLast());
  }

  /** No more URLs: idle fetchers retire now, busy ones once free, spares or not. */
  public void retireAll(Consumer<F> retire) {
    keepSpares = false;
    setLimit(0, retire);
  }

  public int busyCount() {
    return busy.size();
  }

  public int idleCount() {
    return idle.size();
  }

  /** The URLs of busy fetchers: every URL handed out and not yet freed. */
  public Collection<JobItem> busyItems() {
    return List.copyOf(busy.values());
  }

  private int alive() {
    return busy.size() + idle.size();
  }
}
