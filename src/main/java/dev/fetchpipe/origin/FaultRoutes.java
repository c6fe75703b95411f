package dev.fetchpipe.origin;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.headers.CustomHeader;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The origin's faults, under {@code /fault}, for tests of retries, timeouts and safety. Bodies are the bytes of
 * {@code /bytes/{n}}, so what did arrive can be checked.
 *
 * <ul>
 *   <li>{@code /fault/reset/{n}?sent=K&pause=MS}: declares n bytes, sends the first K (default n/2), waits MS
 *       (default 100), then resets the connection (TCP RST). The client has the headers and sees its body stream
 *       fail. Linux drops received bytes the client has not read yet when the reset comes, so a client that
 *       reads slower than MS may see the reset earlier, or instead of the response.
 *   <li>{@code /fault/truncate/{n}?sent=K}: declares {@code Content-Length: n}, sends K bytes (default n/2) and
 *       closes the connection normally (FIN). The client's body stream fails: it is shorter than declared.
 *   <li>{@code /fault/ranged/{key}/{n}?cut=K&cuts=C&validator=..&range=..&change=1}: n bytes served with ranges,
 *       the key's first C requests cut off at byte K ({@link RangeFault}).
 *   <li>{@code /fault/trickle/{n}?chunk=BYTES&every=MS}: all n bytes, {@code chunk} at a time (default 1024),
 *       one chunk every MS (default 100, the first at once): for idle, total-time and size limits.
 *   <li>{@code /fault/429/{key}?times=K&after=S}: the first K requests for the key (default 1) answer 429 with
 *       {@code Retry-After: S} (default 1), later ones 200.
 *   <li>{@code /fault/503/{key}?times=K&after=S}: a burst of K 503s (default 1), with {@code Retry-After: S}
 *       only when {@code after} is given, then 200.
 *   <li>{@code /fault/flaky/{key}?fail=K}: the first K requests (default 1) fail with a transient status,
 *       500, 502, 503, 504 or 408 in turn from a place fixed by the key, then 200.
 *   <li>{@code /fault/endless?chunk=BYTES&every=MS}: a chunked body that never ends, {@code chunk} bytes at a time
 *       (default 65536), one chunk every MS (default 0: as fast as the client reads).
 *   <li>{@code /fault/no-head/{n}}: a 307 to the raw listener's server that refuses HEAD (405) and serves a GET of
 *       the n bytes, or of their first byte as a 206 for {@code Range: bytes=0-0}.
 *   <li>{@code /fault/slow-headers?every=MS} and {@code /fault/malformed/{status|length|chunk}}: a 307 to the
 *       origin's {@link RawFaults} listener, which sends a head that never ends (a byte every MS, default 1000), or a
 *       response that breaks HTTP in the way named.
 * </ul>
 *
 * <p>Keyed faults count attempts per kind and key (in {@link OriginStats}), so every test can use its own keys
 * and never meet another test's count; a 200 after failures has the body {@code ok /fault/{kind}/{key}}. A
 * parameter out of range is 400 and counts no attempt.
 */
final class FaultRoutes {

  static final int MAX_TIMES = 1_000;
  static final long MAX_RETRY_AFTER_S = 86_400;
  static final int MAX_CHUNK = 1_048_576;
  static final long DEFAULT_PAUSE_MS = 100;
  static final int DEFAULT_CHUNK = 1024;
  static final long DEFAULT_EVERY_MS = 100;

  /** What a flaky URL fails with: the statuses a client is expected to retry. */
  static final List<StatusCode> TRANSIENT = List.of(
      StatusCodes.INTERNAL_SERVER_ERROR, StatusCodes.BAD_GATEWAY, StatusCodes.SERVICE_UNAVAILABLE,
      StatusCodes.GATEWAY_TIMEOUT, StatusCodes.REQUEST_TIMEOUT);

  static final int ENDLESS_CHUNK = 65_536;
  static final List<String> MALFORMED = List.of("status", "length", "chunk");

  private final ClassicActorSystemProvider system;
  private final OriginStats stats;
  /** Where the {@link RawFaults} listener is, {@code http://host:port}. */
  private final String raw;
  private final RangeFault ranged;

  FaultRoutes(ClassicActorSystemProvider system, OriginStats stats, String rawFaultsUrl) {
    this.system = system;
    this.stats = stats;
    this.raw = rawFaultsUrl;
    this.ranged = new RangeFault(system, stats);
  }

  /** The routes below {@code /fault}, which the caller has already matched. */
  Route route() {
    return concat(
        path(segment("reset").slash(segment()), n -> parameterMap(query -> reset(n, query))),
        path(segment("truncate").slash(segment()), n -> parameterMap(query -> truncate(n, query))),
        path(segment("ranged").slash(segment()).slash(segment()), (key, n) -> parameterMap(query ->
            OriginRoutes.withByteCount(n, 2, length -> ranged.route(key, length, query)))),
        path(segment("trickle").slash(segment()), n -> parameterMap(query -> trickle(n, query))),
        path(segment("429").slash(segment()), key -> parameterMap(query -> tooManyRequests(key, query))),
        path(segment("503").slash(segment()), key -> parameterMap(query -> unavailable(key, query))),
        path(segment("flaky").slash(segment()), key -> parameterMap(query -> flaky(key, query))),
        path("endless", () -> parameterMap(this::endless)),
        path("slow-headers", () -> parameterMap(this::slowHeaders)),
        path(segment("malformed").slash(segment()), this::malformed),
        path(segment("no-head").slash(segment()), n -> OriginRoutes.withByteCount(n, 1,
            length -> toRaw("/raw/no-head/" + length))));
  }

