package dev.fetchpipe.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Summary;
import dev.fetchpipe.report.Tally;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's URLs as their item events arrive: the counts and the first failures, which is all run's summary shows, kept
 * as run keeps them when it writes no report. The summary then needs no report from the daemon, whose JSON lists
 * every URL: for a long job, megabytes to fetch and read for ten lines.
 */
final class EndedItems {
  /** The fields of an item event the summary uses; the rest (timings, attempts...) are skipped unread. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Item(int index, String url, Outcome outcome, long bytes, String error, String note) {}

  private final Tally tally = new Tally();
  private final List<ItemResult> listed = new ArrayList<>();

  void add(Item item) {
    ItemResult result = new ItemResult(item.index(), item.url(), item.outcome(), null, item.bytes(), null, null,
        item.error(), null, null, List.of(), item.note());
    tally.add(result);
    if (Tally.isFailure(result) && listed.size() < Summary.ERRORS_SHOWN) listed.add(result);
  }

  /** Whether every URL of the job came by: not so when the stream opened after some ended, or dropped events. */
  boolean complete(JobStatus end) {
    return tally.done() == end.total();
  }

  /** What run's summary needs of the job's report, from the items and the job's end. */
  JobReport report(JobStatus end, int concurrency) {
    return JobReport.of(end.site(), end.total(), concurrency, end.elapsedMs(), end.cancellation(), tally, listed, false);
  }
}
