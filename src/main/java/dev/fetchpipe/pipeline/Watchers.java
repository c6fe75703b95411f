package dev.fetchpipe.pipeline;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A job's {@link Watcher}s, as its supervisor tells them: every {@link JobEvent} to each as it happens, and on each
 * watcher's own timer the progress, when that watcher's pace wants it. Nobody watching is told nothing, and costs no
 * timer. Plain data, used by the supervisor only.
 */
final class Watchers {
  private final List<Watcher> watchers;
  /** Per watcher: something its status shows changed since it last heard the progress. */
  private final boolean[] changed;

  Watchers(List<Watcher> watchers) {
    this.watchers = List.copyOf(watchers);
    this.changed = new boolean[this.watchers.size()];
  }

  /** Starts the timer of each watcher that hears the progress: {@code due} makes its message, by its number. */
  <C> void startTimers(TimerScheduler<C> timers, IntFunction<C> due) {
    for (int i = 0; i < watchers.size(); i++) {
      Watcher.Pace pace = watchers.get(i).pace();
      if (pace.every() != null) timers.startTimerWithFixedDelay(due.apply(i), pace.every());
    }
  }

  /** Tells every watcher the event (a URL's end only those that keep a record of each); each hears the status next. */
  void tell(JobEvent event) {
    boolean url = event instanceof JobEvent.ItemEnded;
    for (Watcher watcher : watchers) {
      if (!url || watcher.eachUrl()) watcher.ref().tell(event);
    }
    changed();
  }

  /** Something the status shows changed (a URL started or was claimed): each hears it at its next tick. */
  void changed() {
    java.util.Arrays.fill(changed, true);
  }

  /** Watcher {@code number}'s tick: the progress now, when the job is {@code live} and its pace wants it. */
  void due(int number, boolean live, Supplier<JobEvent.Progress> progress) {
    Watcher watcher = watchers.get(number);
    if (!live || !(changed[number] || watcher.pace().evenUnchanged())) return;
    changed[number] = false;
    watcher.ref().tell(progress.get());
  }
}
