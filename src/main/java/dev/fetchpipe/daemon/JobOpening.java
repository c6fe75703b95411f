package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.job.OutputDirBusyException;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.pipeline.PreparedJob;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a daemon job needs before its actors start, and what the API says when it cannot have it: the counterpart of
 * {@link EndFiles}. Blocking: call {@link #open} on the blocking-io dispatcher.
 */
final class JobOpening {
  private JobOpening() {}

  /**
   * The job prepared (output dir locked, journal read, the built-in origin started when it uses one) and, when it is
   * {@code isNew}, kept in the state dir: a job the daemon cannot keep does not start, so a daemon killed mid-job
   * always finds it again. {@code checking} hears how far the check of the files an earlier run saved is
   * ({@link JobCheck}, at most one an {@code interval}); a new job is kept before the first, as the job is answered
   * 201 then.
   */
  static PreparedJob open(FetchpipeSettings settings, StoredJob stored, StateDir stateDir, boolean isNew,
      Duration interval, Consumer<ObjectNode> checking) {
    JobCheck check = new JobCheck(settings.job().outputDir().toString(), interval,
        () -> { if (isNew) keep(stored, stateDir); }, checking);
    PreparedJob job = PreparedJob.open(settings, OriginServer.forJob(settings), check);
    if (isNew && !check.began()) {
      try {
        keep(stored, stateDir);
      } catch (RuntimeException e) {
        job.close();
        throw e;
      }
    }
    return job;
  }

  /** {@link #open} on the daemon's blocking-io dispatcher, its check told at the pace of the job's owner, if any. */
  static CompletableFuture<PreparedJob> async(FetchpipeSettings settings, StoredJob stored, DaemonJobContext daemon,
      boolean isNew, JobOwner owner, Consumer<ObjectNode> checking) {
    return CompletableFuture.supplyAsync(() -> open(settings, stored, daemon.stateDir(), isNew, JobOwner.checkPace(owner),
        checking), daemon.blockingIo());
  }

  private static void keep(StoredJob stored, StateDir stateDir) {
    try {
      stateDir.saveJob(stored);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot keep the job in the state dir: " + PlainWords.of(e), e);
    }
  }

  /**
   * Why a new job did not start, as the API answers it: 409 when its output dir is busy (another job holds it, try
   * later), 400 for settings that can never work, 500 for anything else.
   */
  static ApiReply refusal(Throwable cause) {
    int status = cause instanceof OutputDirBusyException ? 409 : cause instanceof SettingsException ? 400 : 500;
    return ApiReply.error(status, message(cause));
  }

  /** The cause in one line: a SettingsException's message is already the line run prints; anything else in plain words. */
  static String message(Throwable cause) {
    return cause instanceof SettingsException ? cause.getMessage() : PlainWords.of(cause);
  }
}
