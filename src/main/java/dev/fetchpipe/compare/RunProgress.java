package dev.fetchpipe.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * While compare or sweep runs one engine, a plain line every interval: how many files its folder holds so far, and
 * for how long it has run, so a 25-second sequential run is not 25 silent seconds. The folder is counted rather than
 * the engine asked, so every engine is shown the same way, from the files its user will find.
 */
final class RunProgress implements AutoCloseable {
  private final ScheduledExecutorService timer;

  private RunProgress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** @param every how often; null for no lines at all (progress.style = off) */
  static RunProgress start(PrintStream out, String label, Path folder, int urls, Duration every) {
    if (every == null) return new RunProgress(null);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "compare-progress");
      thread.setDaemon(true);
      return thread;
    });
    long started = System.nanoTime();
    timer.scheduleAtFixedRate(() -> {
      out.printf(Locale.ROOT, "    %s: %d/%d files saved, %.1fs%n", label, filesIn(folder), urls,
          (System.nanoTime() - started) / 1e9);
      out.flush();
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return new RunProgress(timer);
  }

  /** Files under their final names: fetchpipe's own (the journal, the lock, temporary files) start with '.'. */
  static long filesIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> !file.getFileName().toString().startsWith(".")).count();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
  }
}
