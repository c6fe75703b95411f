package dev.fetchpipe.console;

import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobStart;
import dev.fetchpipe.report.Tally;
import java.util.List;
import java.util.Locale;

/** The text a job prints before and after it runs, in the shape of Fluent Python's flags2 reports. */
public final class Summary {

  private Summary() {}

  /**
   * Where from, how many, into where, what an earlier run into the same dir completed, and how many requests at once
   * (after the resume, which says why there may be nothing to fetch); first the temporary files a killed run left
   * (removed now).
   */
  public static String header(JobStart job) {
    StringBuilder text = new StringBuilder();
    if (job.staleTempFiles() > 0) {
      text.append("Removed ").append(job.staleTempFiles()).append(" temporary files an earlier run left behind.\n");
    }
    text.append("Site: ").append(job.site()).append('\n')
        .append("Downloading ").append(plural(job.urls(), "URL")).append(" into ").append(job.outputDir()).append('\n')
        .append(repeats(job))
        .append(resumed(job))
        .append(connections(job.connections(), job.eachNode())).append('\n');
    return text.toString();
  }

  /** @param eachNode a cluster's job: so many on each node, the job's being that times the nodes */
  private static String connections(int concurrency, boolean eachNode) {
    String where = eachNode ? " on each node of the cluster" : "";
    return switch (concurrency) {
      case 0 -> "Nothing to fetch: no connection will be used.";
      case 1 -> "1 connection will be used" + where + ".";
      default -> concurrency + " concurrent connections will be used" + where + ".";
    };
  }

  /** A URL listed more than once is fetched once: say so, naming the first few, so a surprise count is explained. */
  static String repeats(JobStart job) {
    if (job.repeats() == 0) return "";
    return "Listed more than once, fetched once: " + String.join(", ", job.repeatedExamples())
        + " (" + plural(job.repeats(), "repeated line") + " left out)\n";
  }

  /**
   * What a resumed job found in its output dir's journal: the files kept, those changed on disk since (fetched again),
   * and those an earlier run fetched from other URLs (the job's URLs changed, say the built-in origin's port: nothing
   * is wrong, the files are simply fetched from the new URLs).
   */
  static String resumed(JobStart job) {
    StringBuilder text = new StringBuilder();
    if (job.kept() > 0 || job.refetched() > 0) {
      text.append("Resuming: ").append(plural(job.kept(), "file")).append(" already complete from an earlier run ")
          .append(job.kept() == 1 ? "is" : "are").append(" kept");
      if (job.refetched() > 0) {
        text.append("; ").append(job.refetched()).append(job.refetched() == 1 ? " was" : " were")
            .append(" changed or removed since, and will be fetched again");
      }
      text.append(".\n");
    }
    if (job.otherUrls() > 0) {
      text.append("An earlier run into this dir fetched other URLs");
      if (job.urlChange() != null) {
        text.append(" (").append(job.urlChange().earlier()).append(", now ").append(job.urlChange().now()).append(')');
      }
      text.append(": ").append(plural(job.otherUrls(), "file")).append(job.otherUrls() == 1 ? " it saved is" : " it saved are")
          .append(" fetched again from this job's URLs.\n");
    }
    return text.toString();
  }

  /** The failures (the first few), then the counts and the elapsed time. */
  public static String footer(JobReport report) {
    StringBuilder text = new StringBuilder();
    // Skipped URLs are only counted: after an early cancel they would crowd out the ones worth reading.
    List<ItemResult> failed = report.items().stream().filter(Tally::isFailure).limit(JobReport.FAILURES_LISTED).toList();
    for (ItemResult item : failed) {
      String why = switch (item.outcome()) {
        case NOT_FOUND -> "not found";
        case CANCELLED -> "cancelled: " + item.error();
        default -> "error: " + item.error();
      };
      text.append("  ").append(item.url()).append(" -- ").append(why).append('\n');
    }
    Counts counts = report.counts();
    if (counts.failed() > failed.size()) {
      text.append("  ... and ").append(counts.failed() - failed.size())
          .append(" more (--report FILE lists every URL)\n");
    }
    text.append(numbered(report));
    text.append("-".repeat(20)).append('\n');
    text.append(String.format(Locale.ROOT, "%3d downloaded.%n", counts.ok()));
    if (counts.kept() > 0) {
      text.append(String.format(Locale.ROOT, "%3d already complete from an earlier run (kept).%n", counts.kept()));
    }
    if (counts.notFound() > 0) text.append(String.format(Locale.ROOT, "%3d not found.%n", counts.notFound()));
    if (counts.errors() > 0) {
      text.append(String.format(Locale.ROOT, "%3d %s.%n", counts.errors(), counts.errors() == 1 ? "error" : "errors"));
    }
    if (counts.cancelled() > 0) {
      text.append(String.format(Locale.ROOT, "%3d cancelled (cut off).%n", counts.cancelled()));
    }
    if (counts.skipped() > 0) text.append(String.format(Locale.ROOT, "%3d skipped (never started).%n", counts.skipped()));
    int renamed = report.renamed();
    if (renamed > 0) {
      text.append(String.format(Locale.ROOT, "%3d saved under a file name that differs from the URL's (--report FILE says why).%n", renamed));
    }
    if (report.cancellation() != null) text.append(cancellation(report.cancellation())).append('\n');
    text.append(String.format(Locale.ROOT, "Elapsed time: %.2fs%n", report.elapsedMs() / 1000.0));
    return text.toString();
  }

  /**
   * The files saved under a numbered name ("a-2.bin"), the first few, each saying which name it wanted and which URL
   * of the job was given that name (and how that URL ended, if it saved nothing); the rest counted.
   */
  static String numbered(JobReport report) {
    StringBuilder text = new StringBuilder();
    List<ItemResult> listed = report.items().stream().filter(Tally::isNumbered).limit(JobReport.RENAMES_LISTED).toList();
    for (ItemResult item : listed) {
      text.append("  ").append(Printable.of(item.renamed().describe(item.url()))).append('\n');
    }
    if (report.numbered() > listed.size()) {
      text.append("  ... and ").append(report.numbered() - listed.size()).append(" more renamed (--report FILE says why)\n");
    }
    return text.toString();
  }

  /** One line: when and why, what was in flight, what became of it, and how long the actors took to stop. */
  static String cancellation(Cancellation c) {
    int cutOff = c.inFlight() - c.finishedAfterCancel();
    String stopped = c.lastStoppedMs() == null ? ""
        : String.format(Locale.ROOT, "; the last fetcher stopped %.2fs after the cancel", (c.lastStoppedMs() - c.atMs()) / 1000.0);
    return String.format(Locale.ROOT, "%s at %.2fs (%s): %d in flight, %d finished, %d cut off%s.",
        c.source().stoppedWord(), c.atMs() / 1000.0, c.source().describe(c.reason()), c.inFlight(), c.finishedAfterCancel(), cutOff, stopped);
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
