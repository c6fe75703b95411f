package dev.fetchpipe.client;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.util.List;

/**
 * What a job's {@code end} event carries for run's summary beyond the counts: how many files were renamed and the
 * first failed URLs. The summary then needs neither an item event per URL (10,000 of them for a long job, each read
 * by this client while the daemon, on the same cores, still works) nor the daemon's report, which lists every URL.
 *
 * @param renamed  OK URLs saved under a file name other than their URL's; null from a daemon that does not send it
 * @param failures the first failed URLs, as many as the summary lists; null likewise
 */
record EndSummary(Integer renamed, List<Failure> failures) {

  /** The fields of a failed item that the summary shows; the rest (timings, attempts...) are skipped unread. */
  record Failure(int index, String url, Outcome outcome, String error) {}

  /** From the end event. */
  static EndSummary from(JsonFields json) {
    List<JsonFields> failed = json.objects("failures");
    List<Failure> failures = failed == null ? null : failed.stream().map(failure -> new Failure(failure.integer("index"),
        failure.text("url"), failure.constant("outcome", Outcome.class), failure.text("error"))).toList();
    return new EndSummary(json.integerOrNull("renamed"), failures);
  }

  /** Whether the end carried the summary: not so for a job that failed to start, whose end has only its error. */
  boolean present() {
    return renamed != null && failures != null;
  }

  /** What run's summary needs of the job's report, from the job's final status and this. */
  JobReport report(RemoteJobStatus end, int concurrency) {
    List<ItemResult> listed = failures.stream().map(failure -> new ItemResult(failure.index(), failure.url(),
        failure.outcome(), null, 0, null, null, failure.error(), null, null, List.of(), null)).toList();
    return new JobReport(end.site(), end.total(), concurrency, end.counts(), renamed, end.elapsedMs(),
        end.cancellation(), List.of(), false, listed, false, List.of(), 0);
  }
}
