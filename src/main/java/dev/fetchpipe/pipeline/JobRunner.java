package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.JobReport;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;

/**
 * Runs one job from start to end on the calling thread: prepares it ({@link PreparedJob}: the embedded origin, the
 * plan, the output dir, the journal), then starts an actor system whose guardian is the {@link PipelineSupervisor}
 * and waits until it has terminated.
 */
public final class JobRunner {

  private JobRunner() {}

  /** @throws SettingsException when the job cannot start (no URL file, an output dir that cannot be written) */
  public static JobReport run(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out) {
    return run(settings, progress, out, job -> {});
  }

  /**
   * Like {@link #run(FetchpipeSettings, Spinner.Mode, PrintStream)}, and hands the running job's supervisor to
   * {@code started} as soon as it exists: the way to send it a {@link PipelineSupervisor.Cancel} from code.
   */
  public static JobReport run(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out,
      Consumer<ActorRef<PipelineSupervisor.Command>> started) {
    return run(settings, progress, out, started, true, null);
  }

  /**
   * Runs the job with Ctrl-C and SIGTERM turned into Cancel messages: the command line's way. Unless
   * {@code allItems}, the report has the counts and the first failures only, so a long job's memory stays flat.
   */
  public static JobReport runCancellableBySignals(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out,
      boolean allItems) {
    return runCancellableBySignals(settings, progress, out, allItems, null);
  }

  /**
   * The same, with {@code watcher} (null for none) spawned beside the job to hear its {@link JobEvent}s. Without one the
   * supervisor sends no event at all, so a job nobody watches pays nothing for them.
   */
  public static JobReport runCancellableBySignals(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out,
      boolean allItems, Behavior<JobEvent> watcher) {
    try (SignalCancel signals = new SignalCancel()) {
      return run(settings, progress, out, signals::attach, allItems, watcher);
    }
  }

  private static JobReport run(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out,
      Consumer<ActorRef<PipelineSupervisor.Command>> started, boolean allItems, Behavior<JobEvent> watcher) {
    CompletableFuture<JobReport> report = new CompletableFuture<>();
    try (PreparedJob job = PreparedJob.open(settings, out)) {
      // The supervisor stays the guardian (its stop ends the system); a watcher is a child of that same actor, spawned
      // in a setup that runs before the supervisor's own, so that its ref can be handed to the supervisor.
      Behavior<PipelineSupervisor.Command> guardian = watcher == null
          ? PipelineSupervisor.create(job, progress, out, report, allItems, null)
          : Behaviors.setup(context -> PipelineSupervisor.create(job, progress, out, report, allItems,
              context.spawn(watcher, "watcher")));
      ActorSystem<PipelineSupervisor.Command> system = ActorSystem.create(guardian, "fetchpipe", settings.config());
      closePoolsOnShutdown(system);
      started.accept(system);
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
