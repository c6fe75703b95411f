package dev.fetchpipe.client;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Renamed;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job's {@code end} event carries for run's summary beyond the counts: how many files were renamed, the first
 * failed URLs and the first files saved under a numbered name. The summary then needs neither an item event per URL
 * (10,000 of them for a long job, each read by this client while the daemon, on the same cores, still works) nor the
 * daemon's report, which lists every URL.
 *
 * @param renamed  OK URLs saved under a file name other than their URL's; null from a daemon that does not send it
 * @param numbered of those, the ones numbered because another URL had their name; 0 when not sent
 * @param failures the first failed URLs, as many as the summary lists; null likewise
 * @param renames  the first files saved under a numbered name, as many as the summary lists; empty when not sent
 */
record EndSummary(Integer renamed, int numbered, List<Failure> failures, List<Rename> renames) {

  /** The fields of a failed item that the summary shows; the rest (timings, attempts...) are skipped unread. */
  record Failure(int index, String url, Outcome outcome, String error) {}

  /** The fields of a file saved under a numbered name that the summary shows. */
  record Rename(int index, String url, Renamed renamed) {}

  /** From the end event. */
  static EndSummary from(JsonFields json) {
    List<JsonFields> failed = json.objects("failures");
    List<Failure> failures = failed == null ? null : failed.stream().map(failure -> new Failure(failure.integer("index"),
        failure.text("url"), failure.constant("outcome", Outcome.class), failure.text("error"))).toList();
    List<Rename> renames = new ArrayList<>();
    List<JsonFields> numbered = json.objects("renames");
    for (JsonFields item : numbered == null ? List.<JsonFields>of() : numbered) {
      JsonFields why = item.object("renamed");
      if (why == null) continue;
      renames.add(new Rename(item.integer("index"), item.text("url"), new Renamed(why.text("name"), why.text("wanted"),
          why.text("takenBy"), why.text("takenAt"), why.integer("takenByIndex"),
          why.constant("takenByOutcome", Outcome.class))));
    }
    return new EndSummary(json.integerOrNull("renamed"), json.integer("numbered"), failures, List.copyOf(renames));
  }

  /** Whether the end carried the summary: not so for a job that failed to start, whose end has only its error. */
  boolean present() {
    return renamed != null && failures != null;
  }

  /** What run's summary needs of the job's report, from the job's final status and this. */
  JobReport report(RemoteJobStatus end, int concurrency) {
    List<ItemResult> listed = new ArrayList<>();
    failures.forEach(failure -> listed.add(new ItemResult(failure.index(), failure.url(), failure.outcome(), null, 0,
        null, null, failure.error(), null, null, List.of(), null)));
    renames.forEach(rename -> listed.add(new ItemResult(rename.index(), rename.url(), Outcome.OK, null, 0, null, null,
        null, null, null, List.of(), null).withRenamed(rename.renamed())));
    return new JobReport(end.site(), end.total(), concurrency, end.counts(), renamed, numbered, end.elapsedMs(),
        end.cancellation(), List.of(), false, listed, false, List.of(), 0);
  }
}
