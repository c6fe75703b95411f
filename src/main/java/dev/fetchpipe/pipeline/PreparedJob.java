package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.job.OutputDirBusyException;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Everything a job needs before its actors start and after they stop, without waiting for the job in between: the
 * embedded origin (base-url "embedded"), the planned URLs, the locked output dir, what an earlier run there completed
 * (resume) and the started journal. {@code run} opens one, runs the {@link PipelineSupervisor} as its system's
 * guardian and closes it; the daemon opens one per job and runs the supervisor as a child of its long-lived system.
 * Close it only once the job's actors have stopped: it removes temporary files a cut-off body left, which would
 * otherwise race a write still under way.
 */
public final class PreparedJob implements AutoCloseable {
  private final FetchpipeSettings settings;
  private final RunningOrigin origin;
  private final JobPlan plan;
  private final OutputDir outputDir;
  private final Resume resume;
  private final Journal journal;
  private boolean closed;

  private PreparedJob(FetchpipeSettings settings, RunningOrigin origin, JobPlan plan, OutputDir outputDir, Resume resume,
      Journal journal) {
    this.settings = settings;
    this.origin = origin;
    this.plan = plan;
    this.outputDir = outputDir;
    this.resume = resume;
    this.journal = journal;
  }

  /**
   * Prepares the job; prints to {@code out} how many temporary files an earlier, killed run left (and were removed).
   *
   * @throws OutputDirBusyException when another job holds the output dir, in this process or another
   * @throws SettingsException      when the job cannot start for another reason (no URL file, a dir that cannot be
   *                                written, a journal that cannot be read)
   */
  public static PreparedJob open(FetchpipeSettings settings, PrintStream out) {
    RunningOrigin origin = embeddedOrigin(settings);
    OutputDir outputDir = null;
    try {
      JobPlan plan = JobPlan.of(settings.job().source(), origin == null ? null : origin.flagsUrl());
      // Held until close: a second job into the same dir is refused, not raced.
      outputDir = OutputDir.open(settings.job().outputDir());
      if (outputDir.staleTempFilesRemoved() > 0) {
        out.println("Removed " + outputDir.staleTempFilesRemoved() + " temporary files an earlier run left behind.");
      }
      Path dir = outputDir.path();
      Resume resume = settings.job().resume() ? checkJournal(dir, plan) : Resume.none();
      return new PreparedJob(settings, origin, plan, outputDir, resume, startJournal(dir, resume));
    } catch (RuntimeException failed) {
      if (outputDir != null) outputDir.close();
      if (origin != null) origin.close();
      throw failed;
    }
  }

  /** The job's settings, as given: the embedded origin's address is in {@link #plan()}, which is all that uses it. */
  public FetchpipeSettings settings() {
    return settings;
  }

  /** The URLs, read lazily; its site names the embedded origin's address when the job uses it. */
  public JobPlan plan() {
    return plan;
  }

  /** What an earlier run into the same dir completed: those URLs are KEPT, not fetched. */
  public Resume resume() {
    return resume;
  }

  /** The output dir's journal, started with the kept files' lines; the writer appends each final outcome to it. */
  public Journal journal() {
    return journal;
  }

  /**
   * Removes temporary files a body cut off as the job ended may have left (the job is over, so none is in use),
   * closes the journal, releases the output dir and stops the embedded origin. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      outputDir.removeTemporaryFiles();
      journal.close();
    } catch (IOException closing) {
      throw new UncheckedIOException(closing);
    } finally {
      try {
        outputDir.close();
      } finally {
        if (origin != null) origin.close();
      }
    }
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
}
