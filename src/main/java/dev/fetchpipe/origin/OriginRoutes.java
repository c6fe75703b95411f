package dev.fetchpipe.origin;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.conditional;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameter;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fetchpipe.config.CountryCodes;
import dev.fetchpipe.config.OriginSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.DateTime;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;

/**
 * What the origin answers. Every request (but {@code /stats}) first waits {@code delay ± jitter} and may then be
 * answered with an injected error (500, or origin.error-status), like Fluent Python's slow_server.py; only then is the
 * path looked at. GET is served, and HEAD like GET without the body (Pekko's transparent HEAD, see OriginServer), and
 * {@code POST /stats/reset}; any other method or path is 404.
 *
 * <ul>
 *   <li>{@code /flags}: the known codes, one a line. {@code /flags/{cc}/{cc}.gif}: the flag of a known country code,
 *       lower case ({@link FlagImages}), else 404.
 *   <li>{@code /uuid}: {@code {"uuid":"..."}}, random each time.
 *   <li>{@code /bytes/{n}}: n deterministic bytes ({@link DeterministicBytes}), 0 to {@link #MAX_BYTES}, with a strong
 *       ETag and a Last-Modified date; 304 to a request whose If-None-Match or If-Modified-Since names them.
 *   <li>{@code /chunked/{n}}: the same bytes with no Content-Length (chunked transfer encoding), as many servers send.
 *   <li>{@code /status/{code}}: that status, no body. {@code /delay/{ms}}: answers after ms.
 *       {@code /redirect/{n}}: n hops of 302, then 200.
 *   <li>{@code /fault/reset/{n}}, {@code /fault/truncate/{n}}, {@code /fault/trickle/{n}}, {@code /fault/429/{key}},
 *       {@code /fault/503/{key}}, {@code /fault/flaky/{key}}, {@code /fault/endless}, {@code /fault/slow-headers},
 *       {@code /fault/malformed/{kind}}, {@code /fault/no-head/{n}}: a body cut off by a reset or a close, a slow or
 *       endless body, statuses that go away after a number of attempts, a head that never ends, responses that break
 *       HTTP, and a server that refuses HEAD; see
 *       {@link FaultRoutes} for their parameters.
 *   <li>{@code /headers}, {@code /basic-auth/{user}/{pass}}, {@code /bearer}, {@code /cookies/set?..}, {@code /cookies},
 *       {@code /gzip/{n}}, {@code /deflate/{n}}, {@code /gzip-bomb/{mib}}, {@code /redirect-to?url=}: what goes into a
 *       request, as httpbin has them ({@link WebRoutes}).
 *   <li>{@code GET /stats}: what the origin has seen, as JSON ({@link OriginStats}), and {@code POST
 *       /stats/reset} to start counting afresh. These two are neither delayed, nor failed, nor counted.
 * </ul>
 *
 * <p>All waiting is done with Pekko's scheduler, never by parking a thread, so a thousand waiting requests
 * cost a thousand timer entries, not a thousand threads.
 */
final class OriginRoutes {

  static final long MAX_BYTES = 100_000_000L;
  /** {@code /bytes/{n}}'s Last-Modified: its bytes never change, so any past date is true. */
  static final DateTime BYTES_MODIFIED = DateTime.create(2020, 1, 1, 0, 0, 0);
  static final long MAX_DELAY_MS = 60_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OriginSettings settings;
  private final ClassicActorSystemProvider system;
  private final OriginStats stats;
  private final FaultRoutes faults;
  private final WebRoutes web = new WebRoutes();

  /** @param rawFaultsUrl where the origin's {@link RawFaults} listener is, {@code http://host:port} */
  OriginRoutes(OriginSettings settings, ClassicActorSystemProvider system, OriginStats stats, String rawFaultsUrl) {
    this.settings = settings;
    this.system = system;
    this.stats = stats;
    this.faults = new FaultRoutes(system, stats, rawFaultsUrl);
  }

  Route route() {
    return concat(
        // Before the misbehaviour: a test reading the counters of a slow, failing origin must get them at once.
        pathPrefix("stats", this::statsRoute),
        // The Supplier overload of onSuccess is evaluated per request, so each request draws its own delay and error.
        onSuccess(this::misbehaveLater, injectError -> injectError ? injectedError() : content()));
  }

  private Route statsRoute() {
    return concat(
        get(() -> pathEnd(() -> {
          try {
            return json(JSON.writeValueAsString(stats.snapshot()));
          } catch (JsonProcessingException e) {
            // Records of strings and numbers always serialize; this would be a bug.
            throw new IllegalStateException(e);
          }
        })),
        post(() -> path("reset", () -> {
          stats.reset();
          return complete("counters reset\n");
        })),
        notFound());
  }

  private Route content() {
    return concat(
        get(() -> concat(
            path("flags", this::flagIndex),
            path(segment("flags").slash(segment()).slash(segment()), this::flag),
            path("uuid", this::uuid),
            path("content-disposition", () -> parameter("name", this::contentDisposition)),
            path(segment("bytes").slash(segment()), this::bytes),
            path(segment("chunked").slash(segment()), this::chunked),
            path(segment("status").slash(segment()), this::status),
            path(segment("delay").slash(segment()), this::delay),
            path(segment("redirect").slash(segment()), this::redirect),
            pathPrefix("fault", faults::route),
            web.route())),
        // Catch-all instead of Pekko's rejections: a wrong method or path is simply 404, as the origin documents.
        notFound());
  }

