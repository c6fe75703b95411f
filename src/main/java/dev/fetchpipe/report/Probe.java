package dev.fetchpipe.report;

/**
 * What a dry run learned of one URL without fetching it: the answer to a HEAD (or, where the server refuses HEAD, to a
 * GET of its first byte), and the file the URL would be saved as.
 *
 * @param index    its place in the job, from 0
 * @param url      the URL as the job has it
 * @param fileName the name it would get in the output dir; null for a URL that cannot be fetched at all
 * @param status   the last HTTP status received (after redirects), or null when none was
 * @param size     the body's size the server gave (Content-Length, or the total of a 206's Content-Range), or null
 *                 when it gave none
 * @param asked    how it was asked: "HEAD", or "GET bytes=0-0" after the server refused HEAD (405 or 501); null when
 *                 it was not asked (kept, unusable)
 * @param error    why it would not be saved (not found, another status, a network failure, an unusable URL), or null
 * @param nameNote why its file name differs from its URL's (a clash: numbered because the name was taken; a name
 *                 too long, reserved or hostile), or null
 * @param kept     an earlier run into the same output dir saved it whole (its journal line, size and SHA-256 match):
 *                 the run would keep it and not ask for it, so the dry run does not either
 * @param resumed  the bytes of a body an earlier run was cut off in, kept in the output dir: the run would ask only
 *                 for the rest (Range); null when there is none
 * @param renamed  why its file name is numbered: the name it wanted and the URL of the job given it; else null
 */
public record Probe(int index, String url, String fileName, Integer status, Long size, String asked, String error,
    String nameNote, boolean kept, Long resumed, Renamed renamed) {

  public Probe(int index, String url, String fileName, Integer status, Long size, String asked, String error,
      String nameNote, boolean kept) {
    this(index, url, fileName, status, size, asked, error, nameNote, kept, null, null);
  }

  /** The same answer, for a URL whose body the run would continue after {@code bytes} kept bytes. */
  public Probe resuming(long bytes) {
    return new Probe(index, url, fileName, status, size, asked, error, nameNote, kept, bytes, renamed);
  }

  /** The same answer, its file name numbered for the reason {@code why} gives (null: not numbered). */
  public Probe withRenamed(Renamed why) {
    return new Probe(index, url, fileName, status, size, asked, error, nameNote, kept, resumed, why);
  }

  /** How a run would likely end this URL without a file (NOT_FOUND, ERROR), or null when it would save one. */
  Outcome withoutFile() {
    if (fine()) return null;
    return status != null && status == 404 ? Outcome.NOT_FOUND : Outcome.ERROR;
  }

  /** Asked or kept, it answers as a run would save it: kept, or a 2xx. */
  public boolean fine() {
    return kept || (error == null && status != null && status >= 200 && status < 300);
  }
}
