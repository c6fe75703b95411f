package dev.fetchpipe.pipeline;

import dev.fetchpipe.journal.JournalEntry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * A body cut off part-way whose first {@code bytes} bytes are kept in {@code file} (its partial file), and the rules
 * for continuing it: the next request asks for the rest ({@code Range: bytes=N-}) only if it is still the same
 * ({@code If-Range} with the validator the body came with), and unencoded ({@code Accept-Encoding: identity}: a range
 * of a gzip body would be a range of its encoded bytes). What the server answers decides ({@link #answer}): a 206 for
 * exactly the rest is appended, a 200 starts over, anything else is asked again without a range. Plain logic, tested
 * on its own.
 *
 * @param validator the response's strong ETag, else its Last-Modified date ({@link #validator(HttpResponse)})
 */
record PartialBody(Path file, long bytes, String validator) {

  /** What a response to a request for the rest means. */
  enum Answer {
    /** A 206 for exactly the rest: append it. */
    APPEND,
    /** A 200 (changed, or no ranges served): the whole body, which replaces what was kept. */
    START_OVER,
    /** Not the rest, or not usable (a 206 for another range, encoded, of another length; a 416): ask again whole. */
    ASK_WHOLE,
    /** Any other status: what it means does not depend on the range ({@link HeadDecision}). */
    AS_USUAL
  }

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");

  /**
   * {@code request} asking for the rest of {@code partial}, if unchanged, unencoded; as it is when nothing is kept (no
   * partial, or its file is there but the server did not give the rest: see {@link #emptied}).
   */
  static HttpRequest ask(PartialBody partial, HttpRequest request) {
    if (partial == null || partial.bytes == 0) return request;
    return request.removeHeader("Accept-Encoding")
        .addHeader(RawHeader.create("Range", "bytes=" + partial.bytes + "-"))
        .addHeader(RawHeader.create("If-Range", partial.validator))
        .addHeader(RawHeader.create("Accept-Encoding", "identity"));
  }

  /** The same file, nothing of it kept: the next body, asked for whole, overwrites it (or deletes it, if not kept). */
  PartialBody emptied() {
    return new PartialBody(file, 0, validator);
  }

  /** What {@code response}, to a request {@link #ask asking} for the rest, means. */
  Answer answer(HttpResponse response, OptionalLong declaredLength) {
    if (bytes == 0) return Answer.AS_USUAL;
    return answer(response.status().intValue(), header(response, "Content-Range"), header(response, "Content-Encoding"),
        declaredLength);
  }

  /**
   * @param contentRange    the response's Content-Range, if any
   * @param contentEncoding its Content-Encoding, if any
   * @param declaredLength  its body's declared length, if any
   */
  Answer answer(int status, Optional<String> contentRange, Optional<String> contentEncoding, OptionalLong declaredLength) {
    if (status == 416) return Answer.ASK_WHOLE;
    if (status != 206) return status >= 200 && status < 300 ? Answer.START_OVER : Answer.AS_USUAL;
    if (contentEncoding.isPresent() && !contentEncoding.get().strip().equalsIgnoreCase("identity")) return Answer.ASK_WHOLE;
    Matcher range = CONTENT_RANGE.matcher(contentRange.orElse("").strip());
    if (!range.matches()) return Answer.ASK_WHOLE;
    long first = Long.parseLong(range.group(1));
    long last = Long.parseLong(range.group(2));
    long total = Long.parseLong(range.group(3));
    // Exactly the rest: from where the kept bytes end to the body's last byte, and a body of that length.
    boolean rest = first == bytes && last == total - 1 && last >= first;
    boolean length = declaredLength.isEmpty() || declaredLength.getAsLong() == last - first + 1;
    return rest && length ? Answer.APPEND : Answer.ASK_WHOLE;
  }

  /**
   * The validator a body may be continued under, or null when it has none (then it is not kept): its strong ETag,
   * else its Last-Modified date, as If-Range takes them. A weak ETag cannot be used with If-Range (RFC 9110 13.1.5).
   */
  static String validator(HttpResponse response) {
    Optional<String> etag = header(response, "ETag");
    if (etag.isPresent() && etag.get().startsWith("\"") && JournalEntry.usableValidator(etag.get())) return etag.get();
    Optional<String> modified = header(response, "Last-Modified");
    return modified.isPresent() && JournalEntry.usableValidator(modified.get()) ? modified.get() : null;
  }

  /** The response's body is sent as it is, not gzip or deflate: only such a body's bytes are those a range counts. */
  static boolean unencoded(HttpResponse response) {
    Optional<String> encoding = header(response, "Content-Encoding");
    return encoding.isEmpty() || encoding.get().strip().equalsIgnoreCase("identity");
  }

  private static Optional<String> header(HttpResponse response, String name) {
    return response.getHeader(name).map(HttpHeader::value).map(String::strip);
  }
}
