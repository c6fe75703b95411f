package dev.fetchpipe.report;

import java.util.List;

/**
 * What a job is as it starts, as its header shows it: where from, how many URLs, into where, how many at once, and
 * what an earlier run into the same dir left. Plain data: the job's supervisor tells it, and a client of the daemon
 * makes one from the job's first status.
 *
 * @param repeats          lines left out as repeats of an earlier line; {@code repeatedExamples} names the first few
 * @param connections      requests in flight at once at most; 0 when there is nothing to fetch (every file kept)
 * @param kept             files an earlier run completed, kept without a request
 * @param refetched        files the journal lists from the same URL that are missing or no longer match, fetched again
 * @param otherUrls        files the journal lists under a name this job gives another URL (the job's URLs changed),
 *                         fetched again; {@code urlChange} shows one of them, null when there is none
 * @param staleTempFiles   temporary files a killed run left behind, removed before the start
 * @param eachNode         a cluster's job: {@code connections} is each node's (max-in-flight is per node)
 * @param revalidated      files an earlier run saved, still as saved, whose server is asked whether they changed
 *                         (job.refresh = if-changed)
 * @param unvalidated      such files journaled without a validator to ask with: fetched again whole
 */
public record JobStart(String site, int urls, int repeats, List<String> repeatedExamples, int connections,
    String outputDir, int kept, int refetched, int otherUrls, UrlChange urlChange, int staleTempFiles,
    boolean eachNode, int revalidated, int unvalidated) {

  /** A file an earlier run saved from {@code earlier}, which this job fetches from {@code now}. */
  public record UrlChange(String earlier, String now) {}

  public JobStart {
    repeatedExamples = List.copyOf(repeatedExamples);
  }

  /** A job whose files, if an earlier run saved any, are not asked about (job.refresh = keep or always). */
  public JobStart(String site, int urls, int repeats, List<String> repeatedExamples, int connections, String outputDir,
      int kept, int refetched, int otherUrls, UrlChange urlChange, int staleTempFiles, boolean eachNode) {
    this(site, urls, repeats, repeatedExamples, connections, outputDir, kept, refetched, otherUrls, urlChange,
        staleTempFiles, eachNode, 0, 0);
  }

  /** A job outside a cluster whose URLs are those an earlier run into its dir fetched, if any. */
  public JobStart(String site, int urls, int repeats, List<String> repeatedExamples, int connections, String outputDir,
      int kept, int refetched, int staleTempFiles) {
    this(site, urls, repeats, repeatedExamples, connections, outputDir, kept, refetched, 0, null, staleTempFiles, false);
  }

  /** A job known by its counts only, as a daemon's client sees it: no repeats, nothing refetched or removed. */
  public static JobStart ofCounts(String site, int urls, int connections, String outputDir, int kept) {
    return ofCounts(site, urls, connections, outputDir, kept, false);
  }

  /** As {@link #ofCounts(String, int, int, String, int)}, {@code connections} on each node of a cluster or not. */
  public static JobStart ofCounts(String site, int urls, int connections, String outputDir, int kept, boolean eachNode) {
    return new JobStart(site, urls, 0, List.of(), connections, outputDir, kept, 0, 0, null, 0, eachNode);
  }
}
