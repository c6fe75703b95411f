package dev.fetchpipe.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The final state of one URL: one line of the report.
 *
 * @param index        its place in the job, from 0
 * @param status       the last HTTP status received, or null when none was
 * @param bytes        the size of the saved file (0 unless OK)
 * @param sha256       the saved file's SHA-256 in hex, or null
 * @param path         where the file was saved, or null
 * @param error        why it is not OK, or null
 * @param writerThread the thread that wrote the file, or null
 * @param timings      when the URL passed each step
 * @param attempts     every request made for it, in order; empty when none was made
 * @param note         something worth knowing that is not an error (e.g. why its file name differs from the URL's), or null
 * @param node         the node of a cluster that fetched it ("host:port"), or null outside a cluster (then left out
 *                     of the JSON)
 * @param route        how its last request connected when not directly, e.g. "proxy http://proxy:3128 (CONNECT)"
 *                     (a password shown as ***); null when direct (then left out of the JSON)
 * @param resumedBytes how many of the saved file's first bytes were kept from a body cut off earlier (in this run or
 *                     an earlier one) rather than fetched again; 0 (left out of the JSON) when none
 * @param renamed      why its file name is numbered ("a-2.bin"): the name it wanted and the URL given it; null (left
 *                     out of the JSON) when it is not
 * @param validator    the saved file's validator, as its journal line has it: its response's strong ETag (quotes
 *                     included), else its Last-Modified date; what a later run with job.refresh = if-changed asks
 *                     with. A node of a cluster sends it so that its coordinator journals it. Null (left out of the
 *                     JSON) when none
 */
public record ItemResult(
    int index,
    String url,
    Outcome outcome,
    Integer status,
    long bytes,
    String sha256,
    String path,
    String error,
    String writerThread,
    Timings timings,
    List<Attempt> attempts,
    String note,
    @JsonInclude(JsonInclude.Include.NON_NULL) String node,
    @JsonInclude(JsonInclude.Include.NON_NULL) String route,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long resumedBytes,
    @JsonInclude(JsonInclude.Include.NON_NULL) Renamed renamed,
    @JsonInclude(JsonInclude.Include.NON_NULL) String validator) {

  public ItemResult {
    attempts = List.copyOf(attempts);
  }

  public ItemResult(int index, String url, Outcome outcome, Integer status, long bytes, String sha256, String path,
      String error, String writerThread, Timings timings, List<Attempt> attempts, String note, String node,
      String route, long resumedBytes) {
    this(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts, note, node, route,
        resumedBytes, null, null);
  }

  public ItemResult(int index, String url, Outcome outcome, Integer status, long bytes, String sha256, String path,
      String error, String writerThread, Timings timings, List<Attempt> attempts, String note, String node,
      String route) {
    this(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts, note, node, route, 0);
  }

  /** A result with no route of its own (direct). */
  public ItemResult(int index, String url, Outcome outcome, Integer status, long bytes, String sha256, String path,
      String error, String writerThread, Timings timings, List<Attempt> attempts, String note, String node) {
    this(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts, note, node, null);
  }

  /** The same result, its last request having gone by {@code route} (null: direct). */
  public ItemResult withRoute(String route) {
    return new ItemResult(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts,
        note, node, route, resumedBytes, renamed, validator);
  }

  /** The same result, its file name numbered for the reason {@code why} gives (null: not numbered). */
  public ItemResult withRenamed(Renamed why) {
    return new ItemResult(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts,
        note, node, route, resumedBytes, why, validator);
  }

  /** The same result, {@code resumed} of its bytes kept from a body cut off earlier. */
  public ItemResult withResumedBytes(long resumed) {
    return new ItemResult(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts,
        note, node, route, resumed, renamed, validator);
  }

  /** A result fetched outside a cluster. */
  public ItemResult(int index, String url, Outcome outcome, Integer status, long bytes, String sha256, String path,
      String error, String writerThread, Timings timings, List<Attempt> attempts, String note) {
    this(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts, note, null);
  }

  /** The same result with its file named by another path (the same file, as the user's directory sees it). */
  public ItemResult withPath(String other) {
    return new ItemResult(index, url, outcome, status, bytes, sha256, other, error, writerThread, timings, attempts, note,
        node, route, resumedBytes, renamed, validator);
  }

  /**
   * The result as fetched on {@code node} of a cluster: its writer thread is named by the node and the thread's number
   * ("127.0.0.2:25520 writer 3"), so the timeline gives each node's writer threads lanes of their own.
   */
  public ItemResult onNode(String node) {
    String writer = writerThread == null ? null
        : node + " writer " + writerThread.replaceFirst("^.*?(\\d+)$", "$1");
    return new ItemResult(index, url, outcome, status, bytes, sha256, path, error, writer, timings, attempts, note, node,
        route, resumedBytes, renamed, validator);
  }

  /** The same result, its saved file's validator {@code saved} (null: none). */
  public ItemResult withValidator(String saved) {
    return new ItemResult(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts,
        note, node, route, resumedBytes, renamed, saved);
  }
}
