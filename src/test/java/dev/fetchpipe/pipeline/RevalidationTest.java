package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Test;

/** The conditional header a revalidation sends: If-None-Match for an ETag, If-Modified-Since for a date. */
class RevalidationTest {
  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  @Test
  void anETagIsSentInIfNoneMatch() {
    HttpRequest asked = Revalidation.ask(new Revalidation("\"e1\""), HttpRequest.GET("http://h/a"));
    assertEquals(Optional.of("\"e1\""), header(asked, "If-None-Match"));
    assertEquals(Optional.empty(), header(asked, "If-Modified-Since"));
  }

  @Test
  void aDateIsSentInIfModifiedSince() {
    HttpRequest asked = Revalidation.ask(new Revalidation("Mon, 07 Dec 2026 10:00:00 GMT"), HttpRequest.GET("http://h/a"));
    assertEquals(Optional.of("Mon, 07 Dec 2026 10:00:00 GMT"), header(asked, "If-Modified-Since"));
    assertEquals(Optional.empty(), header(asked, "If-None-Match"));
  }

  @Test
  void nothingIsAddedWithoutARevalidationAndABrokenValidatorIsRefused() {
    HttpRequest plain = HttpRequest.GET("http://h/a");
    assertEquals(plain, Revalidation.ask(null, plain));
    assertThrows(IllegalArgumentException.class, () -> new Revalidation("\"a\r\nX: y\""));
    assertThrows(IllegalArgumentException.class, () -> new Revalidation(null));
  }
}
