package dev.fetchpipe.daemon;

import com.typesafe.config.ConfigException;
import dev.fetchpipe.config.SettingsException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a submitted job off the actors' threads: on the daemon's parsing dispatcher, within daemon.parse-timeout, with
 * whatever goes wrong in it (a {@code StackOverflowError} included, which on an actor's thread would make Pekko stop
 * the JVM) turned into a one-line 400 for that request alone.
 */
final class JobIntake {

  /** A job read and checked, with the files its submitter asked for (absolute, allowed; or null). */
  record Submission(JobRequests.Parsed job, String report, String timeline) {}

  private final JobRegistry.JobParser parser;
  private final Confinement confinement;
  private final Executor parsing;
  private final Duration timeout;

  JobIntake(JobRegistry.JobParser parser, Confinement confinement, Executor parsing, Duration timeout) {
    this.parser = parser;
    this.confinement = confinement;
    this.parsing = parsing;
    this.timeout = timeout;
  }

  /** @param run a job run hands over (see {@link JobRegistry.JobParser#parse}) */
  CompletionStage<Submission> read(String body, Optional<String> report, Optional<String> timeline, boolean run) {
    return CompletableFuture.supplyAsync(() -> contained(() -> new Submission(parser.parse(body, false, run),
            endFile("report", report), endFile("timeline", timeline))), parsing)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(plain(failure)));
  }

  /** Files the daemon writes for a client are named absolutely (the client's working dir is not the daemon's) and allowed. */
  private String endFile(String parameter, Optional<String> value) {
    if (value.isEmpty()) return null;
    String file = value.get().strip();
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw new SettingsException(parameter, "not a usable path: " + file);
    }
    if (file.isEmpty() || !path.isAbsolute()) {
      throw new SettingsException(parameter, "must be an absolute path, got \"" + file + "\"");
    }
    Path real = confinement.check(parameter, path);
    return (confinement.confined() ? real : path.normalize()).toString();
  }

  private interface Work<T> {
    T run();
  }

  /** Any failure of reading a job as the one line its submitter is told. */
  private static <T> T contained(Work<T> work) {
    try {
      return work.run();
    } catch (StackOverflowError e) {
      throw new SettingsException("the job", "is too deeply nested to read");
    } catch (ConfigException e) {
      throw new SettingsException("the job", e.getMessage().replaceAll("\\R", " "));
    }
  }

  private Throwable plain(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return new SettingsException("the job", "took longer than daemon.parse-timeout (" + timeout.toMillis()
          + " ms) to read");
    }
    return cause;
  }
}
