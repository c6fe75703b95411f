package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.report.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

/** What a response's head leads to: its body, a redirect, a retry, or the URL's end, and why. */
class HeadDecisionTest {
  private static final String TARGET = "http://h:8000/a/b.gif";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static HeadDecision head(int status, String location, String retryAfter, int redirects) {
    return HeadDecision.of(status, status >= 300 && status < 400, "Reason", Optional.ofNullable(location),
        Optional.ofNullable(retryAfter), TARGET, redirects, 5, NOW);
  }

  @Test
  void everySuccessHasItsBodyRead() {
    assertEquals(new HeadDecision.ReadBody(null), head(200, null, null, 0));
    assertEquals(new HeadDecision.ReadBody(null), head(204, null, null, 0));
  }

  @Test
  void a304ToARequestThatAskedNoConditionIsAnErrorNotARedirect() {
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 304 Not Modified, but the request asked no condition"),
        head(304, "/elsewhere", null, 0));
  }

  @Test
  void a304ToAConditionalRequestKeepsTheFileAndNothingElseIsReadAsOne() {
    HttpResponse notModified = HttpResponse.create().withStatus(304);
    assertEquals(new HeadDecision.NotModified(), HeadDecision.of(notModified, null, true, TARGET, 0, 5));
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 304 Not Modified, but the request asked no condition"),
        HeadDecision.of(notModified, null, false, TARGET, 0, 5));
    assertEquals(new HeadDecision.ReadBody(null), HeadDecision.of(HttpResponse.create(), null, true, TARGET, 0, 5),
        "a 200 to a conditional request: the file changed, its body replaces it");
  }

  @Test
  void a206ToARequestForTheWholeBodyIsAnErrorNotAFile() {
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 206 Partial Content, but the whole body was asked for"),
        head(206, null, null, 0));
  }

  @Test
  void aRedirectLeadsWhereItsLocationSaysRelativeToTheRequest() {
    assertEquals(new HeadDecision.Redirect("http://h:8000/a/c.gif"), head(302, "c.gif", null, 0));
    assertEquals(new HeadDecision.Redirect("http://h:8000/x"), head(301, " /x ", null, 4));
    assertEquals(new HeadDecision.Redirect("https://other/y"), head(307, "https://other/y", null, 0));
  }

  @Test
  void aRedirectWithoutAUsableLocationOrPastTheLimitIsAnError() {
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 302 without a Location header"), head(302, null, null, 0));
    assertEquals(new HeadDecision.End(Outcome.ERROR, "more than 5 redirects"), head(302, "/x", null, 5));
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 302 to an unusable Location: http://h/a b|c"),
        head(302, "http://h/a b|c", null, 0));
  }

  @Test
  void notFoundEndsTheUrlWithoutAnError() {
    assertEquals(new HeadDecision.End(Outcome.NOT_FOUND, null), head(404, null, null, 0));
  }

  @Test
  void aStatusThatMeansTryLaterIsTransientWithItsRetryAfter() {
    assertEquals(new HeadDecision.Transient("HTTP 503 Reason", Duration.ofSeconds(7)), head(503, null, "7", 0));
    assertEquals(new HeadDecision.Transient("HTTP 429 Reason", Duration.ofSeconds(60)),
        head(429, null, "Thu, 01 Jan 2026 00:01:00 GMT", 0));
    assertEquals(new HeadDecision.Transient("HTTP 500 Reason", null), head(500, null, null, 0));
    assertEquals(new HeadDecision.Transient("HTTP 408 Reason", null), head(408, null, "soon", 0), "an unreadable one is none");
  }

  @Test
  void anyOtherStatusIsAnErrorAtOnce() {
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 403 Reason"), head(403, null, "5", 0));
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 418 Reason"), head(418, null, null, 0));
    assertEquals(new HeadDecision.End(Outcome.ERROR, "HTTP 501 Reason"), head(501, null, null, 0));
  }
}
