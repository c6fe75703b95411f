package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** robots.txt as RFC 9309 reads it: groups by product token, longest match, {@code *} and {@code $}, hostile files. */
class RobotsRulesTest {
  /** RFC 9309 section 5.1's example file. */
  private static final String RFC_EXAMPLE = """
      User-Agent: *
      Disallow: *.gif$
      Disallow: /example/
      Allow: /publications/

      User-Agent: foobot
      Disallow:/
      Allow:/example/page.html
      Allow:/example/allowed.gif

      User-Agent: barbot
      User-Agent: bazbot
      Disallow: /example/page.html

      User-Agent: quxbot
      """;

  private static RobotsRules rules(String text, String userAgent) {
    return RobotsRules.parse(text, userAgent);
  }

  private static RobotsRules oneRule(String rule) {
    return rules("User-agent: *\n" + rule + "\n", "fetchpipe/1.0");
  }

  @Test
  void rfcExampleFoobotMayFetchOnlyWhatItsGroupAllows() {
    RobotsRules foobot = rules(RFC_EXAMPLE, "foobot/2.1");
    assertTrue(foobot.allows("/example/page.html"));
    assertTrue(foobot.allows("/example/allowed.gif"));
    assertFalse(foobot.allows("/example/other.html"));
    assertFalse(foobot.allows("/"));
    assertFalse(foobot.allows("/publications/"), "its own group replaces *'s, it does not add to it");
  }

  @Test
  void rfcExampleAgentsListedTogetherShareTheirGroup() {
    for (String agent : new String[] {"barbot", "BazBot/1.0 (+https://baz.example)"}) {
      RobotsRules rules = rules(RFC_EXAMPLE, agent);
      assertFalse(rules.allows("/example/page.html"), agent);
      assertTrue(rules.allows("/example/other.gif"), agent);
      assertTrue(rules.allows("/"), agent);
    }
  }

  @Test
  void rfcExampleAnEmptyGroupAllowsEverything() {
    RobotsRules quxbot = rules(RFC_EXAMPLE, "quxbot");
    assertTrue(quxbot.allows("/example/page.html"));
    assertTrue(quxbot.allows("/a.gif"));
  }

  @Test
  void rfcExampleAnyOtherAgentGetsTheStarGroup() {
    RobotsRules other = rules(RFC_EXAMPLE, "fetchpipe/1.0");
    assertFalse(other.allows("/images/a.gif"));
    assertTrue(other.allows("/images/a.gif?size=2"), "$ ends the pattern at the path's end, query included");
    assertFalse(other.allows("/example/x"));
    assertTrue(other.allows("/publications/"));
    assertTrue(other.allows("/index.html"));
  }

  @Test
  void rfcExampleTheLongestMatchWins() {
    RobotsRules rules = rules("""
        User-Agent: foobot
        Allow: /example/page/
        Disallow: /example/page/disallowed.gif
        """, "foobot");
    assertTrue(rules.allows("/example/page/"));
    assertTrue(rules.allows("/example/page/other.gif"));
    assertFalse(rules.allows("/example/page/disallowed.gif"));
  }

  @Test
  void allowWinsATieOfEqualLength() {
    RobotsRules rules = rules("User-agent: *\nDisallow: /folder\nAllow: /folder\n", "x");
    assertTrue(rules.allows("/folder/page"));
    RobotsRules reversed = rules("User-agent: *\nAllow: /folder\nDisallow: /folder\n", "x");
    assertTrue(reversed.allows("/folder/page"));
  }

  @Test
  void aPlainPatternIsAPrefixAndCaseMatters() {
    RobotsRules fish = oneRule("Disallow: /fish");
    for (String path : new String[] {"/fish", "/fish.html", "/fish/salmon.html", "/fishheads", "/fish.php?id=anything"}) {
      assertFalse(fish.allows(path), path);
    }
    for (String path : new String[] {"/Fish.asp", "/catfish", "/?id=fish", "/desert/fish"}) {
      assertTrue(fish.allows(path), path);
    }
    assertFalse(oneRule("Disallow: /fish*").allows("/fishheads/yummy.html"), "a trailing * changes nothing");
  }

  @Test
  void aTrailingSlashMatchesOnlyInsideTheFolder() {
    RobotsRules folder = oneRule("Disallow: /fish/");
    assertFalse(folder.allows("/fish/"));
    assertFalse(folder.allows("/fish/?id=anything"));
    assertFalse(folder.allows("/fish/salmon.htm"));
    assertTrue(folder.allows("/fish"));
    assertTrue(folder.allows("/fish.html"));
    assertTrue(folder.allows("/animals/fish/"));
    assertTrue(folder.allows("/Fish/Salmon.asp"));
  }

