package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * The conditional header a revalidation sends (If-None-Match for an ETag, If-Modified-Since for a date), on every
 * request of the URL until a 2xx body begins, and what a 304 to it leaves for the writer: the earlier run's file.
 */
class RevalidationTest {
  private static final JobItem ITEM = new JobItem(0, "http://h/a", "a", null);

  private static Revalidation of(String validator) {
    return new Revalidation(new JournalEntry("http://h/a", "a", dev.fetchpipe.report.Outcome.OK, 3, "ab", null,
        validator, null, null));
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  @Test
  void anETagIsSentInIfNoneMatch() {
    HttpRequest asked = Revalidation.ask(of("\"e1\""), HttpRequest.GET("http://h/a"));
    assertEquals(Optional.of("\"e1\""), header(asked, "If-None-Match"));
    assertEquals(Optional.empty(), header(asked, "If-Modified-Since"));
  }

  @Test
  void aDateIsSentInIfModifiedSince() {
    HttpRequest asked = Revalidation.ask(of("Mon, 07 Dec 2026 10:00:00 GMT"), HttpRequest.GET("http://h/a"));
    assertEquals(Optional.of("Mon, 07 Dec 2026 10:00:00 GMT"), header(asked, "If-Modified-Since"));
    assertEquals(Optional.empty(), header(asked, "If-None-Match"));
  }

  @Test
  void nothingIsAddedWithoutARevalidationAndABrokenValidatorIsRefused() {
    HttpRequest plain = HttpRequest.GET("http://h/a");
    assertEquals(plain, Revalidation.ask(null, plain));
    assertNull(Revalidation.of(null));
    assertThrows(IllegalArgumentException.class, () -> of("\"a\r\nX: y\""));
    assertThrows(IllegalArgumentException.class, () -> of(null));
  }

  @Test
  void everyRequestOfTheUrlAsksUntilA2xxBodyBeginsThenNoneDoes() {
    FetchAttempt first = FetchAttempt.first(ITEM, 1, 0, null, of("\"e1\""));
    HttpRequest plain = HttpRequest.GET("http://h/a");
    assertEquals(Optional.of("\"e1\""), header(first.ask(plain), "If-None-Match"));
    FetchAttempt afterA503 = first.responded(503, 1).failed("HTTP 503", java.time.Duration.ZERO, 1).next(2, 2);
    assertEquals(Optional.of("\"e1\""), header(afterA503.ask(plain), "If-None-Match"), "a retry asks again");
    FetchAttempt redirected = first.responded(302, 1).redirectedTo("http://h/b");
    assertEquals(Optional.of("\"e1\""), header(redirected.ask(plain), "If-None-Match"), "so does the redirect's target");
    FetchAttempt bodyBegan = first.responded(200, 1);
    assertNull(bodyBegan.revalidation(), "a 200's body replaces the file: its retry asks whole");
    assertEquals(Optional.empty(), header(bodyBegan.next(3, 3).ask(plain), "If-None-Match"));
  }

  @Test
  void a304LeavesTheWriterToConfirmTheEarlierFileInPlace() {
    Revalidation revalidation = of("\"e1\"");
    DiskWriter.Command confirm = revalidation.unchanged().saveAs(ITEM, result -> { });
    assertEquals(revalidation.saved(), assertInstanceOf(DiskWriter.Confirm.class, confirm).saved());
  }
}
