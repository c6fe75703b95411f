package dev.fetchpipe.job;

/**
 * One line of work: a URL and the file it will be saved as.
 *
 * @param index    its place in the job, from 0
 * @param url      the URL to fetch: as given, trimmed, non-ASCII characters percent-encoded. For an unusable line,
 *                 the line as given with any credentials masked and cut to a readable length
 * @param fileName the name it gets in the output dir, unique within the job; null when {@code problem} is set
 * @param problem  why it cannot be fetched at all (not an http(s) URL, credentials, a space...), or null when it can
 * @param nameNote how and why {@code fileName} differs materially from the URL's own name (numbered because it was
 *                 taken, shortened, a reserved or hostile name), for the report to show; null when it does not
 */
public record JobItem(int index, String url, String fileName, String problem, String nameNote) {

  /** An item whose file name needs no note. */
  public JobItem(int index, String url, String fileName, String problem) {
    this(index, url, fileName, problem, null);
  }

  public boolean fetchable() {
    return problem == null;
  }
}
