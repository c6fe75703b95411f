package dev.fetchpipe.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxy URLs, curl's proxy variables and no_proxy, and the deny list, read as a user writes them. */
class ProxyPlanTest {

  @Test
  void aProxyUrlIsReadAsCurlReadsItAndNeverShowsItsPassword() {
    ProxyUrl bare = ProxyUrl.parse("proxy.example:3128");
    assertEquals(new ProxyUrl(ProxyUrl.Kind.HTTP, "proxy.example", 3128, null, null), bare);
    ProxyUrl socks = ProxyUrl.parse("socks5h://me:p%40ss@[::1]:1081");
    assertEquals(ProxyUrl.Kind.SOCKS5H, socks.kind());
    assertEquals("::1", socks.host());
    assertEquals("p@ss", socks.password());
    assertEquals("socks5h://me:***@[::1]:1081", socks.shown());
    assertEquals(1080, ProxyUrl.parse("http://p").port());

    IllegalArgumentException https = assertThrows(IllegalArgumentException.class,
        () -> ProxyUrl.parse("https://u:hunter2@p:443"));
    assertFalse(https.getMessage().contains("hunter2"), https.getMessage());
    assertTrue(https.getMessage().contains("u:***@p"), https.getMessage());
    IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse("ftp://u:hunter2@p"));
    assertFalse(ftp.getMessage().contains("hunter2"), ftp.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse("http://p:3128/path"));
    assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse("socks5://" + "u".repeat(256) + ":x@p"));
  }

  @Test
  void theEnvironmentIsReadAsCurlReadsIt() {
    Map<String, String> environment = Map.of(
        "HTTP_PROXY", "http://evil:1", // curl ignores it: a CGI request's Proxy: header can set it
        "https_proxy", "http://tls:3128",
        "HTTPS_PROXY", "http://other:3128",
        "ALL_PROXY", "socks5h://all:1080",
        "no_proxy", "internal.example, 10.0.0.0/8,[::1]");
    ProxyPlan plan = ProxyPlan.of("env", "env", environment);
    assertEquals(new Route(Route.Way.SOCKS, ProxyUrl.parse("socks5h://all:1080")), plan.routeFor("http", "a.example"),
        "no lower-case http_proxy: all_proxy, never HTTP_PROXY");
    assertEquals(Route.Way.CONNECT, plan.routeFor("https", "a.example").way());
    assertEquals("tls", plan.routeFor("https", "a.example").proxy().host(), "the lower-case name wins");
    assertEquals(Route.DIRECT, plan.routeFor("https", "www.internal.example"));
    assertEquals(Route.DIRECT, plan.routeFor("https", "INTERNAL.example."));
    assertEquals(Route.DIRECT, plan.routeFor("https", "10.1.2.3"));
    assertEquals(Route.DIRECT, plan.routeFor("https", "[::1]"));
    assertEquals(Route.Way.CONNECT, plan.routeFor("https", "notinternal.example").way());
    assertEquals(Route.Way.CONNECT, plan.routeFor("https", "11.1.2.3").way());

    assertTrue(ProxyPlan.of("env", "env", Map.of()).isNone());
    assertTrue(ProxyPlan.of("none", "", environment).isNone());
    assertEquals(Route.DIRECT, ProxyPlan.of("http://p:1", "*", Map.of()).routeFor("http", "x"));
    ProxyPlan one = ProxyPlan.of("http://u:pw@p:1", "", environment);
    assertEquals(Route.Way.ABSOLUTE_FORM, one.routeFor("http", "internal.example").way(), "no-proxy \"\" is none");
    assertEquals("http://u:***@p:1", one.toString());

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ProxyPlan.of("env", "env", Map.of("https_proxy", "gopher://u:secret@p")));
    assertTrue(bad.getMessage().startsWith("the environment's https_proxy: "), bad.getMessage());
    assertFalse(bad.getMessage().contains("secret"), bad.getMessage());
  }

  @Test
  void theDenyListHoldsRangesWordsAndMappedAddresses() throws Exception {
    DenyList deny = DenyList.parse(DenyList.DEFAULT);
    assertEquals("169.254.0.0/16", deny.denying(InetAddress.getByName("169.254.169.254")));
    assertEquals("169.254.0.0/16", deny.denying(InetAddress.getByName("::ffff:169.254.169.254")));
    assertEquals("fd00:ec2::254", deny.denying(InetAddress.getByName("fd00:ec2:0:0:0:0:0:254")));
    assertNull(deny.denying(InetAddress.getByName("127.0.0.1")));
    assertNull(deny.denying(InetAddress.getByName("169.255.0.1")));
    DenyList more = DenyList.parse(List.of("loopback", "private"));
    assertEquals("127.0.0.0/8", more.denying(InetAddress.getByName("127.0.0.2")));
    assertEquals("::1", more.denying(InetAddress.getByName("::1")));
    assertEquals("172.16.0.0/12", more.denying(InetAddress.getByName("172.31.255.255")));
    assertNull(more.denying(InetAddress.getByName("172.32.0.0")));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> DenyList.parse(List.of("metadata.google.internal")));
    assertTrue(bad.getMessage().contains("\"metadata.google.internal\" is not an IP address or range"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DenyList.parse(List.of("10.0.0.0/33")));
  }
}
