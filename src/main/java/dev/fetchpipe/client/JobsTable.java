package dev.fetchpipe.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** `fetchpipe jobs`'s table: one line a job, numbers right-aligned, the rest left-aligned. */
public final class JobsTable {
  private static final String[] HEADER = {"ID", "STATE", "DONE", "OK/FAILED/SKIPPED", "IN FLIGHT", "ELAPSED", "OUTPUT DIR"};
  /** Columns whose cells are numbers, so their ends line up. */
  private static final boolean[] RIGHT = {false, false, true, true, true, true, false};

  private JobsTable() {}

  public static String render(List<RemoteJobStatus> jobs) {
    if (jobs.isEmpty()) return "No jobs.\n";
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (RemoteJobStatus job : jobs) rows.add(row(job));
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        if (c > 0) line.append("  ");
        String pad = " ".repeat(widths[c] - row[c].length());
        line.append(RIGHT[c] ? pad + row[c] : row[c] + pad);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String[] row(RemoteJobStatus job) {
    // A job still being prepared, or one that could not start, has no counts yet: a dash says so, where 0/0 would not.
    boolean counted = job.site() != null;
    return new String[] {
        job.id(),
        job.error() == null ? job.state() : job.state() + " (could not start)",
        counted ? job.done() + "/" + job.total() : "-",
        counted ? job.counts().saved() + "/" + job.counts().failed() + "/" + job.counts().skipped() : "-",
        counted ? String.valueOf(job.inFlight()) : "-",
        counted ? String.format(Locale.ROOT, "%.1fs", job.elapsedMs() / 1000.0) : "-",
        job.outputDir() == null ? "" : job.outputDir()};
  }
}
