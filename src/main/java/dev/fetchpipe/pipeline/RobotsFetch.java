package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.config.RequestSettings;
import dev.fetchpipe.report.Durations;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Fetches one host's {@code /robots.txt} as a run fetches its URLs: the job's User-Agent and headers, proxies, TLS
 * trust and deny-list (through a {@link FetcherHttp}, as {@link HeadProbe} does), redirects followed up to the job's
 * fetch.max-redirects, bodies decoded as fetch.decode says. Never fails: what RFC 9309 and fetch.robots make of any
 * answer is an {@link Answer}. A 2xx is read up to {@link RobotsRules#MAX_BYTES} (the rest is not even read); any
 * other 4xx allows everything (the host has no rules); a 5xx, a failure, a timeout or too many redirects allows
 * everything too, with a warning to show, since the host may have rules we could not read.
 */
final class RobotsFetch {
  /**
   * The rules that apply, and a warning to show when they are a fallback because the file could not be read, or
   * when only the file's first {@link RobotsRules#MAX_BYTES} were read.
   */
  record Answer(RobotsRules rules, String warning) {}

  private final FetcherHttp http;
  private final FetchSettings settings;
  private final RequestHeaders headers;

  RobotsFetch(FetcherHttp http, FetchSettings settings) {
    this.http = http;
    this.settings = settings;
    this.headers = jobHeaders(settings.request());
  }

  /** The job's headers; the robots.txt request neither sends the jar's cookies nor keeps what it sets. */
  private static RequestHeaders jobHeaders(RequestSettings request) {
    return new RequestHeaders(request, CookieJar.of(java.util.List.of()));
  }

  /** The User-Agent the job's requests send (fetch.headers may replace or remove the default). */
  static String userAgent(RequestSettings request, String url) {
    return jobHeaders(request).of(url, url).stream()
        .filter(header -> header.name().equalsIgnoreCase("User-Agent"))
        .map(RequestSettings.Header::value).findFirst().orElse("");
  }

  /** The rules of {@code host} ({@code scheme://host:port}, as {@link WorkQueue#hostOf} gives it). */
  CompletionStage<Answer> fetch(String host) {
    String url = host + "/robots.txt";
    return fetch(url, url, 0, userAgent(settings.request(), url));
  }

  private CompletionStage<Answer> fetch(String url, String target, int redirects, String userAgent) {
    HttpRequest request;
    try {
      // Raw headers, not models, as the fetcher sends them: Pekko would re-render a model.
      request = HttpRequest.GET(target).addHeaders(headers.of(url, target).stream()
          .map(header -> (HttpHeader) RawHeader.create(header.name(), header.value())).toList());
    } catch (RuntimeException badUri) {
      return done(unread(url, "unusable URL: " + FetchFailures.reason(badUri)));
    }
    long timeout = settings.responseTimeout().toMillis();
    return http.send(request).toCompletableFuture().orTimeout(timeout, TimeUnit.MILLISECONDS)
        .handle((response, failure) -> {
          if (failure != null) return done(failed(url, failure));
          return answered(url, target, redirects, userAgent, response);
        })
        .thenCompose(next -> next);
  }

  private CompletionStage<Answer> answered(String url, String target, int redirects, String userAgent,
      HttpResponse response) {
    int status = response.status().intValue();
    HeadDecision decision = HeadDecision.of(response, target, redirects, settings.maxRedirects());
    if (decision instanceof HeadDecision.ReadBody) return read(url, response, userAgent);
    http.discard(response);
    if (decision instanceof HeadDecision.Redirect redirect) {
      return fetch(url, redirect.target(), redirects + 1, userAgent);
    }
    if (status >= 400 && status < 500) return done(new Answer(RobotsRules.ALLOW_ALL, null));
    String why = decision instanceof HeadDecision.End end && end.error() != null ? end.error()
        : "HTTP " + status + " " + response.status().reason();
    return done(unread(url, why));
  }

  /** The first {@link RobotsRules#MAX_BYTES} of the body, decoded; reading stops there, the rest never arrives. */
  private CompletionStage<Answer> read(String url, HttpResponse response, String userAgent) {
    try {
      AtomicLong seen = new AtomicLong();
      return BodyDecoding.entity(response, settings.request().decode()).getDataBytes()
          .takeWhile(chunk -> seen.addAndGet(chunk.size()) < RobotsRules.MAX_BYTES, true)
          .completionTimeout(settings.idleTimeout().plus(settings.responseTimeout()))
          .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), http.materializer())
          .handle((body, failure) -> failure != null ? failed(url, failure)
              : new Answer(RobotsRules.parse(body.take(RobotsRules.MAX_BYTES).toArray(), userAgent),
                  body.size() <= RobotsRules.MAX_BYTES ? null : url + " is larger than "
                      + RobotsRules.MAX_BYTES / 1024 + " KiB: only its first " + RobotsRules.MAX_BYTES / 1024
                      + " KiB were read (RFC 9309)"));
    } catch (RuntimeException undecodable) {
      http.discard(response);
      return done(unread(url, FetchFailures.reason(undecodable)));
    }
  }

  private Answer failed(String url, Throwable failure) {
    if (FetchFailures.unwrap(failure) instanceof TimeoutException) {
      http.tearDown("no response");
      return unread(url, "no response after " + Durations.words(settings.responseTimeout()));
    }
    return unread(url, FetchFailures.reason(failure));
  }

  private static Answer unread(String url, String why) {
    return new Answer(RobotsRules.ALLOW_ALL, "could not read " + url + " (" + why + "): every URL of the host allowed");
  }

  private static CompletionStage<Answer> done(Answer answer) {
    return CompletableFuture.completedFuture(answer);
  }
}
