package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.Resume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;

/**
 * Runs one job from start to end on the calling thread: starts the embedded origin when the job asks for it, plans
 * the URLs, checks the output dir, then starts an actor system whose guardian is the {@link PipelineSupervisor}
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
    return run(settings, progress, out, started, true);
  }

  /**
   * Runs the job with Ctrl-C and SIGTERM turned into Cancel messages: the command line's way. Unless
   * {@code allItems}, the report has the counts and the first failures only, so a long job's memory stays flat.
   */
  public static JobReport runCancellableBySignals(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out,
      boolean allItems) {
    try (SignalCancel signals = new SignalCancel()) {
      return run(settings, progress, out, signals::attach, allItems);
    }
  }

  private static JobReport run(FetchpipeSettings settings, Spinner.Mode progress, PrintStream out,
      Consumer<ActorRef<PipelineSupervisor.Command>> started, boolean allItems) {
    try (RunningOrigin origin = embeddedOrigin(settings)) {
      JobPlan plan = JobPlan.of(settings.job().source(), origin == null ? null : origin.flagsUrl());
      // Held until the job's actors have stopped: a second run into the same dir is refused, not raced.
      try (OutputDir outputDir = OutputDir.open(settings.job().outputDir())) {
        if (outputDir.staleTempFilesRemoved() > 0) {
          out.println("Removed " + outputDir.staleTempFilesRemoved() + " temporary files an earlier run left behind.");
        }
        return runInto(outputDir, plan, settings, progress, out, started, allItems);
      }
    }
  }

  private static JobReport runInto(OutputDir outputDir, JobPlan plan, FetchpipeSettings settings, Spinner.Mode progress,
      PrintStream out, Consumer<ActorRef<PipelineSupervisor.Command>> started, boolean allItems) {
    Path dir = outputDir.path();
    Resume resume = settings.job().resume() ? checkJournal(dir, plan) : Resume.none();
    CompletableFuture<JobReport> report = new CompletableFuture<>();
    try (Journal journal = startJournal(dir, resume)) {
      ActorSystem<PipelineSupervisor.Command> system = ActorSystem.create(
          PipelineSupervisor.create(plan, settings, resume, journal, progress, out, report, allItems), "fetchpipe",
          settings.config());
      closePoolsOnShutdown(system);
      started.accept(system);
      system.getWhenTerminated().toCompletableFuture().join();
      // A body cut off as the system stopped may leave its temporary file; the job is over, so none is in use.
      outputDir.removeTemporaryFiles();
    } catch (IOException closing) {
      throw new UncheckedIOException(closing);
    }
    if (!report.isDone()) throw new IllegalStateException("the job's actor system ended before the job did");
    return report.join();
  }

  private static Resume checkJournal(Path dir, JobPlan plan) {
    try {
      try (var items = plan.stream()) {
        return Resume.check(dir, items::iterator);
      }
    } catch (IOException e) {
      throw new SettingsException("fetchpipe.job.output-dir", "cannot read the journal in " + dir + ": " + e.getMessage());
    }
  }

  /** The journal starts afresh with the kept files' lines, before any fetch, so a disk problem shows up now. */
  private static Journal startJournal(Path dir, Resume resume) {
    try {
      return Journal.start(dir, resume.kept().values());
    } catch (IOException e) {
      throw new SettingsException("fetchpipe.job.output-dir", "cannot write the journal in " + dir + ": " + e.getMessage());
    }
  }

  /** The built-in origin on a free loopback port, when base-url is "embedded"; else null. */
  private static RunningOrigin embeddedOrigin(FetchpipeSettings settings) {
    if (!(settings.job().source() instanceof UrlSource.Flags flags) || !flags.embedded()) return null;
    OriginSettings configured = settings.origin();
    OriginSettings loopback = configured.onFreeLoopbackPort();
    return OriginServer.start(settings.config(), loopback);
  }

  /** Without this Pekko HTTP logs "connection pool has shut down unexpectedly" as the system terminates. */
  private static void closePoolsOnShutdown(ActorSystem<?> system) {
    // Made now: a job that never sent a request would otherwise first create the extension while terminating.
    Http http = Http.get(system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "close-http-pools",
        () -> http.shutdownAllConnectionPools().thenApply(ignored -> Done.done()));
  }
}
