package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Renamed;
import dev.fetchpipe.report.Timings;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fetcher knows of a URL as it ends: everything its {@link ItemResult} says but the outcome and, for a saved
 * file, how the write went. Immutable, so that the writer's thread can finish a result after the fetcher has moved on
 * to its next URL (see {@link DiskWriter.Write}).
 *
 * @param earlierAttempts the attempts that already ended (failed and waited for a retry)
 * @param lastAttempt     the attempt still open, which ends with the URL, or null when the URL ends while waiting to
 *                        retry (its last attempt is among the earlier ones)
 */
record UrlEnding(JobItem item, Integer status, double startedMs, Double firstByteMs, Double bodyDoneMs,
    List<Attempt> earlierAttempts, OpenAttempt lastAttempt, JobClock clock) {

  /** The attempt under way: it ends when the URL does. */
  record OpenAttempt(int number, double startedMs, Double firstByteMs, Integer status) {}

  UrlEnding {
    earlierAttempts = List.copyOf(earlierAttempts);
  }

  /** The URL ended without a file: NOT_FOUND, ERROR or CANCELLED, with why (null for NOT_FOUND). */
  ItemResult ended(Outcome outcome, String error) {
    return result(outcome, null, error);
  }

  /**
   * The writer's answer for the URL's body: OK with the file, UNCHANGED with the earlier run's file (a 304), or ERROR
   * when nothing was saved.
   */
  ItemResult written(DiskWriter.Result result) {
    if (result instanceof DiskWriter.Written written) return result(Outcome.OK, written, null);
    if (result instanceof DiskWriter.Unchanged unchanged) return result(Outcome.UNCHANGED, unchanged.file(), null);
    if (result instanceof DiskWriter.Gone gone) return result(Outcome.ERROR, null, "HTTP 304 Not Modified, but " + gone.why());
    if (result instanceof DiskWriter.Mismatched mismatched) {
      return result(Outcome.ERROR, null, "checksum mismatch (expected " + mismatched.expected() + ", got " + mismatched.got() + ")");
    }
    return result(Outcome.ERROR, null, "write failed: " + ((DiskWriter.WriteFailed) result).reason());
  }

  private ItemResult result(Outcome outcome, DiskWriter.Written written, String error) {
    double now = clock.millis();
    List<Attempt> attempts = new ArrayList<>(earlierAttempts);
    if (lastAttempt != null) {
      attempts.add(new Attempt(lastAttempt.number(), lastAttempt.startedMs(), lastAttempt.firstByteMs(), now,
          lastAttempt.status(), error, null));
    }
    return new ItemResult(item.index(), item.url(), outcome, status,
        written == null ? 0 : written.bytes(),
        written == null ? null : written.sha256(),
        written == null ? null : written.path().toString(),
        error,
        written == null ? null : written.thread(),
        new Timings(JobClock.QUEUED_MS, startedMs, firstByteMs, bodyDoneMs, now), attempts, note(written))
        .withResumedBytes(written == null ? 0 : written.resumed()).withRenamed(renamed(written))
        .withValidator(written == null ? null : written.validator());
  }

  /** Why the item's name is numbered, unless its file went under its server's name instead. */
  private Renamed renamed(DiskWriter.Written written) {
    boolean elsewhere = written != null && item.fileName() != null && !written.path().endsWith(item.fileName());
    return elsewhere ? null : item.renamed();
  }

  /** The item's own name note, and where its server's Content-Disposition name went. */
  private String note(DiskWriter.Written written) {
    String placed = written == null ? null : written.note();
    if (placed == null) return item.nameNote();
    return item.nameNote() == null ? placed : item.nameNote() + "; " + placed;
  }
}
