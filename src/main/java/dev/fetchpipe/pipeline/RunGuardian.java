package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.JobReport;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of run's actor system: the job's {@link PipelineSupervisor} and its watchers side by side, as its
 * children. Once the supervisor has stopped, it waits for the watchers to have seen the job's end (each stops after
 * {@link JobEvent.Ended}), then stops, which ends the system: so run's console has shown the summary before the
 * system ends. A watcher that does not stop within {@link #WATCHERS_END_TIMEOUT} is not waited for longer, nor are any
 * when the supervisor failed and so told no end.
 */
final class RunGuardian {
  static final Duration WATCHERS_END_TIMEOUT = Duration.ofSeconds(10);

  interface Command {}

  private enum SupervisorStopped implements Command { INSTANCE }

  private record WatcherStopped(ActorRef<JobEvent> watcher) implements Command {}

  private enum WatchersLate implements Command { INSTANCE }

  private RunGuardian() {}

  /** @param started hears the supervisor as soon as it exists, and the system it runs in */
  static Behavior<Command> create(PreparedJob job, CompletableFuture<JobReport> report, boolean allItems,
      List<JobRunner.Watch> watches, BiConsumer<ActorRef<PipelineSupervisor.Command>, ActorSystem<?>> started) {
    return Behaviors.setup(context -> {
      Set<ActorRef<JobEvent>> watching = new HashSet<>();
      List<Watcher> watchers = watches.stream().map(watch -> {
        ActorRef<JobEvent> watcher = context.spawn(watch.behavior(), watch.name());
        context.watchWith(watcher, new WatcherStopped(watcher));
        watching.add(watcher);
        return new Watcher(watcher, watch.pace(), watch.eachUrl());
      }).toList();
      ActorRef<PipelineSupervisor.Command> supervisor =
          context.spawn(PipelineSupervisor.create(job, report, allItems, watchers, Crew.local()), "supervisor");
      context.watchWith(supervisor, SupervisorStopped.INSTANCE);
      started.accept(supervisor, context.getSystem());
      return running(watching, report);
    });
  }

  private static Behavior<Command> running(Set<ActorRef<JobEvent>> watching, CompletableFuture<JobReport> report) {
    return Behaviors.receive(Command.class)
        .onMessage(WatcherStopped.class, stopped -> {
          watching.remove(stopped.watcher());
          return Behaviors.same();
        })
        .onMessageEquals(SupervisorStopped.INSTANCE,
            () -> watching.isEmpty() || !report.isDone() ? Behaviors.stopped() : endingWatchers(watching))
        .build();
  }

  private static Behavior<Command> endingWatchers(Set<ActorRef<JobEvent>> watching) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(WatchersLate.INSTANCE, WATCHERS_END_TIMEOUT);
      return Behaviors.receive(Command.class)
          .onMessage(WatcherStopped.class, stopped -> {
            watching.remove(stopped.watcher());
            return watching.isEmpty() ? Behaviors.stopped() : Behaviors.same();
          })
          .onMessageEquals(WatchersLate.INSTANCE, Behaviors::stopped)
          .build();
    });
  }
}
