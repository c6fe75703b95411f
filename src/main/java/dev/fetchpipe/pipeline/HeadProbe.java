package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Durations;
import dev.fetchpipe.report.Probe;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Asks a server about one URL without fetching its body, as a run would ask for it: the job's headers, proxies, TLS
 * trust and deny-list (through a {@link FetcherHttp}, which a fetcher uses too), redirects followed as a fetcher
 * follows them ({@link HeadDecision}). A HEAD first; a server that refuses HEAD (405, 501) is asked for the first byte
 * instead, a GET with {@code Range: bytes=0-0}, whose 206 gives the whole size in its Content-Range. One URL at a time
 * per probe: the dry run has as many probes as URLs it asks at once.
 */
final class HeadProbe {
  static final String HEAD = "HEAD";
  static final String FIRST_BYTE = "GET bytes=0-0";
  /** {@code Content-Range: bytes 0-0/12345}: the total after the slash ("*" when the server does not know it). */
  private static final Pattern TOTAL = Pattern.compile("^\\s*bytes\\s+\\d+-\\d+/(\\d+)\\s*$");

  private final FetcherHttp http;
  private final RequestHeaders headers;
  private final FetchSettings settings;

  HeadProbe(FetcherHttp http, FetchSettings settings) {
    this.http = http;
    this.settings = settings;
    // The cookies of fetch.cookies.file go with each question, as with a run; a dry run writes no jar back.
    this.headers = new RequestHeaders(settings.request(), CookieJar.of(settings.request().cookies().seed()));
  }

  /** What the server says of {@code item}; never fails: a failure is the probe's error. */
  CompletionStage<Probe> ask(JobItem item) {
    return ask(item, item.target(), 0, HEAD);
  }

  private CompletionStage<Probe> ask(JobItem item, String target, int redirects, String how) {
    HttpRequest request;
    try {
      request = request(item, target, how);
    } catch (RuntimeException badUri) {
      return done(probe(item, null, null, how, "unusable URL: " + FetchFailures.reason(badUri)));
    }
    long timeout = settings.responseTimeout().toMillis();
    return http.send(request).toCompletableFuture().orTimeout(timeout, TimeUnit.MILLISECONDS)
        .handle((response, failure) -> {
          if (failure != null) return done(failed(item, how, failure));
          return answered(item, target, redirects, how, response);
        })
        .thenCompose(next -> next);
  }

  private CompletionStage<Probe> answered(JobItem item, String target, int redirects, String how,
      HttpResponse response) {
    int status = response.status().intValue();
    OptionalLong size = size(response, status, how);
    http.discard(response);
    if (how.equals(HEAD) && (status == 405 || status == 501)) return ask(item, target, redirects, FIRST_BYTE);
    // The 206 to the first byte asked for is the answer wanted (a fetch takes a 206 it did not ask for as an error).
    HeadDecision decision = how.equals(FIRST_BYTE) && status == 206 ? new HeadDecision.ReadBody(null)
        : HeadDecision.of(response, target, redirects, settings.maxRedirects());
    if (decision instanceof HeadDecision.Redirect redirect) return ask(item, redirect.target(), redirects + 1, HEAD);
    Long known = size.isPresent() ? size.getAsLong() : null;
    String error = null;
    if (decision instanceof HeadDecision.End end) error = end.error() == null ? "not found" : end.error();
    if (decision instanceof HeadDecision.Transient again) error = again.error();
    return done(probe(item, status, error == null ? known : null, how, error));
  }

  /**
   * The body's size: a 206's Content-Range total, else the Content-Length (which a HEAD's answer carries for the body
   * a GET would get); empty when the server gave neither. Pekko HTTP gives the answer to a HEAD without a
   * Content-Length (a chunked or compressed body) an empty entity, as it does one with {@code Content-Length: 0}: a
   * HEAD's 0 is therefore no size, rather than a wrong one.
   */
  private static OptionalLong size(HttpResponse response, int status, String how) {
    if (status == 206) {
      return response.getHeader("Content-Range").map(HttpHeader::value).map(TOTAL::matcher).filter(Matcher::matches)
          .map(m -> parse(m.group(1))).orElse(OptionalLong.empty());
    }
    OptionalLong length = response.entity().getContentLengthOption();
    boolean unknown = how.equals(HEAD) && length.isPresent() && length.getAsLong() == 0;
    return unknown ? OptionalLong.empty() : length;
  }

  private static OptionalLong parse(String digits) {
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException tooLong) {
      return OptionalLong.empty();
    }
  }

  private HttpRequest request(JobItem item, String target, String how) {
    HttpRequest request = headers.request(item, target);
    if (how.equals(HEAD)) return request.withMethod(HttpMethods.HEAD);
    return request.addHeader(RawHeader.create("Range", "bytes=0-0"));
  }

  private Probe failed(JobItem item, String how, Throwable failure) {
    if (FetchFailures.unwrap(failure) instanceof TimeoutException) {
      // Pekko HTTP has no timeout of its own for a response's head: the connection is reset, as a fetcher's would be.
      http.tearDown("no response");
      return probe(item, null, null, how, "no response after " + Durations.words(settings.responseTimeout()));
    }
    return probe(item, null, null, how, FetchFailures.reason(failure));
  }

  private static Probe probe(JobItem item, Integer status, Long size, String how, String error) {
    return new Probe(item.index(), item.url(), item.fileName(), status, size, how, error, item.nameNote(), false)
        .withRenamed(item.renamed());
  }

  private static CompletionStage<Probe> done(Probe probe) {
    return CompletableFuture.completedFuture(probe);
  }
}
