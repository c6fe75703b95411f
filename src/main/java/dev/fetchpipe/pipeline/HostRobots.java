package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * What each host's robots.txt allows, for a job with fetch.robots = obey. The work queue asks {@link #known} for a
 * host before it hands out any of its URLs: the first ask reads the host's {@code /robots.txt} once (per scheme, host
 * and port, through {@link RobotsFetch}), and the host's URLs wait, parked, until the answer has come. Answers come on
 * the HTTP client's threads: they are only queued there, and {@code wake} tells the supervisor to hand out again;
 * {@link #settle} takes them on its own turn, sets each host's Crawl-delay on the {@link HostGate} (capped at
 * fetch.retry.max-retry-after, so a hostile file cannot stall a job for days) and shows each warning once.
 * Plain code, no actor: the supervisor calls it on its turn, except for the queue of answers.
 */
final class HostRobots {
  /** Why a URL disallowed ends SKIPPED. */
  static final String DISALLOWED = "disallowed by robots.txt";

  private record Arrived(String host, RobotsFetch.Answer answer) {}

  private final RobotsFetch fetch;
  private final HostGate gate;
  private final DoubleSupplier now;
  private final Duration maxDelay;
  private final BiConsumer<String, String> warn;
  private final Runnable wake;
  /** Each host asked, with its rules once they are known (null until then). */
  private final Map<String, RobotsRules> hosts = new HashMap<>();
  private final ConcurrentLinkedQueue<Arrived> arrived = new ConcurrentLinkedQueue<>();

  /**
   * @param maxDelay longest Crawl-delay honoured; a longer one paces the host at this
   * @param warn     shows a host's warning, given the host and the warning (its robots.txt could not be read, so every
   *                 URL of it is allowed; only its start was read; its Crawl-delay is held to maxDelay)
   * @param wake     tells the supervisor that rules came (any thread)
   */
  HostRobots(RobotsFetch fetch, HostGate gate, DoubleSupplier now, Duration maxDelay, BiConsumer<String, String> warn,
      Runnable wake) {
    this.fetch = fetch;
    this.gate = gate;
    this.now = now;
    this.maxDelay = maxDelay;
    this.warn = warn;
    this.wake = wake;
  }

  /**
   * The rules of a job's hosts, read with its settings through an HTTP client of its own, warnings in the actor's log
   * and to {@code heard} (on the actor's turn: {@link #settle} is called there); {@code wake} is sent to the actor when
   * rules come. Null when the job ignores robots.txt.
   */
  static <T> HostRobots forJob(ActorContext<T> context, FetchpipeSettings settings, HostGate gate, DoubleSupplier now,
      T wake, Consumer<JobEvent.RobotsWarning> heard) {
    if (!settings.fetch().obeyRobots()) return null;
    FetcherHttp http = new FetcherHttp(context.getSystem(), settings.connectionPool(), settings.fetch().net(),
        settings.fetch().idleTimeout());
    ActorRef<T> self = context.getSelf();
    return new HostRobots(new RobotsFetch(http, settings.fetch()), gate, now, settings.fetch().retry().maxRetryAfter(),
        (host, warning) -> {
          context.getLog().warn("robots.txt: " + warning);
          heard.accept(new JobEvent.RobotsWarning(now.getAsDouble(), host, warning));
        }, () -> self.tell(wake));
  }

  /** True when {@code host}'s rules are known; the first ask for a host starts reading its robots.txt. */
  boolean known(String host) {
    if (hosts.get(host) != null) return true;
    if (!hosts.containsKey(host)) {
      hosts.put(host, null);
      // RobotsFetch never fails; were it to, the host would wait for ever: its failure allows all, with a warning.
      fetch.fetch(host).whenComplete((answer, failure) -> {
        arrived.add(new Arrived(host, answer != null ? answer : new RobotsFetch.Answer(RobotsRules.ALLOW_ALL,
            "could not read " + host + "/robots.txt (" + FetchFailures.reason(failure) + "): every URL of the host allowed")));
        wake.run();
      });
    }
    return false;
  }

  /** Takes the answers that came: each host's rules, its Crawl-delay, its warning. */
  void settle() {
    for (Arrived came = arrived.poll(); came != null; came = arrived.poll()) {
      String host = came.host();
      RobotsRules rules = came.answer().rules();
      hosts.put(came.host(), rules);
      if (came.answer().warning() != null) warn.accept(host, came.answer().warning());
      rules.crawlDelay().ifPresent(delay -> {
        if (delay.compareTo(maxDelay) > 0) {
          warn.accept(host, host + "/robots.txt asks a Crawl-delay of " + Durations.words(delay) + ": held to "
              + Durations.words(maxDelay) + " (fetch.retry.max-retry-after)");
        }
        gate.hostDelay(host, now.getAsDouble(), (delay.compareTo(maxDelay) > 0 ? maxDelay : delay).toNanos() / 1e6);
      });
    }
  }

  /** False when the rules of the URL's host, known by now, disallow its path and query. */
  boolean allows(JobItem item) {
    RobotsRules rules = hosts.get(WorkQueue.hostOf(item));
    if (rules == null) return true;
    URI uri = URI.create(item.url().strip());
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return rules.allows(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
  }
}
