package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The job's work queue, kept in this one place (the supervisor owns it): hands out the next URL that may start now,
 * so that at most max-per-host URLs of one host are in flight at a time, across the whole job. A URL whose host is
 * full waits, parked with others of its host, while URLs of other hosts go ahead; it starts as soon as its host has
 * room again, before any later URL of that host. URLs that cannot be fetched at all come out at once: they need no
 * slot. A host that its {@link HostGate} holds back (paused after a 429, or paced) waits the same way, parked, and
 * {@link #nextOpeningMs} says when to look again. Plain data, no actors: the same queue could serve fetchers on other
 * machines.
 */
final class WorkQueue {
  /** Beyond this many parked URLs the queue stops reading ahead in the job and waits for a host to have room. */
  static final int MAX_PARKED = 10_000;

  private final Iterator<JobItem> upcoming;
  private int maxPerHost;
  /**
   * False when max-per-host is no less than max-in-flight (so when it is off): no host can then be full, and the queue
   * skips working out each URL's host, which cost a URI parse per URL three times over. Once true it stays true, even
   * if a resize makes the limit non-binding again: the counts are right from then on, and need no recount.
   */
  private boolean hostsLimited;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final Map<String, Deque<JobItem>> parked = new HashMap<>();
  private int parkedCount;
  /** URLs handed out whose fetch was lost (the node fetching them died): they come out again first. */
  private final Deque<JobItem> returned = new ArrayDeque<>();
  /** URLs handed out by {@link #next} whose fetch has not ended: what a per-host limit that starts to bind counts. */
  private final Map<Integer, JobItem> handedOut = new HashMap<>();
  private final HostGate gate;
  /** Now, on the job's clock: what the gate's times are. */
  private final DoubleSupplier now;
  /** What each host's robots.txt allows; a host whose rules are not known yet waits, parked. Null: none is read. */
  private final HostRobots robots;

  WorkQueue(Iterator<JobItem> items, int maxPerHost, int maxInFlight) {
    this(items, maxPerHost, maxInFlight, new HostGate(), () -> 0);
  }

  /** A queue that also holds back the hosts {@code gate} says must wait. */
  WorkQueue(Iterator<JobItem> items, int maxPerHost, int maxInFlight, HostGate gate, DoubleSupplier now) {
    this(items, maxPerHost, maxInFlight, gate, now, null);
  }

  /**
   * A queue that also parks each host's URLs until {@code robots} knows the host's rules (null: robots.txt is not
   * read): asking starts reading them, and their coming wakes the supervisor to hand out again.
   */
  WorkQueue(Iterator<JobItem> items, int maxPerHost, int maxInFlight, HostGate gate, DoubleSupplier now,
      HostRobots robots) {
    this.upcoming = items;
    this.maxPerHost = maxPerHost;
    this.hostsLimited = maxPerHost < maxInFlight || gate.engaged() || robots != null;
    this.gate = gate;
    this.now = now;
    this.robots = robots;
  }

  /** A queue that counts every host's URLs in flight, whatever the job's max-in-flight. */
  WorkQueue(Iterator<JobItem> items, int maxPerHost) {
    this(items, maxPerHost, Integer.MAX_VALUE);
  }

  /**
   * A resize: from now on at most {@code maxPerHost} URLs of a host start while up to {@code maxInFlight} are in flight.
   * When the limit becomes binding while hosts were not counted, the hosts of the URLs in flight now (every URL handed
   * out and not yet {@link #finished}) are counted first, so that a host already over the new limit gets no more until
   * enough of its URLs end. URLs already in flight are never taken back.
   */
  void setMaxPerHost(int maxPerHost, int maxInFlight) {
    this.maxPerHost = maxPerHost;
    if (maxPerHost < maxInFlight) countHosts();
  }

  /**
   * The gate began to hold a host back (a pause, a pace set by a resize): from now on hosts are counted, those of the
   * URLs in flight first, as {@link #setMaxPerHost} does.
   */
  void gateEngaged() {
    if (gate.engaged()) countHosts();
  }

  private void countHosts() {
    if (hostsLimited) return;
    hostsLimited = true;
    inFlight.clear();
    handedOut.values().forEach(item -> inFlight.merge(hostOf(item), 1, Integer::sum));
  }

  /**
   * How long from now until a parked URL's host, held back by the gate while it has room under max-per-host, may be
   * asked again; {@link Double#POSITIVE_INFINITY} when no parked URL waits for the gate.
   */
  double nextOpeningMs() {
    if (!hostsLimited || !gate.engaged()) return Double.POSITIVE_INFINITY;
    double at = now.getAsDouble();
    double soonest = Double.POSITIVE_INFINITY;
    for (String host : parked.keySet()) {
      // A host waiting for its rules opens when they come, not on a timer.
      if (inFlight(host) < maxPerHost && rulesKnown(host)) soonest = Math.min(soonest, gate.waitMs(host, at));
    }
    return soonest;
  }

  /** The next URL that may start now, already counted as in flight when fetchable; null when none may start. */
  JobItem next() {
    JobItem item = pick();
    if (item != null && item.fetchable()) handedOut.put(item.index(), item);
    return item;
  }

  private JobItem pick() {
    JobItem again;
    while ((again = returned.poll()) != null) {
      if (!hostsLimited) return again;
      String host = hostOf(again);
      if (hasRoom(host)) return take(again);
      parked.computeIfAbsent(host, h -> new ArrayDeque<>()).addFirst(again);
      parkedCount++;
    }
    if (!hostsLimited) return upcoming.hasNext() ? upcoming.next() : null;
    for (Map.Entry<String, Deque<JobItem>> waiting : parked.entrySet()) {
      if (hasRoom(waiting.getKey())) return take(unpark(waiting.getKey()));
    }
    while (upcoming.hasNext() && parkedCount < MAX_PARKED) {
      JobItem item = upcoming.next();
      if (!item.fetchable()) return item;
      String host = hostOf(item);
      if (hasRoom(host)) return take(item);
      parked.computeIfAbsent(host, h -> new ArrayDeque<>()).add(item);
      parkedCount++;
    }
    return null;
  }

  /** The URL's fetch ended: its host has room for one more. */
  void finished(JobItem item) {
    if (handedOut.remove(item.index()) == null || !hostsLimited) return;
    String host = hostOf(item);
    inFlight.merge(host, -1, (count, minusOne) -> count == 1 ? null : count + minusOne);
    gate.released(host, item.index());
  }

  /**
   * A URL handed out whose fetch was lost without a result (in a cluster, the node fetching it died): its host has room
   * again, and it comes out of {@link #next} again before any URL not handed out yet.
   */
  void putBack(JobItem item) {
    finished(item);
    returned.add(item);
  }

  /** Takes every URL that has not started, parked or not yet read, e.g. to mark them skipped after a cancel. */
  void drainTo(java.util.function.Consumer<JobItem> notStarted) {
    returned.forEach(notStarted);
    returned.clear();
    parked.values().forEach(items -> items.forEach(notStarted));
    parked.clear();
    parkedCount = 0;
    upcoming.forEachRemaining(notStarted);
  }

  /** URLs handed out whose fetch has not ended yet. */
  int handedOut() {
    return handedOut.size();
  }

  /** True when every URL has been handed out. */
  boolean isEmpty() {
    return returned.isEmpty() && parkedCount == 0 && !upcoming.hasNext();
  }

  /** How many URLs of this host are in flight now. */
  int inFlight(String host) {
    return inFlight.getOrDefault(host, 0);
  }

  /** What the host's robots.txt allows, when the job reads it; null when it does not. */
  HostRobots robots() {
    return robots;
  }

  private boolean rulesKnown(String host) {
    return robots == null || robots.known(host);
  }

  private boolean hasRoom(String host) {
    return inFlight(host) < maxPerHost && gate.waitMs(host, now.getAsDouble()) <= 0 && rulesKnown(host);
  }

  private JobItem take(JobItem item) {
    String host = hostOf(item);
    inFlight.merge(host, 1, Integer::sum);
    gate.handedOut(host, item.index(), now.getAsDouble());
    return item;
  }

  private JobItem unpark(String host) {
    Deque<JobItem> items = parked.get(host);
    JobItem item = items.poll();
    if (items.isEmpty()) parked.remove(host);
    parkedCount--;
    return item;
  }

  /** The scheme, host and port a URL is fetched from: the unit of the per-host limit. */
  static String hostOf(JobItem item) {
    URI uri = URI.create(item.target());
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    return (uri.getScheme() + "://" + uri.getHost() + ":" + port).toLowerCase(Locale.ROOT);
  }
}
