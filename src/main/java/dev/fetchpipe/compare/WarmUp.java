package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.JobPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An unmeasured run of each engine on the job's first few URLs, before the measured runs. The first engine to run in
 * a fresh JVM would otherwise pay for loading its classes, the JIT, and the first connections to the origin, and a
 * later engine would look faster only for coming later. A warm-up evens that out; it does not make it vanish (the
 * JIT keeps compiling during the measured runs), which is why the table says in what order the engines ran.
 */
public final class WarmUp {
  /** Enough to load every class on the way and open a few connections, and quick even against a slow origin. */
  public static final int DEFAULT_URLS = 5;

  private WarmUp() {}

  /**
   * Runs {@code engine} on the first {@code urls} usable URLs of the job into a temporary folder, which is deleted
   * after (fetchpipe made it, and only its own files are in it).
   */
  public static void run(Engine engine, JobConfig job, Map<String, Object> pointAt, int urls) {
    run(engine, job, pointAt, urls, new RunCancel());
  }

  /** Like {@link #run(Engine, JobConfig, Map, int)}, stopped early by {@code cancel}. */
  public static void run(Engine engine, JobConfig job, Map<String, Object> pointAt, int urls, RunCancel cancel) {
    if (urls <= 0) return;
    FetchpipeSettings pointed = job.with(pointAt);
    List<String> first = JobPlan.of(pointed.job().source(), null).items().stream()
        .filter(JobItem::fetchable).limit(urls).map(JobItem::url).toList();
    if (first.isEmpty()) return;
    Path scratch = scratchDir();
    try {
      Map<String, Object> keys = new HashMap<>(pointAt);
      keys.put("fetchpipe.job.urls", first);
      keys.put("fetchpipe.job.url-file", "");
      keys.put("fetchpipe.job.base-url", "");
      keys.put("fetchpipe.job.codes", List.of());
      keys.put("fetchpipe.job.output-dir", scratch.toString());
      engine.run(job.with(keys), cancel);
    } finally {
      deleteTree(scratch);
    }
  }

  private static Path scratchDir() {
    try {
      return Files.createTempDirectory("fetchpipe-warmup-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the warm-up", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    } catch (IOException e) {
      // Only a few flags in the temp dir are left behind; not worth failing the comparison for.
    }
  }
}
