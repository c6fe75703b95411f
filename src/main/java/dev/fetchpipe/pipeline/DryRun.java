package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.EmbeddedOrigin;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.report.DryRunResult;
import dev.fetchpipe.report.Probe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code run --dry-run}: every URL of the job asked about, none fetched, nothing written. The plan gives each URL its
 * file name as a run would; the output dir's journal, read and never written, says which files a run would keep; every
 * other usable URL gets a {@link HeadProbe}, max-in-flight of them at once, each with a {@link FetcherHttp} of its own
 * as a fetcher has. No output dir is made or locked, no journal started, no temporary file opened: a dry run may look
 * at a folder another job is writing into.
 */
public final class DryRun {
  private DryRun() {}

  /** Hears the dry run as it goes: what it will ask, then each URL's probe in the job's order. */
  public interface Listener {
    /** Before the first URL is asked: the job's site, its URLs, how many are asked at once. */
    void started(String site, int urls, int concurrency);

    /** A URL's probe, as soon as it and those before it are known. */
    void asked(Probe probe);
  }

  /**
   * @param origin the built-in origin when the job fetches from it, started by the caller and stopped here; else null
   * @throws SettingsException when the output dir's journal is there but cannot be read
   */
  public static DryRunResult run(FetchpipeSettings settings, EmbeddedOrigin origin, Listener listener) {
    try {
      JobPlan plan = JobPlan.of(settings.job().source(), origin == null ? null : origin.flagsUrl(),
          settings.job().layout());
      Resume resume = settings.job().resume() ? kept(settings.job().outputDir(), plan) : Resume.none();
      if (!settings.job().resumePartial()) resume = resume.withoutPartials();
      int concurrency = Math.max(1, Math.min(settings.fetch().maxInFlight(), plan.fetchable() - resume.kept().size()));
      listener.started(plan.site(), plan.size(), concurrency);
      List<Probe> probes = ask(settings, plan, resume, concurrency, listener::asked);
      return new DryRunResult(plan.site(), concurrency, settings.job().outputDir().toString(), probes);
    } finally {
      if (origin != null) origin.close();
    }
  }

  private static List<Probe> ask(FetchpipeSettings settings, JobPlan plan, Resume resume, int concurrency,
      Consumer<Probe> each) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fetchpipe", settings.config());
    try {
      ConnectionPoolSettings pool = settings.connectionPool();
      Duration discardFor = settings.fetch().idleTimeout();
      ConcurrentLinkedQueue<HeadProbe> idle = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < concurrency; i++) {
        idle.add(new HeadProbe(new FetcherHttp(system, pool, settings.fetch().net(), discardFor), settings.fetch()));
      }
      return Source.fromJavaStream(plan::stream)
          .mapAsync(concurrency, item -> probe(item, resume, idle))
          .wireTap(each::accept)
          .runWith(Sink.seq(), system)
          .toCompletableFuture().join();
    } finally {
      Http.get(system).shutdownAllConnectionPools().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(slow -> null).join();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** A kept or unusable URL is not asked (a run would not ask either); any other goes to an idle probe. */
  private static CompletionStage<Probe> probe(JobItem item, Resume resume, ConcurrentLinkedQueue<HeadProbe> idle) {
    JournalEntry kept = resume.kept().get(item.index());
    if (kept != null) {
      return CompletableFuture.completedFuture(new Probe(item.index(), item.url(), item.fileName(), null, kept.bytes(),
          null, null, item.nameNote(), true).withRenamed(item.renamed()));
    }
    if (!item.fetchable()) {
      return CompletableFuture.completedFuture(new Probe(item.index(), item.url(), null, null, null, null,
          item.problem(), null, false));
    }
    // mapAsync runs no more at once than there are probes: one is always idle here.
    HeadProbe probe = idle.poll();
    Resume.Partial partial = resume.partials().get(item.index());
    return probe.ask(item).whenComplete((done, failure) -> idle.add(probe))
        .thenApply(asked -> partial == null ? asked : asked.resuming(partial.bytes()));
  }

  /**
   * What an earlier run into the dir saved whole, and the bodies it was cut off in, read from its journal without
   * touching anything.
   */
  private static Resume kept(Path dir, JobPlan plan) {
    try (var items = plan.stream()) {
      return Resume.check(dir, items::iterator);
    } catch (IOException e) {
      throw new SettingsException("fetchpipe.job.output-dir", "cannot read the journal in " + dir + ": " + e.getMessage());
    }
  }
}
