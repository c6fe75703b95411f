package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.EmbeddedOrigin;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.JobSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.job.OutputDirBusyException;
import dev.fetchpipe.job.TakenNames;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.report.JobStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Everything a job needs before its actors start and after they stop, without waiting for the job in between: the
 * planned URLs, the locked output dir, what an earlier run there completed (resume) and the started journal. Whoever
 * runs the job starts the built-in origin first when the job fetches from it ({@link EmbeddedOrigin}), and hands it
 * here to be stopped with the job. {@code run} opens one, runs the {@link PipelineSupervisor} and closes it; the daemon
 * opens one per job and runs the supervisor as a child of its long-lived system. Close it only once the job's actors
 * have stopped: it removes temporary files a cut-off body left, which would otherwise race a write still under way.
 */
public final class PreparedJob implements AutoCloseable {
  private final FetchpipeSettings settings;
  private final EmbeddedOrigin origin;
  private final JobPlan plan;
  private final OutputDir outputDir;
  private final Resume resume;
  private final Journal journal;
  private final JobClock clock;
  /** The names a Content-Disposition may still have, or null when job.names = url. */
  private final TakenNames names;
  private boolean closed;

  private PreparedJob(FetchpipeSettings settings, EmbeddedOrigin origin, JobPlan plan, OutputDir outputDir, Resume resume,
      Journal journal, JobClock clock) {
    this.settings = settings;
    this.clock = clock;
    this.origin = origin;
    this.plan = plan;
    this.outputDir = outputDir;
    this.resume = resume;
    this.journal = journal;
    this.names = settings.job().names() == JobSettings.Names.CONTENT_DISPOSITION ? TakenNames.of(plan) : null;
  }

  /**
   * Prepares the job.
   *
   * @param origin the built-in origin the job fetches from when its base-url is "embedded", started by the caller and
   *               stopped with the job (also when preparing it fails); null for any other job
   * @throws OutputDirBusyException when another job holds the output dir, in this process or another
   * @throws SettingsException      when the job cannot start for another reason (no URL file, a dir that cannot be
   *                                written, a journal that cannot be read)
   */
  public static PreparedJob open(FetchpipeSettings settings, EmbeddedOrigin origin) {
    return open(settings, origin, Resume.Progress.NONE);
  }

  /**
   * As {@link #open(FetchpipeSettings, EmbeddedOrigin)}, telling {@code check} how far the check of the files an
   * earlier run saved is (on this thread: call it where blocking is allowed). The job's clock starts now, so its
   * elapsed time counts the check.
   */
  public static PreparedJob open(FetchpipeSettings settings, EmbeddedOrigin origin, Resume.Progress check) {
    JobClock clock = JobClock.startNow();
    OutputDir outputDir = null;
    try {
      boolean embedded = settings.job().source() instanceof UrlSource.Flags flags && flags.embedded();
      if (embedded && origin == null) throw new IllegalArgumentException("start the built-in origin for the job first");
      JobPlan plan = JobPlan.of(settings.job().source(), origin == null ? null : origin.flagsUrl(), settings.job().layout());
      // Held until close: a second job into the same dir is refused, not raced.
      outputDir = OutputDir.open(settings.job().outputDir());
      Path dir = outputDir.path();
      Resume resume = settings.job().resume() ? checkJournal(dir, plan, check, settings.job().refresh()) : Resume.none();
      if (!settings.job().resumePartial()) resume = resume.withoutPartials();
      // Partial files no body of this job continues are nobody's now.
      Set<Path> continued = new HashSet<>();
      resume.partials().values().forEach(partial -> continued.add(OutputDir.partialFile(dir, partial.file())));
      outputDir.removePartialFilesBut(continued);
      return new PreparedJob(settings, origin, plan, outputDir, resume, startJournal(dir, resume), clock);
    } catch (RuntimeException failed) {
      if (outputDir != null) outputDir.close();
      if (origin != null) origin.close();
      throw failed;
    }
  }

  /** The job's settings, as given: the built-in origin's address is in {@link #plan()}, which is all that uses it. */
  public FetchpipeSettings settings() {
    return settings;
  }

  /** The URLs, read lazily; its site names the built-in origin's address when the job uses it. */
  public JobPlan plan() {
    return plan;
  }

  /** The job's clock, started as it was opened: its elapsed time counts the check of an earlier run's files. */
  public JobClock clock() {
    return clock;
  }

  /** What an earlier run into the same dir completed: those URLs are KEPT, not fetched. */
  public Resume resume() {
    return resume;
  }

  /** The output dir's journal, started with the kept files' lines; the writer appends each final outcome to it. */
  public Journal journal() {
    return journal;
  }

  /** For job.names = content-disposition: which names a server may still give a file; null for job.names = url. */
  public TakenNames takenNames() {
    return names;
  }

  /** How many temporary files an earlier, killed run left in the output dir: removed as it was locked. */
  public int staleTempFilesRemoved() {
    return outputDir.staleTempFilesRemoved();
  }

  /** The most requests in flight at once the job starts with: max-in-flight, fewer when fewer URLs are left to fetch. */
  public int concurrency() {
    int toFetch = plan.fetchable() - resume.kept().size();
    return Math.max(1, Math.min(settings.fetch().maxInFlight(), toFetch));
  }

  /**
   * What the job's header shows. With nothing to fetch (every file kept), no connection, though the loop needs one.
   *
   * @param eachNode the job is spread over a cluster's nodes: its connections are each node's
   */
  public JobStart start(boolean eachNode) {
    boolean nothingToFetch = plan.fetchable() == resume.kept().size();
    return new JobStart(plan.site(), plan.size(), plan.repeats(), plan.repeatedExamples(), nothingToFetch ? 0 : concurrency(),
        settings.job().outputDir().toString(), resume.kept().size(), resume.changed(), resume.otherUrls(), resume.example(),
        staleTempFilesRemoved(), eachNode, resume.revalidate().size(), resume.unvalidated());
  }

  /**
   * Removes temporary files a body cut off as the job ended may have left (the job is over, so none is in use),
   * closes the journal, releases the output dir and stops the built-in origin it was handed. Calling it again does
   * nothing.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      // A dir removed or moved away while the job ran has nothing left to clean; the journal is closed all the same.
      try {
        if (Files.isDirectory(outputDir.path())) outputDir.removeTemporaryFiles();
      } finally {
        journal.close();
      }
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

  private static Resume checkJournal(Path dir, JobPlan plan, Resume.Progress check, JobSettings.Refresh refresh) {
    try {
      try (var items = plan.stream()) {
        return Resume.check(dir, items::iterator, check, refresh);
      }
    } catch (IOException e) {
      throw new SettingsException("fetchpipe.job.output-dir", "cannot read the journal in " + dir + ": " + e.getMessage());
    }
  }

  /** The journal starts afresh with the kept files' lines, before any fetch, so a disk problem shows up now. */
  private static Journal startJournal(Path dir, Resume resume) {
    try {
      return Journal.start(dir, resume.carriedOver());
    } catch (IOException e) {
      throw new SettingsException("fetchpipe.job.output-dir", "cannot write the journal in " + dir + ": " + e.getMessage());
    }
  }
}
