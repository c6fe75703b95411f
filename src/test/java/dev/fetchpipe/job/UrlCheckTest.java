package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.Uri;
import org.junit.jupiter.api.Test;

/**
 * The short cut for plain URLs ({@link PlainHttpUrl}) gives every line exactly the answer of the full check (same
 * url, URI and problem text), and ordinary URLs do take it.
 */
class UrlCheckTest {

  /** Lines a URL list may hold: ordinary ones and every kind of edge the short cut must leave to the full check. */
  private static final List<String> CORPUS = List.of(
      // ordinary
      "http://h/x.gif", "https://example.com/", "http://example.com", "HTTP://EXAMPLE.COM/A", "hTTpS://h:1/x",
      "http://127.0.0.1:18701/flags/c000001/c000001.gif", "http://h?q", "http://h#f", "http://h/?", "http://h/#",
      "http://h/a?b=c&d=e;f#frag/ment?x", "http://h/a/./b/../c", "http://h/../../etc/passwd", "http://h//a//b",
      "http://h/~user/a-b_c.d", "http://h/a:b@c!$&'()*+,;=", "http://h/a?x=/?:@", "https://h.example.:8443/x",
      // ports
      "http://h:1/", "http://h:80/", "https://h:443/", "http://h:65535/", "http://h:65536/", "http://h:99999/x",
      "http://h:0/x", "http://h:00000/x", "http://h:080/x", "http://h:123456/x", "http://h:/x", "http://h:x/",
      "http://h:8080:9090/", "http://h:-1/", "http://:80/x", "http://h:8080", "http://h:8080?q", "http://h:8080#f",
      // IPv4 and things that look like it
      "http://1.2.3.4/", "http://1.2.3.4:5/", "http://256.1.1.1/", "http://1.2.3.4.5/", "http://1.2.3/",
      "http://01.02.03.04/", "http://1.2.3.4?x", "http://1.2.3.4#x", "http://0.0.0.0/", "http://1.2.3.4.:80/",
      // odd hosts
      "http://-/x", "http://./x", "http://../x", "http://a..b/x", "http://-a-.example/", "http://h~x/", "http://h!x/",
      "http://under_score.example:8000/x.gif", "http://h%41/x", "http://h%zz/x", "http://bücher.example/x",
      "http://xn--bcher-kva.example/x", "http://h$/", "http://a,b/", "http://h\\x/", "http://h;x/", "http://h=x/",
      // IPv6
      "http://[::1]/x", "http://[::1]:8080/x", "http://[2001:db8::1]/", "http://[::1/x", "http://::1/x",
      "http://[v1.x]/", "http://[fe80::1%25eth0]/", "http://[::ffff:1.2.3.4]:1/",
      // percent-encodings, good and bad
      "http://h/a%20b", "http://h/%41", "http://h/%4", "http://h/%", "http://h/%zz", "http://h/a%zz", "http://h/%FF%FE",
      "http://h/%C3%B1", "http://h/?q=%", "http://h/?q=%2", "http://h/?q=%2g", "http://h/#%", "http://h/#%41",
      "http://h/%00", "http://h/%2F..%2F", "http://h/%c3%b1%", "http://h/%%41",
      // query and fragment
      "http://h/a#b#c", "http://h/a?b?c", "http://h/a#b?c", "http://h/a?b#c#d", "http://h/#", "http://h?", "http://h#",
      // characters RFC 3986 does not allow raw
      "http://h/a|b", "http://h/a^b", "http://h/a`b", "http://h/a{b}", "http://h/a[b]", "http://h/a\"b", "http://h/a<b>",
      "http://h/a\\b", "http://h/?q=a|b", "http://h/#a^b", "http://h/a b", "http://h/a\tb", "http://h/a\u0000b",
      "http://h/a\u007Fb", "http://h/ñandú.gif", "http://h/x\u202E.gif", "http://h/\uD83D\uDE00", "http://h/\uD83D",
      "http://h/a?q=é", "http://h/a#é", "http://h/x\u2028", "http://h/x\u200B/y",
      // hostile or not URLs at all
      "", "   ", "http://", "https://", "http:", "http:/h/x", "http:h/x", "http:///x", "//h/x", "/x", "ftp://h/x",
      "file:///etc/passwd", "javascript:alert(1)", "localhost:8080/x", "h:8080", "mailto:a@b", "data:text/plain,hi",
      "http://user:pw@h/x", "http://user@h/x", "http://@h/x", "http://h@/x", "https://h/x@y", "http://h/a@b:c",
      "alice:s3cret@h/x.gif", "http://alice:s3c@ret@h/x", "\uFEFFhttp://h/x\u00A0", " http://h/x ", "http://h/x\n",
      "http://h\r\n/x", "httpx://h/x", "http//h/x", "http:\\\\h\\x", "https:/h", "h ttp://h/x", "http\u0000://h/x",
      "http://h/" + "a".repeat(8183), "http://h/" + "a".repeat(8184), "http://h/" + "a".repeat(100_000));

