package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final String TOKEN = "s3cret-token-of-the-daemon";
  private final Access loopback = new Access(TOKEN, "127.0.0.1", 8642, true);

  private Access.Verdict ask(Access access, String host, String origin, String authorization, String query, String cookie) {
    return access.check(host, Optional.ofNullable(origin), Optional.ofNullable(authorization), Optional.ofNullable(query),
        Optional.ofNullable(cookie));
  }

  @Test
  void theTokenMayComeAsBearerQueryOrCookie() {
    assertEquals(Access.Verdict.ALLOWED, ask(loopback, "127.0.0.1:8642", null, "Bearer " + TOKEN, null, null));
    assertEquals(Access.Verdict.ALLOWED, ask(loopback, "127.0.0.1:8642", null, "bearer  " + TOKEN, null, null));
    assertEquals(Access.Verdict.ALLOWED, ask(loopback, "localhost:8642", null, null, TOKEN, null));
    assertEquals(Access.Verdict.ALLOWED, ask(loopback, "[::1]:8642", null, null, null, TOKEN));
  }

  @Test
  void noTokenOrAWrongOneIsRefused() {
    assertEquals(Access.Verdict.NO_TOKEN, ask(loopback, "127.0.0.1:8642", null, null, null, null));
    assertEquals(Access.Verdict.WRONG_TOKEN, ask(loopback, "127.0.0.1:8642", null, "Bearer nope", null, null));
    assertEquals(Access.Verdict.WRONG_TOKEN, ask(loopback, "127.0.0.1:8642", null, "Basic " + TOKEN, null, null));
    assertEquals(Access.Verdict.WRONG_TOKEN, ask(loopback, "127.0.0.1:8642", null, null, TOKEN + "x", null));
    assertEquals(401, Access.Verdict.NO_TOKEN.status);
  }

  @Test
  void anotherHostNameIsRefusedEvenWithTheToken() {
    // A page of evil.example whose name was rebound to 127.0.0.1 sends its own name as Host.
    assertEquals(Access.Verdict.WRONG_HOST, ask(loopback, "evil.example:8642", null, "Bearer " + TOKEN, null, null));
    assertEquals(Access.Verdict.WRONG_HOST, ask(loopback, "127.0.0.1:9999", null, "Bearer " + TOKEN, null, null));
    assertEquals(Access.Verdict.WRONG_HOST, ask(loopback, "", null, "Bearer " + TOKEN, null, null));
  }

  @Test
  void aCrossOriginRequestIsRefusedEvenWithTheToken() {
    assertEquals(Access.Verdict.WRONG_ORIGIN,
        ask(loopback, "127.0.0.1:8642", "http://evil.example", null, null, TOKEN));
    assertEquals(Access.Verdict.ALLOWED, ask(loopback, "127.0.0.1:8642", "http://127.0.0.1:8642", null, null, TOKEN));
    assertEquals(Access.Verdict.ALLOWED, ask(loopback, "localhost:8642", "http://localhost:8642", null, null, TOKEN));
  }

  @Test
  void aDaemonOnAnotherInterfaceAnswersToThatNameOnly() {
    Access lan = new Access(TOKEN, "192.0.2.7", 8642, false);
    assertEquals(Access.Verdict.ALLOWED, ask(lan, "192.0.2.7:8642", null, "Bearer " + TOKEN, null, null));
    assertEquals(Access.Verdict.WRONG_HOST, ask(lan, "127.0.0.1:8642", null, "Bearer " + TOKEN, null, null));
  }
}