  @Test
  void aStarMatchesAnyRunOfCharacters() {
    RobotsRules php = oneRule("Disallow: /*.php");
    for (String path : new String[] {"/index.php", "/folder/filename.php", "/folder/filename.php?parameters",
        "/folder/any.php.file.html", "/filename.php/"}) {
      assertFalse(php.allows(path), path);
    }
    assertTrue(php.allows("/"));
    assertTrue(php.allows("/windows.PHP"));
    RobotsRules fishPhp = oneRule("Disallow: /fish*.php");
    assertFalse(fishPhp.allows("/fish.php"));
    assertFalse(fishPhp.allows("/fishheads/catfish.php?parameters"));
    assertTrue(fishPhp.allows("/Fish.PHP"));
  }

  @Test
  void aFinalDollarAnchorsThePatternAtThePathsEnd() {
    RobotsRules php = oneRule("Disallow: /*.php$");
    assertFalse(php.allows("/filename.php"));
    assertFalse(php.allows("/folder/filename.php"));
    assertTrue(php.allows("/filename.php?parameters"));
    assertTrue(php.allows("/filename.php/"));
    assertTrue(php.allows("/filename.php5"));
    assertTrue(php.allows("/windows.PHP"));
    assertFalse(oneRule("Disallow: /$").allows("/"));
    assertTrue(oneRule("Disallow: /$").allows("/page"));
  }

  @Test
  void aDollarInsideAPatternIsAnOrdinaryCharacter() {
    RobotsRules rules = oneRule("Disallow: /a$b");
    assertFalse(rules.allows("/a$b/c"));
    assertTrue(rules.allows("/a"));
  }

  @Test
  void percentEncodingIsComparedInOneSpelling() {
    // RFC 9309 2.2.2: unreserved characters percent-encoded equal themselves; non-ASCII is compared UTF-8 encoded.
    assertFalse(oneRule("Disallow: /foo/bar/%62%61%7A").allows("/foo/bar/baz"));
    assertFalse(oneRule("Disallow: /foo/bar/baz").allows("/foo/bar/%62%61%7a"));
    assertFalse(oneRule("Disallow: /foo/bar/\u30c4").allows("/foo/bar/%E3%83%84"));
    assertFalse(oneRule("Disallow: /foo/bar/%e3%83%84").allows("/foo/bar/%E3%83%84"));
    assertFalse(oneRule("Disallow: /foo/bar?baz=quz").allows("/foo/bar?baz=quz"));
    assertTrue(oneRule("Disallow: /a%2Fb").allows("/a/b"), "an escaped reserved character stays escaped");
  }

  @Test
  void theProductTokenIsComparedWithoutCaseOrVersion() {
    String text = "User-agent: FetchPipe/9.9\nDisallow: /mine\n\nUser-agent: *\nDisallow: /\n";
    RobotsRules rules = rules(text, "fetchpipe/1.0 (+https://example.com/bot)");
    assertFalse(rules.allows("/mine/x"));
    assertTrue(rules.allows("/other"));
    assertEquals("fetchpipe", RobotsRules.productToken("fetchpipe/1.0 (+x)"));
    assertEquals("my-bot_x", RobotsRules.productToken("  My-Bot_X/2"));
    assertEquals(null, RobotsRules.productToken("/1.0"));
    assertFalse(rules(text, "").allows("/other"), "no User-Agent gets the * group");
  }

  @Test
  void groupsOfTheSameAgentAreMerged() {
    RobotsRules rules = rules("User-agent: a\nDisallow: /x\n\nUser-agent: b\nDisallow: /y\n\nUser-agent: a\nDisallow: /z\n", "a");
    assertFalse(rules.allows("/x"));
    assertFalse(rules.allows("/z"));
    assertTrue(rules.allows("/y"));
  }

  @Test
  void noMatchingGroupAndNoStarAllowsEverything() {
    assertTrue(rules("User-agent: other\nDisallow: /\n", "fetchpipe").allows("/a"));
    assertTrue(RobotsRules.ALLOW_ALL.allows("/a"));
    assertTrue(rules("", "fetchpipe").allows("/a"));
  }

  @Test
  void anEmptyDisallowAllowsEverything() {
    assertTrue(oneRule("Disallow:").allows("/anything"));
  }

