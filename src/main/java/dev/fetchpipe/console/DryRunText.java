package dev.fetchpipe.console;

import dev.fetchpipe.report.DryRunResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Probe;
import dev.fetchpipe.report.Renamed;
import java.util.List;
import java.util.Locale;

/** What {@code run --dry-run} prints: a header, a line per URL as it is known, and the totals. Plain text. */
public final class DryRunText {
  private DryRunText() {}

  /** Before any URL is asked. */
  public static String header(String site, int urls, int concurrency, String outputDir) {
    return String.format(Locale.ROOT, "Dry run: %d URL%s from %s, up to %d asked at once, into %s.%n"
        + "Nothing is fetched or written: each URL is asked for its head only (HEAD).%n",
        urls, urls == 1 ? "" : "s", site, concurrency, outputDir);
  }

  /** One URL: its status (or "kept", or "-"), its size, the file it would be saved as, its URL, and why not if not. */
  public static String line(Probe probe) {
    String status = probe.kept() ? "kept" : probe.status() == null ? "-" : String.valueOf(probe.status());
    String size = probe.size() == null ? "?" : ProgressText.humanBytes(probe.size());
    String name = probe.fileName() == null ? "-" : probe.fileName();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5s %11s  %s  %s", status, size, name,
        probe.url()));
    if (probe.kept()) line.append(" -- saved whole by an earlier run: kept, not asked");
    if (probe.resumed() != null) {
      line.append(" -- resumed: ").append(ProgressText.humanBytes(probe.resumed())).append(" (").append(probe.resumed())
          .append(" bytes) kept from a body cut off earlier, only the rest is asked for");
    }
    if (probe.error() != null) line.append(" -- ").append(probe.error());
    if (probe.asked() != null && !probe.asked().equals("HEAD")) {
      line.append(" (HEAD refused: asked with ").append(probe.asked()).append(')');
    }
    if (probe.nameNote() != null) line.append(" (name: ").append(probe.nameNote()).append(')');
    return line.append(System.lineSeparator()).toString();
  }

  /** The totals: how many would be saved, their size, the names changed, the files kept. */
  public static String footer(DryRunResult result) {
    StringBuilder text = new StringBuilder("-".repeat(20)).append(System.lineSeparator());
    int urls = result.probes().size();
    long notSaved = urls - result.fine();
    text.append(String.format(Locale.ROOT, "%d of %d URL%s would be saved (2xx or kept)%s.%n", result.fine(), urls,
        urls == 1 ? "" : "s", notSaved == 0 ? "" : "; " + notSaved + " would not"));
    long unknown = result.sizesUnknown();
    text.append(String.format(Locale.ROOT, "Total size: %s (%d bytes)%s.%n", ProgressText.humanBytes(result.totalSize()),
        result.totalSize(), unknown == 0 ? "" : ", and " + unknown + " URL" + (unknown == 1 ? "" : "s")
            + " of unknown size"));
    if (result.kept() > 0) {
      text.append(String.format(Locale.ROOT, "Kept from an earlier run: %d (not fetched again).%n", result.kept()));
    }
    if (!result.resumed().isEmpty()) {
      long bytes = result.resumed().stream().mapToLong(Probe::resumed).sum();
      text.append(String.format(Locale.ROOT, "Resumed from a body cut off earlier: %d (%s kept, not fetched again).%n",
          result.resumed().size(), ProgressText.humanBytes(bytes)));
    }
    List<Probe> renamed = result.renamed();
    if (!renamed.isEmpty()) {
      text.append(String.format(Locale.ROOT, "Names changed: %d%n", renamed.size()));
      for (Probe probe : renamed.subList(0, Math.min(renamed.size(), JobReport.RENAMES_LISTED))) {
        Renamed numbered = result.renamed(probe);
        String line = numbered != null ? numbered.describe(probe.url())
            : probe.fileName() + " <- " + probe.url() + ": " + probe.nameNote();
        text.append("  ").append(Printable.of(line)).append(System.lineSeparator());
      }
      if (renamed.size() > JobReport.RENAMES_LISTED) {
        text.append("  ... and ").append(renamed.size() - JobReport.RENAMES_LISTED)
            .append(" more (each URL's line above says why)").append(System.lineSeparator());
      }
    }
    text.append("Nothing was written.").append(System.lineSeparator());
    return text.toString();
  }
}
