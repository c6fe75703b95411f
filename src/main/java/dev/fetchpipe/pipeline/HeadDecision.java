package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.Outcome;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * What a response's status line and headers lead to: read the body, follow a redirect, try again, or the URL's end.
 * Plain logic, apart from the fetcher that acts on it, so that every rule is tested on its own.
 */
sealed interface HeadDecision {

  /** A 2xx: read its body, the rest of the body kept so far when {@code from} is set (a 206 for exactly that). */
  record ReadBody(PartialBody from) implements HeadDecision {}

  /** The answer to a request for the rest of a kept body is not that rest: ask again for the whole body at once. */
  record AskWhole() implements HeadDecision {}

  /** A redirect: request {@code target} next, within the same attempt. */
  record Redirect(String target) implements HeadDecision {}

  /** A transient status: the attempt failed, and may be tried again after the backoff or {@code retryAfter} (or null). */
  record Transient(String error, Duration retryAfter) implements HeadDecision {}

  /** 304 Not Modified to a request that asked only if the file changed ({@link Revalidation}): the file stands. */
  record NotModified() implements HeadDecision {}

  /** The URL ends here, without a body: NOT_FOUND (no error) or ERROR. */
  record End(Outcome outcome, String error) implements HeadDecision {}

  /**
   * What {@code response}'s head leads to, now, for a request to {@code target} after {@code redirects} redirects that
   * asked for the rest of {@code partial} (null: for the whole body).
   */
  static HeadDecision of(HttpResponse response, PartialBody partial, String target, int redirects, int maxRedirects) {
    return of(response, partial, false, target, redirects, maxRedirects);
  }

  /** As above, for a request that asked for the body only if it changed ({@code conditional}, {@link Revalidation}). */
  static HeadDecision of(HttpResponse response, PartialBody partial, boolean conditional, String target, int redirects,
      int maxRedirects) {
    if (conditional && response.status().intValue() == 304) return new NotModified();
    PartialBody.Answer ranged = partial == null ? PartialBody.Answer.AS_USUAL
        : partial.answer(response, response.entity().getContentLengthOption());
    return switch (ranged) {
      case APPEND -> new ReadBody(partial);
      case START_OVER -> new ReadBody(null);
      case ASK_WHOLE -> new AskWhole();
      case AS_USUAL -> of(response, target, redirects, maxRedirects);
    };
  }

  /** What {@code response}'s head leads to, now, for a request to {@code target} after {@code redirects} redirects. */
  static HeadDecision of(HttpResponse response, String target, int redirects, int maxRedirects) {
    return of(response.status().intValue(), response.status().isRedirection(), response.status().reason(),
        response.getHeader("Location").map(HttpHeader::value), response.getHeader("Retry-After").map(HttpHeader::value),
        target, redirects, maxRedirects, Instant.now());
  }

  /**
   * @param status      the response's status code
   * @param redirection Pekko's word on whether the status is a redirection (every 3xx it knows, 304 included)
   * @param reason      its reason phrase
   * @param location    its Location header, if any
   * @param retryAfter  its Retry-After header, if any
   * @param target      the URL the request went to, against which a relative Location is resolved
   * @param redirects   redirects already followed in this attempt
   */
  static HeadDecision of(int status, boolean redirection, String reason, Optional<String> location, Optional<String> retryAfter,
      String target, int redirects, int maxRedirects, Instant now) {
    // Not Modified answers only a conditional request (Revalidation); to any other it would leave no file.
    if (status == 304) return new End(Outcome.ERROR, "HTTP 304 Not Modified, but the request asked no condition");
    // Redirects first: Pekko counts 3xx as "success".
    if (redirection) return redirect(status, location, target, redirects, maxRedirects);
    // A part of a body nobody asked a part of: saved, it would pass for the whole file.
    if (status == 206) return new End(Outcome.ERROR, "HTTP 206 Partial Content, but the whole body was asked for");
    if (status >= 200 && status < 300) return new ReadBody(null);
    if (status == 404) return new End(Outcome.NOT_FOUND, null);
    String error = "HTTP " + status + " " + reason;
    if (!FetchFailures.TRANSIENT_STATUSES.contains(status)) return new End(Outcome.ERROR, error);
    return new Transient(error, retryAfter.map(value -> RetryAfter.parse(value, now)).orElse(null));
  }

  private static HeadDecision redirect(int status, Optional<String> location, String target, int redirects,
      int maxRedirects) {
    if (location.isEmpty()) return new End(Outcome.ERROR, "HTTP " + status + " without a Location header");
    if (redirects >= maxRedirects) return new End(Outcome.ERROR, "more than " + maxRedirects + " redirects");
    try {
      return new Redirect(URI.create(target).resolve(location.get().strip()).toString());
    } catch (IllegalArgumentException badLocation) {
      return new End(Outcome.ERROR, "HTTP " + status + " to an unusable Location: " + location.get());
    }
  }
}