  private Route endless(Map<String, String> query) {
    OptionalLong chunk = number(query, "chunk", ENDLESS_CHUNK, 1, MAX_CHUNK);
    OptionalLong every = number(query, "every", 0, 0, OriginRoutes.MAX_DELAY_MS);
    if (chunk.isEmpty() || every.isEmpty()) {
      return OriginRoutes.badRequest("chunk must be 1 to " + MAX_CHUNK + " bytes, every 0 to "
          + OriginRoutes.MAX_DELAY_MS + " ms");
    }
    Source<ByteString, NotUsed> body = DeterministicBytes.stream(Long.MAX_VALUE, (int) chunk.getAsLong());
    if (every.getAsLong() > 0) body = body.throttle(1, Duration.ofMillis(every.getAsLong()), 1, ThrottleMode.shaping());
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_OCTET_STREAM, body)));
  }

  private Route slowHeaders(Map<String, String> query) {
    OptionalLong every = number(query, "every", RawFaults.DEFAULT_EVERY_MS, 1, OriginRoutes.MAX_DELAY_MS);
    if (every.isEmpty()) return OriginRoutes.badRequest("every must be 1 to " + OriginRoutes.MAX_DELAY_MS + " ms");
    return toRaw("/raw/slow-headers?every=" + every.getAsLong());
  }

  private Route malformed(String kind) {
    if (!MALFORMED.contains(kind)) return OriginRoutes.badRequest("malformed faults are " + String.join(", ", MALFORMED));
    return toRaw("/raw/malformed/" + kind);
  }

  /** A temporary redirect to the raw listener: what it sends, Pekko HTTP's server could not. */
  private Route toRaw(String pathAndQuery) {
    return complete(HttpResponse.create()
        .withStatus(StatusCodes.TEMPORARY_REDIRECT)
        .addHeader(Location.create(raw + pathAndQuery)));
  }

  private Route reset(String count, Map<String, String> query) {
    return OriginRoutes.withByteCount(count, 1, length -> reset(length, query));
  }

  private Route reset(long length, Map<String, String> query) {
    OptionalLong sent = number(query, "sent", length / 2, 0, length - 1);
    OptionalLong pause = number(query, "pause", DEFAULT_PAUSE_MS, 0, OriginRoutes.MAX_DELAY_MS);
    if (sent.isEmpty() || pause.isEmpty()) {
      return OriginRoutes.badRequest("sent must be 0 to " + (length - 1) + " bytes, pause 0 to "
          + OriginRoutes.MAX_DELAY_MS + " ms");
    }
    // A body stream that fails makes Pekko's server abort the connection: a TCP reset. The pause lets what was
    // sent reach the client first; it starts only once the bytes are out (the lazy source is asked for its
    // element after them), and it runs on Pekko's scheduler.
    Duration wait = Duration.ofMillis(pause.getAsLong());
    Source<ByteString, NotUsed> body = DeterministicBytes.stream(sent.getAsLong())
        .concat(Source.lazyCompletionStage(() -> Patterns.after(wait, system,
            () -> CompletableFuture.<ByteString>failedFuture(
                new InjectedFault("connection reset on purpose after " + sent.getAsLong() + " bytes")))));
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, length, body)));
  }

  private Route truncate(String count, Map<String, String> query) {
    return OriginRoutes.withByteCount(count, 1, length -> truncate(length, query));
  }

  private Route truncate(long length, Map<String, String> query) {
    OptionalLong sent = number(query, "sent", length / 2, 0, length - 1);
    if (sent.isEmpty()) {
      return OriginRoutes.badRequest("sent must be 0 to " + (length - 1) + " bytes");
    }
    // Pekko never sends a Content-Length that disagrees with the entity, so the entity is close-delimited (sent,
    // then a normal close) and the length it claims travels as a custom header, which Pekko renders as it is.
    var body = HttpEntities.createCloseDelimited(
        ContentTypes.APPLICATION_OCTET_STREAM, DeterministicBytes.stream(sent.getAsLong()));
    return complete(HttpResponse.create().addHeader(new DeclaredLength(length)).withEntity(body));
  }

  private Route trickle(String count, Map<String, String> query) {
    return OriginRoutes.withByteCount(count, 1, length -> trickle(length, query));
  }

  private Route trickle(long length, Map<String, String> query) {
    OptionalLong chunk = number(query, "chunk", DEFAULT_CHUNK, 1, MAX_CHUNK);
    OptionalLong every = number(query, "every", DEFAULT_EVERY_MS, 0, OriginRoutes.MAX_DELAY_MS);
    if (chunk.isEmpty() || every.isEmpty()) {
      return OriginRoutes.badRequest("chunk must be 1 to " + MAX_CHUNK + " bytes, every 0 to "
          + OriginRoutes.MAX_DELAY_MS + " ms");
    }
    Source<ByteString, NotUsed> body = DeterministicBytes.stream(length, (int) chunk.getAsLong());
    if (every.getAsLong() > 0) {
      // A burst of one: chunks never bunch up to catch up after a slow reader, each waits its full interval.
      body = body.throttle(1, Duration.ofMillis(every.getAsLong()), 1, ThrottleMode.shaping());
    }
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, length, body)));
  }

  private Route tooManyRequests(String key, Map<String, String> query) {
    OptionalLong times = number(query, "times", 1, 0, MAX_TIMES);
    OptionalLong after = number(query, "after", 1, 0, MAX_RETRY_AFTER_S);
    if (times.isEmpty() || after.isEmpty()) {
      return OriginRoutes.badRequest(
          "times must be 0 to " + MAX_TIMES + ", after 0 to " + MAX_RETRY_AFTER_S + " seconds");
    }
    int attempt = stats.nextFaultAttempt("429/" + key);
    if (attempt > times.getAsLong()) {
      return ok("429", key);
    }
    return complete(HttpResponse.create()
        .withStatus(StatusCodes.TOO_MANY_REQUESTS)
        .addHeader(RetryAfter.create(after.getAsLong()))
        .withEntity(refusal(attempt, times.getAsLong())));
  }

  private Route unavailable(String key, Map<String, String> query) {
    OptionalLong times = number(query, "times", 1, 0, MAX_TIMES);
    OptionalLong after = number(query, "after", -1, 0, MAX_RETRY_AFTER_S);
    if (times.isEmpty() || after.isEmpty()) {
      return OriginRoutes.badRequest(
          "times must be 0 to " + MAX_TIMES + ", after 0 to " + MAX_RETRY_AFTER_S + " seconds");
    }
    int attempt = stats.nextFaultAttempt("503/" + key);
    if (attempt > times.getAsLong()) {
      return ok("503", key);
    }
    var response = HttpResponse.create()
        .withStatus(StatusCodes.SERVICE_UNAVAILABLE)
        .withEntity(refusal(attempt, times.getAsLong()));
    // -1 is the absent parameter's default: no Retry-After at all.
    return complete(after.getAsLong() < 0 ? response : response.addHeader(RetryAfter.create(after.getAsLong())));
  }

  private Route flaky(String key, Map<String, String> query) {
    OptionalLong fail = number(query, "fail", 1, 0, MAX_TIMES);
    if (fail.isEmpty()) {
      return OriginRoutes.badRequest("fail must be 0 to " + MAX_TIMES);
    }
    int attempt = stats.nextFaultAttempt("flaky/" + key);
    if (attempt > fail.getAsLong()) {
      return ok("flaky", key);
    }
    return complete(HttpResponse.create()
        .withStatus(transientStatus(key, attempt))
        .withEntity(refusal(attempt, fail.getAsLong())));
  }

  /** Attempt 1, 2, ... of a key walk through {@link #TRANSIENT} from a place fixed by the key's hash. */
  static StatusCode transientStatus(String key, int attempt) {
    // String.hashCode is specified, so a key fails the same way in every JVM.
    return TRANSIENT.get(Math.floorMod(key.hashCode() + attempt - 1, TRANSIENT.size()));
  }

  private static Route ok(String kind, String key) {
    return complete("ok /fault/" + kind + "/" + key + "\n");
  }

  private static String refusal(long attempt, long times) {
    return "failing on purpose: attempt " + attempt + " of the first " + times + "\n";
  }

  /** The query parameter as a number in [min, max], the default when absent, empty when out of range. */
  private static OptionalLong number(Map<String, String> query, String name, long absent, long min, long max) {
    String text = query.get(name);
    return text == null ? OptionalLong.of(absent) : OriginRoutes.parseInRange(text, min, max);
  }

  /**
   * A {@code Content-Length} header Pekko renders as given. Pekko's own header is checked against the entity;
   * a custom header is not, which is exactly what a truncated response needs.
   */
  private static final class DeclaredLength extends CustomHeader {
    private final long length;

    DeclaredLength(long length) {
      this.length = length;
    }

    @Override
    public String name() {
      return "Content-Length";
    }

    @Override
    public String value() {
      return Long.toString(length);
    }

    @Override
    public boolean renderInRequests() {
      return false;
    }

    @Override
    public boolean renderInResponses() {
      return true;
    }
  }

  /**
   * The failure that aborts a reset fault's body. Pekko logs it once as an error ("Response stream ... failed
   * ... Aborting connection"); without a stack trace that log is two lines, not forty.
   */
  static final class InjectedFault extends RuntimeException {
    InjectedFault(String message) {
      super(message, null, false, false);
    }
  }
}
