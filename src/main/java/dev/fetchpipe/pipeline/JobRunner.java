package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.EmbeddedOrigin;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.report.JobReport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.http.javadsl.Http;

/**
 * Runs one job from start to end on the calling thread, as {@code run} does: prepares it ({@link PreparedJob}), then
 * starts an actor system whose guardian ({@link RunGuardian}) runs the {@link PipelineSupervisor} and the job's
 * watchers side by side, and waits until it has terminated.
 */
public final class JobRunner {

  /**
   * A watcher to run beside the job, as a child of run's guardian: it stops once it has seen {@link JobEvent.Ended}.
   *
   * @param pace    how often it hears the job's progress
   * @param eachUrl whether it hears each URL's end
   */
  public record Watch(String name, Behavior<JobEvent> behavior, Watcher.Pace pace, boolean eachUrl) {}

  private JobRunner() {}

  /**
   * @param origin the built-in origin the job fetches from (base-url "embedded"), stopped with the job; else null
   * @throws SettingsException when the job cannot start (no URL file, an output dir that cannot be written)
   */
  public static JobReport run(FetchpipeSettings settings, EmbeddedOrigin origin, List<Watch> watchers) {
    return run(settings, origin, watchers, job -> {});
  }

  /**
   * Like {@link #run(FetchpipeSettings, EmbeddedOrigin, List)}, and hands the running job's supervisor to
   * {@code started} as soon as it exists: the way to send it a {@link PipelineSupervisor.Cancel} from code.
   */
  public static JobReport run(FetchpipeSettings settings, EmbeddedOrigin origin, List<Watch> watchers,
      Consumer<ActorRef<PipelineSupervisor.Command>> started) {
    return run(settings, origin, watchers, true, (job, system) -> started.accept(job));
  }

  /**
   * Runs the job with Ctrl-C and SIGTERM turned into Cancel messages ({@link RunSignals}): the command line's way.
   * Unless {@code allItems}, the report has the counts and the first failures only, so a long job's memory stays flat.
   */
  public static JobReport runCancellableBySignals(FetchpipeSettings settings, EmbeddedOrigin origin,
      List<Watch> watchers, boolean allItems) {
    return runCancellableBySignals(settings, origin, watchers, allItems, Resume.Progress.NONE);
  }

  /** As above, telling {@code check} how far the check of an earlier run's files is, before the job's actors start. */
  public static JobReport runCancellableBySignals(FetchpipeSettings settings, EmbeddedOrigin origin,
      List<Watch> watchers, boolean allItems, Resume.Progress check) {
    try (RunSignals signals = new RunSignals()) {
      return run(settings, origin, watchers, allItems, signals::attach, check);
    }
  }

  /** @param started hears the supervisor as soon as it exists, and the system it runs in (whose end signals wait for) */
  static JobReport run(FetchpipeSettings settings, EmbeddedOrigin origin, List<Watch> watchers, boolean allItems,
      BiConsumer<ActorRef<PipelineSupervisor.Command>, ActorSystem<?>> started) {
    return run(settings, origin, watchers, allItems, started, Resume.Progress.NONE);
  }

  /**
   * @param check hears how far the check of an earlier run's files is: on this thread, before the actor system starts,
   *              so the check blocks no actor
   */
  static JobReport run(FetchpipeSettings settings, EmbeddedOrigin origin, List<Watch> watchers, boolean allItems,
      BiConsumer<ActorRef<PipelineSupervisor.Command>, ActorSystem<?>> started, Resume.Progress check) {
    CompletableFuture<JobReport> report = new CompletableFuture<>();
    try (PreparedJob job = PreparedJob.open(settings, origin, check)) {
      ActorSystem<RunGuardian.Command> system = ActorSystem.create(
          RunGuardian.create(job, report, allItems, watchers, started), "fetchpipe", settings.config());
      closePoolsOnShutdown(system);
      system.getWhenTerminated().toCompletableFuture().join();
    }
    if (!report.isDone()) throw new IllegalStateException("the job's actor system ended before the job did");
    return report.join();
  }

  /** Without this Pekko HTTP logs "connection pool has shut down unexpectedly" as the system terminates. */
  private static void closePoolsOnShutdown(ActorSystem<?> system) {
    // Made now: a job that never sent a request would otherwise first create the extension while terminating.
    Http http = Http.get(system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "close-http-pools",
        () -> http.shutdownAllConnectionPools().thenApply(ignored -> Done.done()));
  }
}
