package dev.fetchpipe.report;

import java.util.List;

/**
 * What a finished job did: the counts the summary prints and one result per URL, in the job's order.
 *
 * @param site        what the job fetched from
 * @param urls        how many URLs the job had
 * @param concurrency how many requests could be in flight at once
 */
public record JobReport(
    String site,
    int urls,
    int concurrency,
    int ok,
    int notFound,
    int errors,
    long elapsedMs,
    List<ItemResult> items) {

  public static JobReport of(String site, int concurrency, long elapsedMs, List<ItemResult> items) {
    return new JobReport(site, items.size(), concurrency,
        count(items, Outcome.OK), count(items, Outcome.NOT_FOUND), count(items, Outcome.ERROR), elapsedMs,
        List.copyOf(items));
  }

  /** 0 when every URL is OK, 1 when any is not. */
  public int exitCode() {
    return ok == urls ? 0 : 1;
  }

  private static int count(List<ItemResult> items, Outcome outcome) {
    return (int) items.stream().filter(item -> item.outcome() == outcome).count();
  }
}
