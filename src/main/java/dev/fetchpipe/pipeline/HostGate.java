package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.HostPause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * When a request to a host may start: not while the host is paused (it answered 429, or 503 with Retry-After), not
 * sooner than fetch.per-host-delay after the host's last request started, and not faster than fetch.per-host-rate
 * (a token bucket holding up to one second's requests, so a host may get a short burst, then the rate). Hosts are the
 * work queue's ({@link WorkQueue#hostOf}). Times are milliseconds on the job's clock.
 *
 * <p>Shared, like {@link FetchGauges}: the supervisor's queue asks {@link #waitMs} before it hands a URL out, so a
 * paced or paused host's URLs wait in the queue without holding a fetcher, and each fetcher {@link #claim claims} its
 * request's start right before it sends it, which makes the spacing exact whatever the messages' delays. A fetcher
 * also {@link #pause pauses} the host it got a 429 from. Every method is synchronized; with neither a pace nor a pause
 * (most jobs) a claim reads one volatile field and returns.
 */
public final class HostGate {

  /** Pauses kept for the report: the first ones; later ones are counted only. */
  static final int PAUSES_KEPT = 100;
  /** A pause that moves a host's end by less than this is no news: many URLs of a host get the same 429 at once. */
  static final double NEWS_MS = 1_000;

  /** No URL pending. */
  private static final int NONE = -1;

  private final Map<String, Host> hosts = new HashMap<>();
  private final List<HostPause> history = new ArrayList<>();
  private int pausesSeen;
  private double delayMs;
  private double perSecond;
  /** True once a pace is set or a host was paused: until then every host is open and nothing is kept. */
  private volatile boolean engaged;
  private Consumer<HostPause> news = pause -> {};

  /** A gate with neither a pace nor a pause. */
  public HostGate() {}

  /**
   * @param delayMs   least time between two request starts to one host; 0 for none
   * @param perSecond most requests a second to one host; 0 for no limit
   */
  public HostGate(double delayMs, double perSecond) {
    pace(delayMs, perSecond);
  }

  /** The gate of a job's settings: its per-host delay and rate, no pause yet. */
  public static HostGate of(dev.fetchpipe.config.FetchSettings fetch) {
    return new HostGate(fetch.perHostDelay().toNanos() / 1e6, fetch.perHostRate());
  }

  /**
   * {@code host}'s own least time between two request starts (its robots.txt's Crawl-delay), from now on: the host
   * waits for the larger of it and fetch.per-host-delay. 0 removes it.
   */
  public synchronized void hostDelay(String host, double nowMs, double delayMs) {
    if (delayMs < 0) throw new IllegalArgumentException("a delay below 0");
    if (delayMs > 0) engaged = true;
    host(host, nowMs).ownDelayMs = delayMs;
  }

  /** Who hears a host's pause that is news (a new one, or one that ends {@link #NEWS_MS} or more later). */
  public synchronized void onPause(Consumer<HostPause> listener) {
    this.news = listener;
  }

  /** A new pace, from now on (a resize); 0 turns one off. Starts already claimed keep their times. */
  public synchronized void pace(double delayMs, double perSecond) {
    if (delayMs < 0 || perSecond < 0) throw new IllegalArgumentException("a pace below 0");
    this.delayMs = delayMs;
    this.perSecond = perSecond;
    if (delayMs > 0 || perSecond > 0) engaged = true;
    hosts.values().forEach(host -> host.tokens = Math.min(host.tokens, capacity()));
  }

  public synchronized double delayMs() {
    return delayMs;
  }

  public synchronized double perSecond() {
    return perSecond;
  }

  /** True once a host may have to wait: the queue then counts hosts. */
  public boolean engaged() {
    return engaged;
  }

  /**
   * Pauses {@code host} until {@code untilMs} (a pause already longer stays). Returns true when that is news (see
   * {@link #onPause}), which the listener has then heard.
   */
  public boolean pause(String host, double nowMs, double untilMs, String reason) {
    HostPause heard;
    Consumer<HostPause> listener;
    synchronized (this) {
      engaged = true;
      Host state = host(host, nowMs);
      if (untilMs <= state.pausedUntil) return false;
      boolean news = state.pausedUntil <= nowMs || untilMs - state.pausedUntil >= NEWS_MS;
      if (state.pausedUntil <= nowMs) state.pausedAt = nowMs;
      state.pausedUntil = untilMs;
      state.reason = reason;
      if (!news) return false;
      heard = new HostPause(host, nowMs, untilMs, reason);
      pausesSeen++;
      if (history.size() < PAUSES_KEPT) history.add(heard);
      listener = this.news;
    }
    listener.accept(heard); // outside the lock: the listener may be an actor's tell
    return true;
  }

  /** How long a request to {@code host} must wait from {@code nowMs}: 0 when it may start now. Claims nothing. */
  public double waitMs(String host, double nowMs) {
    if (!engaged) return 0;
    synchronized (this) {
      Host state = hosts.get(host);
      return state == null ? 0 : state.waitMs(nowMs, true);
    }
  }

  /**
   * A request to {@code host} for the URL {@code index} would start at {@code nowMs}: returns 0 and counts the start
   * when it may, else how long it must wait (and counts nothing; claim again then). The URL's hand-out, if it was
   * {@link #handedOut pending}, is over either way.
   */
  public double claim(String host, int index, double nowMs) {
    if (!engaged) return 0;
    synchronized (this) {
      Host state = host(host, nowMs);
      if (state.pending == index) state.pending = NONE;
      double wait = state.waitMs(nowMs, false);
      if (wait > 0) return wait;
      state.lastStart = nowMs;
      if (perSecond > 0) state.tokens -= 1;
      return 0;
    }
  }

  /**
   * The queue handed out URL {@code index} of a paced host: until its fetcher {@link #claim claims} its start (or it
   * is {@link #released}), the host's next URL waits in the queue, so that a paced host's URLs never hold fetchers
   * that would only wait. No-op when no pace is set.
   */
  public synchronized void handedOut(String host, int index, double nowMs) {
    Host state = hosts.get(host);
    boolean ownPace = state != null && state.ownDelayMs > 0;
    if (delayMs > 0 || perSecond > 0 || ownPace) host(host, nowMs).pending = index;
  }

  /** URL {@code index}'s fetch ended, whether or not its request ever started: no longer pending. */
  public void released(String host, int index) {
    if (!engaged) return;
    synchronized (this) {
      Host state = hosts.get(host);
      if (state != null && state.pending == index) state.pending = NONE;
    }
  }

  /** The pauses not over at {@code nowMs}, the one that ends first first. */
  public synchronized List<HostPause> pausedAt(double nowMs) {
    List<HostPause> now = new ArrayList<>();
    hosts.forEach((name, host) -> {
      if (host.pausedUntil > nowMs) now.add(new HostPause(name, host.pausedAt, host.pausedUntil, host.reason));
    });
    now.sort(Comparator.comparingDouble(HostPause::untilMs));
    return now;
  }

  /** Every pause that was news, the first {@link #PAUSES_KEPT} of them, in order. */
  public synchronized List<HostPause> history() {
    return List.copyOf(history);
  }

  /** How many pauses were news, those not kept in {@link #history} included. */
  public synchronized int pausesSeen() {
    return pausesSeen;
  }

  private double capacity() {
    return Math.max(1, Math.floor(perSecond));
  }

  private Host host(String name, double nowMs) {
    return hosts.computeIfAbsent(name, n -> new Host(capacity(), nowMs));
  }

  /** One host's pause and pace. */
  private final class Host {
    double pausedAt;
    double pausedUntil = Double.NEGATIVE_INFINITY;
    String reason;
    double lastStart = Double.NEGATIVE_INFINITY;
    double tokens;
    double filledAt;
    /** Its own least delay between starts (robots.txt's Crawl-delay), or 0. */
    double ownDelayMs;
    /** A URL handed out whose start is not claimed yet, or {@link #NONE}. */
    int pending = NONE;

    Host(double tokens, double nowMs) {
      this.tokens = tokens;
      this.filledAt = nowMs;
    }

    /** @param queue asked by the queue: a pending URL holds the next one back (a fetcher's claim ignores it) */
    double waitMs(double nowMs, boolean queue) {
      double wait = Math.max(0, pausedUntil - nowMs);
      double delay = Math.max(delayMs, ownDelayMs);
      // Not known until the pending URL starts: at least one pace from now, when the queue looks again.
      if (queue && pending != NONE) wait = Math.max(wait, Math.max(delay, perSecond > 0 ? 1000 / perSecond : 0));
      if (delay > 0) wait = Math.max(wait, lastStart + delay - nowMs);
      if (perSecond > 0) {
        if (nowMs > filledAt) {
          tokens = Math.min(capacity(), tokens + (nowMs - filledAt) * perSecond / 1000);
          filledAt = nowMs;
        }
        if (tokens < 1) wait = Math.max(wait, (1 - tokens) * 1000 / perSecond);
      }
      return wait;
    }
  }
}
