package dev.fetchpipe.report;

import dev.fetchpipe.job.JobPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The text a job prints before and after it runs, in the shape of Fluent Python's flags2 reports. */
public final class Summary {
  private static final int ERRORS_SHOWN = 10;

  private Summary() {}

  /** Where from, how many, into where, and how many requests at once. */
  public static String header(JobPlan plan, int concurrency, Path outputDir) {
    int n = plan.items().size();
    return "Site: " + plan.site() + "\n"
        + "Downloading " + plural(n, "URL") + " into " + outputDir + "\n"
        + (concurrency == 1 ? "1 connection will be used." : concurrency + " concurrent connections will be used.") + "\n";
  }

  /** The failures (the first few), then the counts and the elapsed time. */
  public static String footer(JobReport report) {
    StringBuilder text = new StringBuilder();
    List<ItemResult> failed = report.items().stream().filter(item -> item.outcome() != Outcome.OK).toList();
    for (ItemResult item : failed.subList(0, Math.min(ERRORS_SHOWN, failed.size()))) {
      String why = item.outcome() == Outcome.NOT_FOUND ? "not found" : "error: " + item.error();
      text.append("  ").append(item.url()).append(" -- ").append(why).append('\n');
    }
    if (failed.size() > ERRORS_SHOWN) {
      text.append("  ... and ").append(failed.size() - ERRORS_SHOWN).append(" more (--report FILE lists every URL)\n");
    }
    text.append("-".repeat(20)).append('\n');
    text.append(String.format(Locale.ROOT, "%3d downloaded.%n", report.ok()));
    if (report.notFound() > 0) text.append(String.format(Locale.ROOT, "%3d not found.%n", report.notFound()));
    if (report.errors() > 0) {
      text.append(String.format(Locale.ROOT, "%3d %s.%n", report.errors(), report.errors() == 1 ? "error" : "errors"));
    }
    text.append(String.format(Locale.ROOT, "Elapsed time: %.2fs%n", report.elapsedMs() / 1000.0));
    return text.toString();
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

}