  @Test
  void robotsTxtItselfIsAlwaysAllowed() {
    assertTrue(oneRule("Disallow: /").allows("/robots.txt"));
    assertFalse(oneRule("Disallow: /").allows("/robots.txt.bak"));
  }

  @Test
  void aSitemapLineDoesNotEndAGroupButARuleDoes() {
    RobotsRules rules = rules("User-agent: a\nSitemap: https://h/s.xml\nUser-agent: b\nDisallow: /\n", "a");
    assertFalse(rules.allows("/p"));
    RobotsRules split = rules("User-agent: a\nDisallow: /x\nUser-agent: b\nDisallow: /\n", "a");
    assertTrue(split.allows("/p"));
  }

  @Test
  void commentsKeysCaseWhitespaceAndLineEndingsAreTolerated() {
    String text = "\uFEFF# hello\r\n  USER-AGENT :  *   # everyone\r\n\tdisALLOW\t:\t/private # secret\rAllow:/private/ok\n";
    RobotsRules rules = rules(text, "fetchpipe");
    assertFalse(rules.allows("/private/x"));
    assertTrue(rules.allows("/private/ok/1"));
    assertTrue(rules.allows("/public"));
  }

  @Test
  void garbageLinesAreSkippedAndTheRestStillCounts() {
    String text = "<html><body>Not Found</body></html>\n\u0000\u0001binary:\nDisallow /nocolon\n:\nDisallow: /early\n"
        + "User-agent: *\nfoo bar baz\nDisallow: /secret\n";
    RobotsRules rules = rules(text, "fetchpipe");
    assertFalse(rules.allows("/secret"));
    assertTrue(rules.allows("/nocolon"));
    assertTrue(rules.allows("/early"), "a rule before any User-agent line belongs to no group");
  }

  @Test
  void malformedUtf8IsReadAsFarAsItMakesSense() {
    byte[] bytes = "User-agent: *\nDisallow: /a\u00ff\nDisallow: /b\n".getBytes(StandardCharsets.ISO_8859_1);
    RobotsRules rules = RobotsRules.parse(bytes, "fetchpipe");
    assertFalse(rules.allows("/b"));
  }

  @Test
  void onlyTheFirst500KibAreRead() {
    StringBuilder text = new StringBuilder("User-agent: *\nDisallow: /first\n");
    while (text.length() < RobotsRules.MAX_BYTES) {
      text.append("# padding padding padding padding padding padding padding\n");
    }
    text.append("Disallow: /after\n");
    RobotsRules rules = RobotsRules.parse(text.toString().getBytes(StandardCharsets.UTF_8), "fetchpipe");
    assertFalse(rules.allows("/first"));
    assertTrue(rules.allows("/after"), "what lies past 500 KiB is ignored");
  }

  @Test
  void aHostilePatternCostsNoMoreThanItsLengthTimesThePaths() {
    String stars = "/" + "*a".repeat(200_000) + "b";
    RobotsRules rules = RobotsRules.parse(("User-agent: *\nDisallow: " + stars + "\n").getBytes(StandardCharsets.UTF_8),
        "fetchpipe");
    String path = "/" + "a".repeat(4_000);
    // Not a timing target: a backtracking matcher would not end at all; this one answers at once.
    boolean allowed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> rules.allows(path));
    assertTrue(allowed);
    assertTrue(RobotsRules.matches("/*a*a*a", "/xaxaxa"));
    assertFalse(RobotsRules.matches("/*a*a*a*a", "/xaxaxa"));
    assertTrue(RobotsRules.matches("*", "/"));
  }

  @Test
  void crawlDelayIsTheChosenGroupsInSeconds() {
    String text = "User-agent: *\nCrawl-delay: 2.5\n\nUser-agent: slowbot\nCrawl-delay: 10\nDisallow: /x\n";
    assertEquals(Optional.of(Duration.ofMillis(2500)), rules(text, "fetchpipe").crawlDelay());
    assertEquals(Optional.of(Duration.ofSeconds(10)), rules(text, "slowbot").crawlDelay());
    assertEquals(Optional.empty(), rules("User-agent: *\nDisallow: /\n", "x").crawlDelay());
  }

  @Test
  void aCrawlDelayThatIsNotAPlainNumberIsIgnored() {
    for (String bad : new String[] {"-1", "abc", "1e9", "NaN", "", "1.2.3", "99999999999"}) {
      assertEquals(Optional.empty(), oneRule("Crawl-delay: " + bad).crawlDelay(), bad);
    }
  }
}
