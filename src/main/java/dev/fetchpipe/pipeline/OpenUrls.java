package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's URLs handed out whose result has not come yet, by index: plain data, no actors, generic so that it is tested
 * with plain values. Each is being fetched, or, once its fetcher handed the body to the writer, being written: the
 * status counts the first as in flight (never more than max-in-flight) and the second apart, since the writer sends
 * the result while the fetcher is already on its next URL.
 *
 * <p>A fetcher fetches one URL at a time: when it takes another, any earlier URL of its own still open is being
 * written. That is how a cluster's coordinator, which hears only claims and results, tells the two apart.
 *
 * @param <F> a fetcher
 */
final class OpenUrls<F> {
  private record Open<F>(JobItem item, F fetcher, boolean writing) {}

  private final Map<Integer, Open<F>> open = new HashMap<>();
  /** The URL each fetcher fetches now (its latest), by fetcher. */
  private final Map<F, Integer> fetchingBy = new HashMap<>();

  /** Handed out to {@code fetcher}; in a cluster, {@code fetcher} is null until a node's fetcher claims the URL. */
  void started(JobItem item, F fetcher) {
    open.put(item.index(), new Open<>(item, null, false));
    if (fetcher != null) claimed(item.index(), fetcher);
  }

  /** A fetcher has the URL now: true when it is open (not ended elsewhere, nor skipped by a cancel before it started). */
  boolean claimed(int index, F fetcher) {
    return claimed(index, fetcher, false);
  }

  /**
   * As {@link #claimed(int, Object)}; {@code next}: the fetcher is still on another URL and fetches this one after it
   * (a cluster node claims a fetcher's next URL early), so that one is not with the writer yet. The fetcher counts once
   * in flight either way.
   */
  boolean claimed(int index, F fetcher, boolean next) {
    Open<F> url = open.get(index);
    if (url == null) return false;
    if (url.fetcher() != null) fetchingBy.remove(url.fetcher(), index); // a second claim replaces the first
    Integer before = fetchingBy.put(fetcher, index);
    if (before != null && before != index && !next) bodyReceived(before);
    open.put(index, new Open<>(url.item(), fetcher, false));
    return true;
  }

  /** Its body is with the writer: no longer in flight, its result still to come. */
  void bodyReceived(int index) {
    Open<F> url = open.get(index);
    if (url == null || url.writing()) return;
    open.put(index, new Open<>(url.item(), url.fetcher(), true));
    if (url.fetcher() != null) fetchingBy.remove(url.fetcher(), index);
  }

  /** Its result came, or it ends without one: the URL, or null when it was not open. */
  JobItem ended(int index) {
    Open<F> url = open.remove(index);
    if (url == null) return null;
    if (url.fetcher() != null) fetchingBy.remove(url.fetcher(), index);
    return url.item();
  }

  /** In a cluster, after a cancel: the URLs no fetcher has claimed, which never started, ended here. */
  List<JobItem> endUnclaimed() {
    List<JobItem> unclaimed = new ArrayList<>();
    open.values().removeIf(url -> {
      if (url.fetcher() != null) return false;
      unclaimed.add(url.item());
      return true;
    });
    return unclaimed;
  }

  /** True when the URL is open and its fetcher is still on it (no body with the writer yet). */
  boolean isFetching(int index) {
    Open<F> url = open.get(index);
    return url != null && url.fetcher() != null && !url.writing();
  }

  /** URLs being fetched now. */
  int fetching() {
    return fetchingBy.size();
  }

  /** URLs whose body is with the writer, result still to come. */
  int writing() {
    return (int) open.values().stream().filter(Open::writing).count();
  }

  /** Every URL open, fetched or written. */
  int size() {
    return open.size();
  }

  boolean isEmpty() {
    return open.isEmpty();
  }

  /** The fetchers of the open URLs, each once: those a cancel or an abort reaches. */
  List<F> fetchers() {
    return open.values().stream().map(Open::fetcher).filter(Objects::nonNull).distinct().toList();
  }
}
