package dev.fetchpipe.job;

import dev.fetchpipe.report.Renamed;
import java.util.Map;

/**
 * One line of work: a URL and the file it will be saved as.
 *
 * @param index    its place in the job, from 0
 * @param url      the URL to fetch: as given, trimmed, non-ASCII characters percent-encoded, a password in it as ***
 *                 ({@link #target} is what is requested). For an unusable line,
 *                 the line as given with any credentials masked and cut to a readable length
 * @param fileName the name it gets in the output dir, unique within the job: a plain name, or a relative path with
 *                 '/' between safe names when the line asked for subfolders; null when {@code problem} is set
 * @param problem  why it cannot be fetched at all (not an http(s) URL, credentials, a space, a bad option...), or
 *                 null when it can
 * @param nameNote how and why {@code fileName} differs materially from the URL's own name (numbered because it was
 *                 taken, shortened, a reserved or hostile name), for the report to show; null when it does not
 * @param sha256   the SHA-256 (lower-case hex) the URL line says the file must have, or null
 * @param headers  request headers the URL line asks for, and Authorization for a login in the URL, sent to the URL's
 *                 own origin only; never null
 * @param renamed  when {@code fileName} is numbered because an earlier URL of the job was given the name it wanted:
 *                 that name and that URL, for the report and the summary; else null
 */
public record JobItem(int index, String url, String fileName, String problem, String nameNote, String sha256,
    Map<String, String> headers, Renamed renamed) {
  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

  public JobItem {
    headers = headers == null ? Map.of() : headers;
  }

  /** An item whose name is its URL's own, or numbered without a word of why. */
  public JobItem(int index, String url, String fileName, String problem, String nameNote, String sha256,
      Map<String, String> headers) {
    this(index, url, fileName, problem, nameNote, sha256, headers, null);
  }

  /** An item whose URL line said nothing but the URL. */
  public JobItem(int index, String url, String fileName, String problem, String nameNote) {
    this(index, url, fileName, problem, nameNote, null, Map.of());
  }

  /** An item whose file name needs no note. */
  public JobItem(int index, String url, String fileName, String problem) {
    this(index, url, fileName, problem, null);
  }

  /**
   * What is requested for this item: its URL without the user info ({@code user:***@}) that {@link #url} shows; the
   * login itself is one of {@link #headers}.
   */
  public String target() {
    return USER_INFO.matcher(url.strip()).replaceFirst("$1");
  }

  public boolean fetchable() {
    return problem == null;
  }
}
