package dev.fetchpipe.pipeline;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who watches a job from outside, and what it hears: every {@link JobEvent} as it happens, but for a
 * {@link JobEvent.Progress} at its {@link Pace}, and each URL's {@link JobEvent.ItemEnded} only when it keeps a record
 * of them ({@code eachUrl}): a job whose watchers want neither sends no message per URL.
 */
public record Watcher(ActorRef<JobEvent> ref, Pace pace, boolean eachUrl) {

  /**
   * How often a watcher hears the job's progress while any URL has not ended.
   *
   * @param every         the interval, or null for never
   * @param evenUnchanged also when nothing the status counts changed: a display, whose time and bytes move on anyway
   */
  public record Pace(Duration every, boolean evenUnchanged) {
    /** A record of the job (the daemon's API, metrics): the status every 250 ms, and only when it changed. */
    public static final Pace STATUS = new Pace(Duration.ofMillis(250), false);
    /** No progress events: the other events only. */
    public static final Pace NONE = new Pace(null, false);

    /** A display that redraws every {@code every}. */
    public static Pace display(Duration every) {
      return new Pace(every, true);
    }
  }

  /** A watcher that keeps a record of the job and of each URL: the daemon's job, run's metrics. */
  public static Watcher ofStatus(ActorRef<JobEvent> ref) {
    return new Watcher(ref, Pace.STATUS, true);
  }
}
