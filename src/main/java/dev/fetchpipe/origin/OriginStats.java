package dev.fetchpipe.origin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the origin has seen, for tests to assert on: how many times each path was requested, and how many
 * requests are and were at most in flight under each path prefix.
 *
 * <p>A request counts under every prefix of its path that ends at a segment boundary: {@code /fault/trickle/9}
 * under {@code /}, {@code /fault}, {@code /fault/trickle} and {@code /fault/trickle/9}. So {@code /} is every
 * request, and a test can watch whichever part of the origin it uses. A request is in flight from its arrival
 * until its body has been sent, or failed, or its connection is gone ({@link CountingHandler} reports both
 * ends). The query is not part of the path: {@code /bytes/10?a} and {@code /bytes/10?b} count as one path.
 * Per client IP address it counts requests and body bytes sent.
 * It also keeps the keyed faults' attempt counts ({@link FaultRoutes}), so one reset starts everything afresh.
 *
 * <p>Thread-safe and lock-free: connections report from whichever thread runs them. In-flight gauges are never
 * removed (a reset lowers their peaks), so an origin asked for millions of distinct paths keeps millions of
 * them; it is a test server.
 */
final class OriginStats {

  private final ConcurrentHashMap<String, PathCount> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Gauge> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> faultAttempts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

  /** The current and the highest number of requests in flight under one prefix. */
  record InFlight(int current, int peak) {}

  /** What one client address has asked for and been sent: requests, and response body bytes handed to its connections. */
  record ClientCounts(long requests, long bytes) {}

  /**
   * Everything at one moment, sorted by path (and clients by address); what {@code GET /stats} answers as JSON.
   * Clients are keyed by IP address, so a test can see which loopback address a job sent from.
   */
  record Snapshot(Map<String, Long> requests, Map<String, InFlight> inFlight, Map<String, ClientCounts> clients) {}

  /** A request has arrived: it is counted, and in flight until {@link Ticket#done()}. */
  Ticket arrived(String path) {
    PathCount count = requests.computeIfAbsent(path, p -> new PathCount());
    count.requests.increment();
    count.lastArrivalNanos = System.nanoTime();
    List<Gauge> gauges = new ArrayList<>();
    for (String prefix : prefixes(path)) {
      Gauge gauge = inFlight.computeIfAbsent(prefix, p -> new Gauge());
      gauge.enter();
      gauges.add(gauge);
    }
    return new Ticket(gauges);
  }

  /**
   * Counts one more request for a keyed fault ({@code /fault/429/k1}) and returns which one it is, from 1. Each
   * key has its own count, so tests running side by side with different keys do not disturb each other.
   */
  int nextFaultAttempt(String key) {
    return faultAttempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  /** A request from this client address has arrived; the returned counter takes the bytes its body sends. */
  LongAdder clientArrived(String address) {
    Client client = clients.computeIfAbsent(address, a -> new Client());
    client.requests.increment();
    return client.bytes;
  }

  ClientCounts client(String address) {
    Client client = clients.get(address);
    return client == null ? new ClientCounts(0, 0) : new ClientCounts(client.requests.sum(), client.bytes.sum());
  }

  long requestCount(String path) {
    PathCount count = requests.get(path);
    return count == null ? 0 : count.requests.sum();
  }

  /** When the last request for this exact path arrived ({@link System#nanoTime}), or null when none has. */
  Long lastArrivalNanos(String path) {
    PathCount count = requests.get(path);
    return count == null ? null : count.lastArrivalNanos;
  }

  int inFlight(String prefix) {
    Gauge gauge = inFlight.get(normalized(prefix));
    return gauge == null ? 0 : gauge.current.get();
  }

  int peakInFlight(String prefix) {
    Gauge gauge = inFlight.get(normalized(prefix));
    return gauge == null ? 0 : gauge.peak.get();
  }

  Snapshot snapshot() {
    Map<String, Long> counts = new TreeMap<>();
    requests.forEach((path, count) -> counts.put(path, count.requests.sum()));
    Map<String, InFlight> gauges = new TreeMap<>();
    inFlight.forEach((prefix, gauge) -> gauges.put(prefix, new InFlight(gauge.current.get(), gauge.peak.get())));
    Map<String, ClientCounts> byClient = new TreeMap<>();
    clients.forEach((address, client) -> byClient.put(address, new ClientCounts(client.requests.sum(), client.bytes.sum())));
    return new Snapshot(counts, gauges, byClient);
  }

  /**
   * Forgets the request counts and the keyed faults' attempts (they fail again from the start), and lowers
   * every peak to what is in flight now. Requests still in flight stay counted as in flight: they really are,
   * and they will leave.
   */
  void reset() {
    requests.clear();
    faultAttempts.clear();
    // A body still being sent adds its remaining bytes to the counter it holds, which is no longer in the map.
    clients.clear();
    inFlight.values().forEach(Gauge::resetPeak);
  }

  /** {@code /a/b} gives {@code /}, {@code /a}, {@code /a/b}; a trailing slash adds nothing ({@code /a/} gives /, /a). */
  static List<String> prefixes(String path) {
    List<String> prefixes = new ArrayList<>();
    prefixes.add("/");
    for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
      prefixes.add(path.substring(0, slash));
    }
    if (!path.endsWith("/")) {
      prefixes.add(path);
    }
    return prefixes;
  }

  /** {@code /flags/} and {@code /flags} are the same prefix. */
  static String normalized(String prefix) {
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("a path prefix starts with /: " + prefix);
    }
    return prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /** One path's requests: how many, and when the last one arrived (for tests of how requests were spaced). */
  private static final class PathCount {
    final LongAdder requests = new LongAdder();
    volatile long lastArrivalNanos;
  }

  /** One request in flight; done() may be called from several places (body end, connection end), counts once. */
  static final class Ticket {
    private final List<Gauge> gauges;
    private final AtomicBoolean done = new AtomicBoolean();

    private Ticket(List<Gauge> gauges) {
      this.gauges = gauges;
    }

    void done() {
      if (done.compareAndSet(false, true)) {
        gauges.forEach(Gauge::leave);
      }
    }
  }

  private static final class Client {
    final LongAdder requests = new LongAdder();
    final LongAdder bytes = new LongAdder();
  }

  private static final class Gauge {
    final AtomicInteger current = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    void enter() {
      int now = current.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
    }

    void leave() {
      current.decrementAndGet();
    }

    void resetPeak() {
      peak.set(current.get());
    }
  }
}
