package dev.fetchpipe.job;

/**
 * One line of work: a URL and the file it will be saved as.
 *
 * @param index    its place in the job, from 0
 * @param url      the URL as the user gave it
 * @param fileName the name it gets in the output dir, unique within the job
 * @param problem  why it cannot be fetched at all (not an http(s) URL), or null when it can
 */
public record JobItem(int index, String url, String fileName, String problem) {

  public boolean fetchable() {
    return problem == null;
  }
}
