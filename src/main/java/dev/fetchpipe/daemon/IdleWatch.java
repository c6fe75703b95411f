package dev.fetchpipe.daemon;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Durations;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Stops a daemon that {@code run} started once it has had no job and no client for {@code daemon.idle-timeout}: no job
 * running, no event stream open (a run following its job, a {@code watch}, the live page), and no request for that
 * long. A child of the {@link JobRegistry}, which tells it how many jobs run and passes on what the API sees.
 */
final class IdleWatch {

  interface Command {}

  /** How many jobs are running now. */
  record Jobs(int running) implements Command {}

  /** What the API saw: a request, or an event stream opened or closed. */
  enum Activity implements Command { REQUEST, STREAM_OPENED, STREAM_CLOSED }

  private enum TimedOut implements Command { INSTANCE }

  private IdleWatch() {}

  static Behavior<Command> create(Duration timeout, ActorRef<JobRegistry.Command> registry) {
    return Behaviors.withTimers(timers -> watching(timers, timeout, registry, 0, 0));
  }

  /** The clock runs while {@code jobs} and {@code streams} are both 0, from the last thing that happened. */
  private static Behavior<Command> watching(TimerScheduler<Command> timers, Duration timeout,
      ActorRef<JobRegistry.Command> registry, int jobs, int streams) {
    if (jobs == 0 && streams == 0) {
      timers.startSingleTimer(TimedOut.INSTANCE, timeout);
    } else {
      timers.cancel(TimedOut.INSTANCE);
    }
    return Behaviors.receive(Command.class)
        .onMessage(Jobs.class, now -> watching(timers, timeout, registry, now.running(), streams))
        .onMessageEquals(Activity.REQUEST, () -> watching(timers, timeout, registry, jobs, streams))
        .onMessageEquals(Activity.STREAM_OPENED, () -> watching(timers, timeout, registry, jobs, streams + 1))
        .onMessageEquals(Activity.STREAM_CLOSED,
            () -> watching(timers, timeout, registry, jobs, Math.max(0, streams - 1)))
        .onMessageEquals(TimedOut.INSTANCE, () -> {
          System.err.println("fetchpipe daemon: no job and no client for " + describe(timeout)
              + " (daemon.idle-timeout): stopping.");
          registry.tell(new JobRegistry.Shutdown(CancelSource.TERMINATE));
          return Behaviors.stopped();
        })
        .build();
  }

  /** In the words messages use: "5 min", "90 s" become "1 min 30 s". */
  static String describe(Duration timeout) {
    return Durations.words(timeout);
  }
}
