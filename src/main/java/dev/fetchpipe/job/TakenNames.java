package dev.fetchpipe.job;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * For job.names = content-disposition: which names a server's Content-Disposition may still have. Every URL's own name
 * is decided (and journaled, and resumed) up front, so a server's name may only be one no URL of the job is given,
 * else a later URL would overwrite it, or a rerun give it to another URL; and the first URL to ask for a name has it,
 * so two servers naming the same file never share one. Names compare as {@link FileNames} does (case-folded). Built
 * once by reading the whole plan (blocking: off the actors' threads); claimed from any thread.
 */
public final class TakenNames {
  private final Set<Long> urlNames;
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();

  private TakenNames(Set<Long> urlNames) {
    this.urlNames = urlNames;
  }

  /** The names {@code plan}'s URLs are given. */
  public static TakenNames of(JobPlan plan) {
    try (Stream<JobItem> items = plan.stream()) {
      return of(items::iterator);
    }
  }

  /** The names {@code items} are given. */
  public static TakenNames of(Iterable<JobItem> items) {
    Set<Long> names = new HashSet<>();
    for (Iterator<JobItem> it = items.iterator(); it.hasNext(); ) {
      JobItem item = it.next();
      if (item.fileName() != null) names.add(FileNames.fingerprint(item.fileName()));
    }
    return new TakenNames(names);
  }

  /** None yet: add the URLs' names with {@link #addUrlName} before anything asks. */
  public static TakenNames collecting() {
    return new TakenNames(new HashSet<>());
  }

  /** Adds {@code name} as one a URL of the job is given; while collecting only, on one thread. */
  public void addUrlName(String name) {
    urlNames.add(FileNames.fingerprint(name));
  }

  /** True when a URL of the job is given {@code name}. */
  public boolean givenToUrl(String name) {
    return urlNames.contains(FileNames.fingerprint(name));
  }

  /** Claims {@code name} for one URL's Content-Disposition: false when a URL is given it or another claimed it. */
  public boolean claim(String name) {
    return !givenToUrl(name) && claimed.add(FileNames.fingerprint(name));
  }
}
