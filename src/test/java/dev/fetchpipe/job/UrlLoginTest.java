package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A URL's user info read as curl reads it: split at the first colon, percent-decoded to UTF-8, shown masked. */
class UrlLoginTest {
  @Test
  void userAndPasswordAreDecodedAsCurlDecodesThem() {
    UrlLogin login = UrlLogin.of("https://d%C3%A9j%C3%A0:a+b%3Ac%25@h:8/p?q=1");
    assertEquals("déjà", login.user());
    assertEquals("a+b:c%", login.password(), "+ stays a plus; %3A is a colon of the password");
    assertEquals("https://d%C3%A9j%C3%A0:***@h:8/p?q=1", login.shownUrl());
    assertEquals("https://h:8/p?q=1", login.bareUrl());
    assertEquals("Basic " + Base64.getEncoder().encodeToString("déjà:a+b:c%".getBytes(StandardCharsets.UTF_8)),
        login.authorization());
    assertEquals("https://d%C3%A9j%C3%A0:***@h:8/p?q=1", login.toString(), "toString never shows the password");
  }

  @Test
  void theFirstColonSplitsAndAnEmptyPartIsKept() {
    assertEquals("b:c", UrlLogin.of("http://a:b:c@h/").password());
    UrlLogin noUser = UrlLogin.of("http://:pw@h/");
    assertEquals("", noUser.user());
    assertEquals("http://:***@h/", noUser.shownUrl());
    UrlLogin noPassword = UrlLogin.of("http://tok@h/");
    assertEquals("", noPassword.password());
    assertEquals("http://***@h/", noPassword.shownUrl());
  }

  @Test
  void theShownUrlFollowsTheUrlAsItIsRequested() {
    UrlLogin login = UrlLogin.of("http://u:p@h/ñ");
    assertEquals("http://u:***@h/%C3%B1", login.shown("http://h/%C3%B1"));
  }

  @Test
  void noUserInfoIsNoLoginAndABadOneIsRefused() {
    assertNull(UrlLogin.of("http://h/a@b"));
    assertNull(UrlLogin.of("mailto:a@b"));
    assertThrows(UrlLogin.Refused.class, () -> UrlLogin.of("http://@h/"));
    assertThrows(UrlLogin.Refused.class, () -> UrlLogin.of("http://u:%4@h/"));
    assertThrows(UrlLogin.Refused.class, () -> UrlLogin.of("http://u:a\"b@h/"));
  }
}