  /**
   * Plain URLs each with one character inserted, replaced or deleted, at every place: every ASCII character but the
   * letters and digits (of which a few stand for all), and some non-ASCII ones.
   */
  private static List<String> oneCharacterAway() {
    List<String> seeds = List.of("http://h.example:8080/a/b.gif?x=1&y=2#f", "https://127.0.0.1:18701/c/%41.gif");
    StringBuilder probes = new StringBuilder("aZ09\u00A0é\u202E\uFEFF\u2028\uD83D");
    for (char c = 0; c < 128; c++) {
      if (!Character.isLetterOrDigit(c)) probes.append(c);
    }
    Set<String> lines = new LinkedHashSet<>();
    for (String seed : seeds) {
      for (int at = 0; at <= seed.length(); at++) {
        if (at < seed.length()) lines.add(seed.substring(0, at) + seed.substring(at + 1));
        for (char c : probes.toString().toCharArray()) {
          lines.add(seed.substring(0, at) + c + seed.substring(at));
          if (at < seed.length()) lines.add(seed.substring(0, at) + c + seed.substring(at + 1));
        }
      }
    }
    return new ArrayList<>(lines);
  }

  /** The check's answer, or what it threw, which no line may make it do. */
  private static Object answer(Function<String, UrlCheck> check, String line) {
    try {
      return check.apply(line);
    } catch (RuntimeException e) {
      return "threw " + e;
    }
  }

  /** Non-ASCII and control characters as \\uXXXX, so that a failure message can be read. */
  private static String visible(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ((c >= ' ' && c < 0x7F) || c == '\n') out.append(c);
      else out.append(String.format("\\u%04X", (int) c));
    }
    return out.toString();
  }

  /** Fails naming every line whose two answers differ; else gives the answers. */
  private static List<UrlCheck> assertSameAnswers(List<String> lines) {
    List<UrlCheck> answers = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    for (String line : lines) {
      Object full = answer(UrlCheck::ofFullCheck, line);
      Object quick = answer(UrlCheck::of, line);
      if (!full.equals(quick) || full instanceof String) {
        differing.add(visible(line + "\n  full:  " + full + "\n  quick: " + quick));
      } else {
        answers.add((UrlCheck) quick);
      }
    }
    assertEquals(List.of(), differing);
    return answers;
  }

  @Test
  void everyLineOfAVariedCorpusGetsTheFullChecksAnswer() {
    assertSameAnswers(CORPUS);
  }

  @Test
  void everyLineOneCharacterAwayFromAPlainUrlGetsTheFullChecksAnswer() {
    List<String> lines = oneCharacterAway();
    List<UrlCheck> answers = assertSameAnswers(lines);
    // The lines fall on all sides, so the comparison above means something.
    int plain = 0;
    int refused = 0;
    int usableButNotPlain = 0;
    for (int i = 0; i < lines.size(); i++) {
      boolean isPlain = PlainHttpUrl.matches(lines.get(i));
      if (isPlain) plain++;
      if (!answers.get(i).usable()) refused++;
      if (!isPlain && answers.get(i).usable()) usableButNotPlain++;
    }
    assertTrue(plain > 500, "plain: " + plain);
    assertTrue(refused > 500, "refused: " + refused);
    assertTrue(usableButNotPlain > 50, "usable but not plain: " + usableButNotPlain);
  }

  @Test
  void ordinaryUrlsTakeTheShortCut() {
    for (String url : List.of("http://127.0.0.1:18701/flags/c000001/c000001.gif", "https://example.com",
        "HTTPS://Example.COM:65535/a/b.gif?x=1&y=%2F#top", "http://h:1/a;b,c=d/~e!f$g'h(i)j*k+l:m@n?o/p?q",
        "http://flags.example/?", "http://1.2.3.4#x", "http://h/" + "a".repeat(8183))) {
      assertTrue(PlainHttpUrl.matches(url), url);
      assertTrue(UrlCheck.of(url).usable(), url);
    }
  }

  @Test
  void unusualUrlsAreLeftToTheFullCheck() {
    for (String url : List.of("http://[::1]:8080/x", "http://user@h/x", "http://h:0/x", "http://h:65536/x",
        "http://h:/x", "http://h%41/x", "http://under_score.example/x", "http://h/ñandú.gif", "http://h/a|b",
        "http://h/a%zz", "http://h/a#b#c", "http:///x", "ftp://h/x", "http://h/" + "a".repeat(8184))) {
      assertFalse(PlainHttpUrl.matches(url), url);
    }
  }

  @Test
  void whatTheShortCutTakesJavaNetUriParsesAndPekkoParsesEvenInStrictMode() throws URISyntaxException {
    List<String> lines = new ArrayList<>(CORPUS);
    lines.addAll(oneCharacterAway());
    for (String line : lines) {
      if (!PlainHttpUrl.matches(line)) continue;
      assertEquals(line, new URI(line).toString());
      assertFalse(Uri.create(line, Uri.STRICT).host().isEmpty(), line);
    }
  }
}
