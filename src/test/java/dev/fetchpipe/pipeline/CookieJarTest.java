package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.CookieFile.Cookie;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A job's cookies kept and sent as a browser keeps and sends them (RFC 6265), on a clock the test moves. */
class CookieJarTest {
  private final AtomicLong now = new AtomicLong(1_700_000_000L);
  private final CookieJar jar = new CookieJar(List.of(), now::get);

  private void set(String url, String... setCookies) {
    jar.received(URI.create(url), List.of(setCookies));
  }

  private String sent(String url) {
    return jar.header(URI.create(url));
  }

  @Test
  void aCookieWithoutDomainGoesToItsHostAloneAndItsDefaultPath() {
    set("http://a.example/shop/cart", "id=1");
    assertEquals("id=1", sent("http://a.example/shop/other"));
    assertEquals("id=1", sent("http://a.example/shop"));
    assertNull(sent("http://a.example/shopping"), "path /shop is a folder, not a prefix of a name");
    assertNull(sent("http://a.example/"));
    assertNull(sent("http://b.a.example/shop/x"), "host-only: not to a subdomain");
    assertNull(sent("http://example/shop/x"));
  }

  @Test
  void aDomainCookieGoesToTheDomainAndItsSubdomainsAndAnotherDomainIsRefused() {
    set("http://www.example.com/", "d=1; Domain=.Example.com; Path=/");
    assertEquals("d=1", sent("http://example.com/x"));
    assertEquals("d=1", sent("http://a.b.example.com/x"));
    assertNull(sent("http://badexample.com/"));
    set("http://www.example.com/", "other=1; Domain=other.com", "tld=1; Domain=com", "sub=1; Domain=x.www.example.com");
    assertEquals(1, jar.all().size(), "a cookie for another domain, a top-level domain or a subdomain: refused");
    set("http://127.0.0.1/", "ip=1; Domain=0.0.1");
    assertNull(sent("http://127.0.0.1/"), "an IP address is under no domain");
  }

  @Test
  void secureCookiesOnlyOverHttpsAndOnlySetOverHttps() {
    set("https://h.example/", "s=1; Secure; Path=/");
    set("http://h.example/", "t=1; Secure; Path=/");
    assertEquals("s=1", sent("https://h.example/x"));
    assertNull(sent("http://h.example/x"));
  }

  @Test
  void maxAgeAndExpiresEndACookieAndAPastOneDeletesIt() {
    set("http://h/", "a=1; Max-Age=60; Path=/", "b=2; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "c=3; Path=/");
    assertEquals("a=1; c=3", sent("http://h/"));
    now.addAndGet(61);
    assertEquals("c=3", sent("http://h/"), "a=1 is past its Max-Age");
    set("http://h/", "c=gone; Path=/; Max-Age=0");
    assertNull(sent("http://h/"));
    assertTrue(jar.all().isEmpty());
  }

  @Test
  void aNewCookieReplacesTheOneOfTheSameNameDomainAndPathAndLongerPathsGoFirst() {
    set("http://h/", "a=1; Path=/", "a=2; Path=/docs");
    set("http://h/", "a=3; Path=/");
    assertEquals("a=2; a=3", sent("http://h/docs/x"));
  }

  @Test
  void aSeedFromTheFileIsSentAndUnreadableSetCookiesAreIgnored() {
    CookieJar seeded = new CookieJar(List.of(new Cookie("h.example", false, "/", false, true, 0, "sid", "xyz")), now::get);
    assertEquals("sid=xyz", seeded.header(URI.create("http://www.h.example/a")));
    seeded.received(URI.create("http://h.example/"), List.of("", "=novalue", "bad name=1", "x=" + "v".repeat(5000)));
    assertEquals(1, seeded.all().size(), seeded.all().toString());
  }
}