  /** Waits the server-wide delay, then decides whether this request gets an injected error. */
  private CompletionStage<Boolean> misbehaveLater() {
    var random = ThreadLocalRandom.current();
    // nextDouble() is below 1.0, so errorRate 1.0 fails every request and 0.0 none.
    boolean injectError = random.nextDouble() < settings.errorRate();
    long jitterNanos = settings.jitter().toNanos();
    long offset = jitterNanos == 0 ? 0 : random.nextLong(-jitterNanos, jitterNanos + 1);
    long waitNanos = Math.max(0, settings.delay().toNanos() + offset);
    if (waitNanos == 0) {
      return CompletableFuture.completedFuture(injectError);
    }
    return Patterns.after(Duration.ofNanos(waitNanos), system, () -> CompletableFuture.completedFuture(injectError));
  }

  private Route injectedError() {
    return complete(HttpResponse.create().withStatus(statusCode(settings.errorStatus())).withEntity("injected error"));
  }

  /** {@code /flags}: the codes it has flags for, one a line, lower case as in their paths (Fluent's -a list). */
  private Route flagIndex() {
    String codes = String.join("\n", CountryCodes.all()).toLowerCase(Locale.ROOT) + "\n";
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, codes)));
  }

  /**
   * {@code /flags/br/br.gif}: both segments must name the same known code, in lower case: paths are case-sensitive,
   * as on the static file server Fluent Python's examples were written for ({@code /flags/BR/BR.gif} is 404).
   */
  private Route flag(String dirCode, String fileName) {
    String lower = dirCode.toLowerCase(Locale.ROOT);
    if (!dirCode.equals(lower) || !CountryCodes.isKnown(dirCode) || !fileName.equals(lower + ".gif")) {
      return notFound();
    }
    var gif = HttpEntities.create(ContentTypes.create(MediaTypes.IMAGE_GIF), FlagImages.gif(dirCode));
    return complete(HttpResponse.create().withEntity(gif));
  }

  /**
   * {@code /content-disposition?name=N}: a short text body sent with {@code Content-Disposition: attachment;
   * filename*=UTF-8''N} (N percent-encoded, so any name, hostile ones too, reaches the client as given).
   */
  private Route contentDisposition(String name) {
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return complete(HttpResponse.create()
        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename*=UTF-8''" + encoded))
        .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "content-disposition: " + encoded + "\n")));
  }

  private Route uuid() {
    // A UUID's text is hex digits and dashes, so it needs no JSON escaping.
    return json("{\"uuid\":\"" + UUID.randomUUID() + "\"}");
  }

  private Route bytes(String count) {
    // The bytes depend on n alone and never change: a strong ETag of n and a fixed Last-Modified are true, and a
    // conditional request (If-None-Match, If-Modified-Since) that names them is answered 304, as a file server does.
    return withByteCount(count, 0, length -> conditional(EntityTag.create("bytes-" + length, false), BYTES_MODIFIED,
        () -> {
          // A streamed entity must have a positive length; the empty body is a strict entity instead.
          var entity = length == 0
              ? HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, new byte[0])
              : HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, length, DeterministicBytes.stream(length));
          return complete(HttpResponse.create().withEntity(entity));
        }));
  }

  private Route chunked(String count) {
    return withByteCount(count, 1, length -> complete(HttpResponse.create().withEntity(
        HttpEntities.createChunked(ContentTypes.APPLICATION_OCTET_STREAM, DeterministicBytes.stream(length)))));
  }

  private Route status(String code) {
    OptionalLong parsed = parseInRange(code, 200, 599);
    if (parsed.isEmpty()) {
      return badRequest("status must be 200 to 599");
    }
    // HttpResponse rather than complete(status): that would add a default message as the body.
    return complete(HttpResponse.create().withStatus(statusCode((int) parsed.getAsLong())));
  }

  /** Codes Pekko does not know (e.g. 299) still go out, with a generic reason phrase. */
  private static StatusCode statusCode(int value) {
    return StatusCodes.lookup(value).orElseGet(() -> StatusCodes.custom(value, "Status " + value, "", value < 400, true));
  }

  private Route delay(String millis) {
    OptionalLong parsed = parseInRange(millis, 0, MAX_DELAY_MS);
    if (parsed.isEmpty()) {
      return badRequest("delay must be 0 to " + MAX_DELAY_MS + " ms");
    }
    long ms = parsed.getAsLong();
    return onSuccess(
        Patterns.after(Duration.ofMillis(ms), system, () -> CompletableFuture.completedFuture(ms)),
        waited -> json("{\"delayMs\":" + waited + "}"));
  }

  /** {@code /redirect/3} answers 302 to /redirect/2, and so on down to /redirect/0, which answers 200. */
  private Route redirect(String hops) {
    OptionalLong parsed = parseInRange(hops, 0, 100);
    if (parsed.isEmpty()) {
      return badRequest("hops must be 0 to 100");
    }
    long n = parsed.getAsLong();
    if (n == 0) {
      return complete("redirected");
    }
    return complete(HttpResponse.create().withStatus(StatusCodes.FOUND)
        .addHeader(Location.create("/redirect/" + (n - 1))));
  }

  private static Route json(String body) {
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body)));
  }

  private static Route notFound() {
    return complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("not found"));
  }

  static Route badRequest(String message) {
    return complete(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity(message));
  }

  /** Plain decimal digits within [min, max]; anything else (signs, spaces, overflow) is empty. */
  /** The route for a byte count in the path, from {@code min} to {@link #MAX_BYTES}; 400 for anything else. */
  static Route withByteCount(String count, long min, java.util.function.LongFunction<Route> route) {
    OptionalLong n = parseInRange(count, min, MAX_BYTES);
    return n.isEmpty() ? badRequest("byte count must be " + min + " to " + MAX_BYTES) : route.apply(n.getAsLong());
  }

  static OptionalLong parseInRange(String text, long min, long max) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long value = Long.parseLong(text);
    return value >= min && value <= max ? OptionalLong.of(value) : OptionalLong.empty();
  }
}
