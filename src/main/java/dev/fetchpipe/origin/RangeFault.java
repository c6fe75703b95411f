package dev.fetchpipe.origin;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code /fault/ranged/{key}/{n}}: the n bytes of {@code /bytes/n}, served with ranges as a file server does, and cut
 * off on purpose, for tests of continuing a body. It honours {@code Range: bytes=N-} (a 206 with
 * {@code Content-Range: bytes N-(n-1)/n}) when {@code If-Range} is absent or names the current validator, else sends
 * the whole body (200); a range past the end is 416. The key's first {@code cuts} requests (default 1) are reset after
 * the body reached byte {@code cut} (default n/2; the k-th cut at k times that), once the bytes sent are out.
 * Parameters:
 * <ul>
 *   <li>{@code validator=etag} (default, a strong ETag), {@code weak} (a weak ETag), {@code date} (Last-Modified
 *       only) or {@code none};
 *   <li>{@code change=1}: the validator changes with every request, as a file rewritten between them;
 *   <li>{@code stall=1}: a cut body stalls (nothing more is sent, the connection stays open) instead of being reset;
 *   <li>{@code range=yes} (default), {@code ignore} (never a 206), or a hostile 206: {@code shift} (its Content-Range
 *       starts a byte later than asked), {@code total} (another total), {@code gzip} (says it is gzip-encoded).
 * </ul>
 * The origin counts the body bytes it sends to each client, so a test can tell that only the missing ones were sent.
 */
final class RangeFault {
  static final List<String> VALIDATORS = List.of("etag", "weak", "date", "none");
  static final List<String> RANGES = List.of("yes", "ignore", "shift", "total", "gzip");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-");

  private final ClassicActorSystemProvider system;
  private final OriginStats stats;

  RangeFault(ClassicActorSystemProvider system, OriginStats stats) {
    this.system = system;
    this.stats = stats;
  }

  Route route(String key, long length, Map<String, String> query) {
    OptionalLong cut = number(query, "cut", length / 2, 1, Math.max(1, length - 1));
    OptionalLong cuts = number(query, "cuts", 1, 0, FaultRoutes.MAX_TIMES);
    String validatorKind = query.getOrDefault("validator", "etag");
    String ranges = query.getOrDefault("range", "yes");
    boolean change = "1".equals(query.get("change"));
    if (length < 2 || cut.isEmpty() || cuts.isEmpty() || !VALIDATORS.contains(validatorKind) || !RANGES.contains(ranges)) {
      return OriginRoutes.badRequest("n must be at least 2, cut 1 to n-1, cuts 0 to " + FaultRoutes.MAX_TIMES
          + ", validator one of " + VALIDATORS + ", range one of " + RANGES);
    }
    return optionalHeaderValueByName("Range", range -> optionalHeaderValueByName("If-Range", ifRange -> {
      int attempt = stats.nextFaultAttempt("ranged/" + key);
      HttpHeader validator = validator(validatorKind, key, length, change ? attempt : 0);
      long from = from(range, ifRange, validator, ranges);
      if (from >= length) {
        return complete(HttpResponse.create().withStatus(StatusCodes.RANGE_NOT_SATISFIABLE)
            .addHeader(RawHeader.create("Content-Range", "bytes */" + length)));
      }
      long cutAt = attempt <= cuts.getAsLong() ? Math.min(length - 1, cut.getAsLong() * attempt) : length;
      Source<ByteString, NotUsed> body = DeterministicBytes.range(from, Math.max(from, cutAt));
      if (cutAt < length && cutAt > from && "1".equals(query.get("stall"))) {
        body = body.concat(Source.never()); // the connection stays open, and nothing more comes
      } else if (cutAt < length && cutAt > from) {
        long sent = cutAt;
        body = body.concat(Source.lazyCompletionStage(() -> Patterns.after(Duration.ofMillis(100), system,
            () -> CompletableFuture.<ByteString>failedFuture(
                new FaultRoutes.InjectedFault("connection reset on purpose at byte " + sent)))));
      } else {
        body = DeterministicBytes.range(from, length);
      }
      HttpResponse response = HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, length - from, body));
      if (validator != null) response = response.addHeader(validator);
      response = response.addHeader(RawHeader.create("Accept-Ranges", "bytes"));
      if (from == 0) return complete(response);
      long first = "shift".equals(ranges) ? from + 1 : from;
      long total = "total".equals(ranges) ? length + 1 : length;
      response = response.withStatus(StatusCodes.PARTIAL_CONTENT)
          .addHeader(RawHeader.create("Content-Range", "bytes " + first + "-" + (length - 1) + "/" + total));
      return complete("gzip".equals(ranges) ? response.addHeader(RawHeader.create("Content-Encoding", "gzip")) : response);
    }));
  }

  /** Where the body starts: the range asked for if it is honoured, else 0. */
  private static long from(Optional<String> range, Optional<String> ifRange, HttpHeader validator, String ranges) {
    if (range.isEmpty() || "ignore".equals(ranges)) return 0;
    Matcher asked = RANGE.matcher(range.get().strip());
    if (!asked.matches()) return 0;
    if (ifRange.isPresent() && (validator == null || !ifRange.get().strip().equals(validator.value()))) return 0;
    return Long.parseLong(asked.group(1));
  }

  private static HttpHeader validator(String kind, String key, long length, int version) {
    return switch (kind) {
      case "etag" -> RawHeader.create("ETag", "\"" + key + "-" + length + "-" + version + "\"");
      case "weak" -> RawHeader.create("ETag", "W/\"" + key + "-" + length + "-" + version + "\"");
      case "date" -> RawHeader.create("Last-Modified", "Mon, 07 Dec 2026 10:00:" + String.format("%02d", version % 60)
          + " GMT");
      default -> null;
    };
  }

  private static OptionalLong number(Map<String, String> query, String name, long absent, long min, long max) {
    String text = query.get(name);
    return text == null ? OptionalLong.of(absent) : OriginRoutes.parseInRange(text, min, max);
  }
}
