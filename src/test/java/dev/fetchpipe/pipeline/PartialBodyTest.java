package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fetchpipe.pipeline.PartialBody.Answer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

/** What a request for the rest of a kept body sends, and what each answer to it means. */
class PartialBodyTest {
  private static final PartialBody KEPT = new PartialBody(Path.of(".a.bin.x.fetchpipe-partial"), 1000, "\"v1\"");

  private static Answer answer(int status, String contentRange, String encoding, long length) {
    return KEPT.answer(status, Optional.ofNullable(contentRange), Optional.ofNullable(encoding),
        length < 0 ? OptionalLong.empty() : OptionalLong.of(length));
  }

  @Test
  void theRequestAsksForTheRestIfUnchangedAndUnencoded() {
    HttpRequest asked = PartialBody.ask(KEPT, HttpRequest.GET("http://h/a.bin")
        .addHeader(RawHeader.create("Accept-Encoding", "gzip, deflate")));

    List<String> headers = new java.util.ArrayList<>();
    for (HttpHeader header : asked.getHeaders()) headers.add(header.name() + ": " + header.value());
    assertEquals(List.of("Accept-Encoding: identity", "If-Range: \"v1\"", "Range: bytes=1000-"),
        headers.stream().sorted().toList(), "the Accept-Encoding asked for before is gone");
  }

  @Test
  void withNothingKeptTheRequestIsAsItWas() {
    HttpRequest request = HttpRequest.GET("http://h/a.bin");
    assertEquals(request, PartialBody.ask(null, request));
    assertEquals(request, PartialBody.ask(KEPT.emptied(), request));
  }

  @Test
  void a206ForExactlyTheRestIsAppended() {
    assertEquals(Answer.APPEND, answer(206, "bytes 1000-4999/5000", null, 4000));
    assertEquals(Answer.APPEND, answer(206, "bytes 1000-4999/5000", "identity", -1));
  }

  @Test
  void a206ForAnythingElseIsAskedForWhole() {
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1001-4999/5000", null, 3999), "starts elsewhere");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 999-4999/5000", null, 4001), "starts before");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1000-3999/5000", null, 3000), "stops short of the end");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1000-4999/6000", null, 4000), "another total");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1000-4999/*", null, 4000), "no total");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1000-4999/5000", null, 5000), "a length that disagrees");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1000-4999/5000", "gzip", 4000), "encoded");
    assertEquals(Answer.ASK_WHOLE, answer(206, null, null, 4000), "no Content-Range");
    assertEquals(Answer.ASK_WHOLE, answer(206, "bytes 1000-999999999999999999999/5000", null, 4000), "nonsense");
    assertEquals(Answer.ASK_WHOLE, answer(416, "bytes */1000", null, 0), "nothing left: the kept part may be stale");
  }

  @Test
  void a200StartsOverAndAnyOtherStatusMeansWhatItAlwaysDoes() {
    assertEquals(Answer.START_OVER, answer(200, null, null, 5000));
    assertEquals(Answer.AS_USUAL, answer(404, null, null, 0));
    assertEquals(Answer.AS_USUAL, answer(503, null, null, 0));
    assertEquals(Answer.AS_USUAL, answer(302, null, null, 0));
  }

  @Test
  void theValidatorIsAStrongETagElseLastModifiedNeverAWeakOrBrokenOne() {
    HttpResponse both = HttpResponse.create().addHeader(RawHeader.create("ETag", "\"e1\""))
        .addHeader(RawHeader.create("Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT"));
    assertEquals("\"e1\"", PartialBody.validator(both));
    HttpResponse weak = HttpResponse.create().addHeader(RawHeader.create("ETag", "W/\"e1\""))
        .addHeader(RawHeader.create("Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT"));
    assertEquals("Mon, 07 Dec 2026 10:00:00 GMT", PartialBody.validator(weak));
    assertNull(PartialBody.validator(HttpResponse.create().addHeader(RawHeader.create("ETag", "W/\"e1\""))));
    assertNull(PartialBody.validator(HttpResponse.create().addHeader(RawHeader.create("ETag", "\"" + "x".repeat(2000) + "\""))));
    assertNull(PartialBody.validator(HttpResponse.create()));
  }
}
