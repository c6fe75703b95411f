package dev.fetchpipe.timeline;

import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.timeline.LaneLayout.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words beside a run's chart: its counts, and how many worked at once (the question the picture answers: how many
 * fetchers, how many writer threads did this job use?). Plain text, not yet escaped.
 */
final class RunNumbers {
  private RunNumbers() {}

  static String counts(JobReport r) {
    Counts c = r.counts();
    List<String> parts = new ArrayList<>();
    parts.add(c.ok() + " OK");
    if (c.kept() > 0) parts.add(c.kept() + " kept");
    if (c.notFound() > 0) parts.add(c.notFound() + " not found");
    if (c.errors() > 0) parts.add(c.errors() + (c.errors() == 1 ? " error" : " errors"));
    if (c.cancelled() > 0) parts.add(c.cancelled() + " cancelled");
    if (c.skipped() > 0) parts.add(c.skipped() + " skipped");
    return r.urls() + (r.urls() == 1 ? " URL: " : " URLs: ") + String.join(", ", parts)
        + String.format(Locale.ROOT, " \u00b7 elapsed %.2f s \u00b7 limit %d at once \u00b7 %s", r.elapsedMs() / 1000.0,
            r.concurrency(), r.site());
  }

  static String concurrency(JobReport report, TimelineRun.Lanes rule, LaneLayout layout) {
    if (rule == TimelineRun.Lanes.THREADS) {
      int threads = layout.count(Group.THREADS);
      int peak = peak(report, false);
      return "Threads: " + threads + (threads == 1 ? " lane" : " lanes") + "; at most " + peak
          + (peak == 1 ? " request" : " requests") + " in flight at once.";
    }
    int writers = layout.count(Group.WRITERS);
    int fetchers = layout.count(Group.FETCHERS);
    int writing = peak(report, true);
    return "Fetchers: at most " + fetchers + (fetchers == 1 ? " request" : " requests")
        + " in flight at once (one fetcher lane each). Writer threads: " + writers + " wrote files; at most " + writing
        + (writing == 1 ? " body was" : " bodies were") + " with the writers (waiting or being written) at once.";
  }

  static String groupHeading(Group group, JobReport report, LaneLayout layout) {
    int n = layout.count(group);
    return switch (group) {
      case FETCHERS -> "fetchers: one lane per request in flight, " + n + " at the peak";
      case THREADS -> "threads: each URL on the thread that fetched and wrote it, " + n + (n == 1 ? " thread" : " threads");
      case WRITERS -> "writer threads: each file's write on the thread that wrote it, " + n + (n == 1 ? " thread" : " threads");
      case NO_REQUEST -> "never sent a request: " + neverSent(report) + (neverSent(report) == 1 ? " URL" : " URLs")
          + " (skipped, kept, or not usable)";
    };
  }

  static String cancellation(Cancellation c) {
    return String.format(Locale.ROOT, "%s at %.2f s (%s): %d in flight, %d finished, %d cut off%s.",
        c.source().stoppedWord(), c.atMs() / 1000.0, c.source().describe(c.reason()), c.inFlight(), c.finishedAfterCancel(),
        c.inFlight() - c.finishedAfterCancel(),
        c.abortedAtMs() == null ? "" : String.format(Locale.ROOT, "; aborted at %.2f s", c.abortedAtMs() / 1000.0));
  }

  /** The most URLs at one moment between sent and ended, or (writes) between body done and written. */
  private static int peak(JobReport report, boolean writes) {
    List<double[]> spans = new ArrayList<>();
    for (ItemResult item : report.items()) {
      var t = item.timings();
      if (writes && BarSegments.wasWritten(item)) spans.add(new double[] {t.bodyDoneMs(), t.doneMs()});
      if (!writes && t != null && t.startedMs() != null && t.doneMs() != null) spans.add(new double[] {t.startedMs(), t.doneMs()});
    }
    double[] starts = spans.stream().mapToDouble(s -> s[0]).toArray();
    double[] ends = spans.stream().mapToDouble(s -> s[1]).toArray();
    return IntervalPartition.count(IntervalPartition.lanes(starts, ends));
  }

  private static long neverSent(JobReport report) {
    return report.items().stream().filter(i -> i.timings() != null && i.timings().startedMs() == null).count();
  }
}
