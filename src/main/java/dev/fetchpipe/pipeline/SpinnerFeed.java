package dev.fetchpipe.pipeline;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Keeps a job's {@link Spinner} told of the job's counts, at most every {@link #EVERY_MS}, and stops it at the end. The
 * spinner redraws on its own timer from the latest counts: a message per URL woke it (and a thread) thousands of times
 * a second for nothing. Plain data, used by the supervisor only.
 */
final class SpinnerFeed {
  /** The spinner hears of progress at most this often. */
  static final double EVERY_MS = 20;

  private final ActorRef<Spinner.Command> spinner;
  private final JobClock clock;
  private final Supplier<Spinner.Progress> counts;
  private final Consumer<Duration> scheduleDue;
  private double sentMs = -EVERY_MS;
  /** A call to {@link #due} is scheduled: counts changed since the spinner last heard. */
  private boolean dueScheduled;
  private boolean stopSent;

  /**
   * @param counts      the job's counts now
   * @param scheduleDue has {@link #due} called after this long (the supervisor's timer)
   */
  SpinnerFeed(ActorRef<Spinner.Command> spinner, JobClock clock, Supplier<Spinner.Progress> counts,
      Consumer<Duration> scheduleDue) {
    this.spinner = spinner;
    this.clock = clock;
    this.counts = counts;
    this.scheduleDue = scheduleDue;
  }

  /** The counts changed: the spinner hears now, or when EVERY_MS has passed since it last did. */
  void changed() {
    if (stopSent) return;
    double sinceSent = clock.millis() - sentMs;
    if (sinceSent >= EVERY_MS) {
      send();
    } else if (!dueScheduled) {
      dueScheduled = true;
      scheduleDue.accept(Duration.ofMillis((long) Math.ceil(EVERY_MS - sinceSent)));
    }
  }

  /** The time scheduled by {@link #changed} has come. */
  void due() {
    dueScheduled = false;
    if (!stopSent) send();
  }

  /** Every URL has ended: the spinner hears the last counts and stops (once). */
  void finish() {
    if (stopSent) return;
    send();
    stopSent = true;
    spinner.tell(Spinner.Stop.INSTANCE);
  }

  private void send() {
    sentMs = clock.millis();
    spinner.tell(counts.get());
  }
}
