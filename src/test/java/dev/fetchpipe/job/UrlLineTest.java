package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A URL line's options, after a tab or as JSON Lines, and what a bad one gives. */
class UrlLineTest {
  private static final String SHA = "ab".repeat(32);

  private static UrlCheck text(String line) {
    return UrlLine.read(line, "line 3", false);
  }

  private static UrlCheck json(String line) {
    return UrlLine.read(line, "line 3", true);
  }

  @Test
  void aLineWithoutATabIsAUrlAlone() {
    UrlCheck check = text("http://h/a.gif");
    assertTrue(check.usable());
    assertSame(UrlOptions.NONE, check.options());
  }

  @Test
  void optionsAfterATabAreRead() {
    UrlCheck check = text("http://h/a.gif\tout=flags/a.gif sha256=" + SHA.toUpperCase() + " header=X-Token:abc");
    assertTrue(check.usable(), check.problem());
    assertEquals("http://h/a.gif", check.url());
    assertEquals(new UrlOptions("flags/a.gif", SHA, Map.of("X-Token", "abc")), check.options());
  }

  @Test
  void optionsMayBeSeparatedByTabsAndAHeaderValueMayHoldSpaces() {
    UrlCheck check = text("http://h/a\tout=a.bin\theader=Authorization: Bearer abc def\theader=Accept:*/*  sha256=" + SHA);
    assertTrue(check.usable(), check.problem());
    assertEquals(Map.of("Authorization", "Bearer abc def", "Accept", "*/*"), check.options().headers());
    assertEquals(List.of("Authorization", "Accept"), List.copyOf(check.options().headers().keySet()), "in order");
    assertEquals(SHA, check.options().sha256());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://h/a\tname=x | line 3: unknown option \"name\" (a URL line's options are out=NAME, sha256=HEX and header=Name:value, after a tab)",
      "http://h/a\tjunk | line 3: \"junk\" after the tab is not an option (a URL line's options are out=NAME, sha256=HEX and header=Name:value, after a tab)",
      "http://h/a\tsha256=abc | line 3: sha256 must be 64 hexadecimal digits, not \"abc\"",
      "http://h/a\tsha256=" + "zz" + "| line 3: sha256 must be 64 hexadecimal digits, not \"zz\"",
      "http://h/a\tout= | line 3: out is empty",
      "http://h/a\tout=a out=b | line 3: out is given twice",
      "http://h/a\theader=NoColon | line 3: header must be Name:value, not \"NoColon\"",
      "http://h/a\theader=Bad Name:x | line 3: header name \"Bad Name\" is not a valid HTTP header name",
      "http://h/a\theader=Range:bytes=0- | line 3: header Range cannot be set per URL (fetchpipe sets it itself)",
      "http://h/a\theader=Host:evil | line 3: header Host cannot be set per URL (fetchpipe sets it itself)",
      "http://h/a\theader=A:1 header=a:2 | line 3: header a is given twice",
  })
  void aBadOptionIsOneUnusableLineSayingWhichAndWhy(String line, String problem) {
    UrlCheck check = text(line);
    assertFalse(check.usable());
    assertEquals(problem, check.problem());
    assertEquals("http://h/a", check.url(), "the URL is shown, not the options");
  }

  @Test
  void aHeaderValueWithALineBreakIsRefused() {
    UrlCheck check = text("http://h/a\theader=X-A:one\u0000two");
    assertEquals("line 3: header X-A's value has a control character or a character outside Latin-1", check.problem());
  }

  @Test
  void aBadUrlWithOptionsSaysWhatIsWrongWithTheUrl() {
    assertEquals("unsupported scheme \"ftp:\" (only http and https)", text("ftp://h/a\tout=x").problem());
  }

  @Test
  void aJsonLineGivesTheSameOptions() {
    UrlCheck check = json("{\"url\": \"http://h/a.gif\", \"out\": \"x/a.gif\", \"sha256\": \"" + SHA
        + "\", \"headers\": {\"X-Token\": \"abc\", \"Accept\": \"image/gif\"}}");
    assertTrue(check.usable(), check.problem());
    assertEquals(new UrlOptions("x/a.gif", SHA, Map.of("X-Token", "abc", "Accept", "image/gif")), check.options());
    assertSame(UrlOptions.NONE, json("{\"url\": \"http://h/a.gif\", \"out\": null}").options());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[1,2] | line 3 is not a JSON object (the list is JSON Lines: its first line starts with {)",
      "{\"out\": \"x\"} | line 3: \"url\" must be a string",
      "{\"url\": 7} | line 3: \"url\" must be a string",
      "{\"url\": \"http://h/a\", \"file\": \"x\"} | line 3: unknown field \"file\" (known: url, out, sha256, headers)",
      "{\"url\": \"http://h/a\", \"out\": 5} | line 3: \"out\" must be a string",
      "{\"url\": \"http://h/a\", \"sha256\": \"00\"} | line 3: sha256 must be 64 hexadecimal digits, not \"00\"",
      "{\"url\": \"http://h/a\", \"headers\": [\"A: b\"]} | line 3: \"headers\" must be an object of names and string values",
      "{\"url\": \"http://h/a\", \"headers\": {\"A\": 1}} | line 3: header A's value must be a string",
      "{\"url\": \"http://h/a\", \"headers\": {\"Content-Length\": \"1\"}} | line 3: header Content-Length cannot be set per URL (fetchpipe sets it itself)",
  })
  void aBadJsonLineIsOneUnusableLine(String line, String problem) {
    UrlCheck check = json(line);
    assertFalse(check.usable());
    assertEquals(problem, check.problem());
  }

  @Test
  void brokenJsonAndRepeatedFieldsSayTheLineIsNotValidJson() {
    assertTrue(json("{\"url\": ").problem().startsWith("line 3 is not valid JSON ("), json("{\"url\": ").problem());
    String twice = json("{\"url\": \"http://h/a\", \"url\": \"http://evil/\"}").problem();
    assertTrue(twice.startsWith("line 3 is not valid JSON (Duplicate field 'url')"), twice);
    assertFalse(twice.contains("Exception"), twice);
  }

  @Test
  void aFileIsJsonLinesWhenItsFirstNonBlankCharacterIsABrace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("urls.jsonl");
    Files.writeString(file, "\n  \n{\"url\": \"http://h/a.gif\", \"out\": \"sub/one.gif\"}\n\n"
        + "{\"url\": \"http://h/b.gif\", \"sha256\": \"" + SHA + "\"}\nnot json\n", StandardCharsets.UTF_8);
    List<JobItem> items = JobPlan.of(new dev.fetchpipe.config.UrlSource.FromFile(file), null).items();
    assertEquals(3, items.size());
    assertEquals("sub/one.gif", items.get(0).fileName());
    assertEquals("b.gif", items.get(1).fileName());
    assertEquals(SHA, items.get(1).sha256());
    assertTrue(items.get(2).problem().startsWith("line 6 is not valid JSON ("), items.get(2).problem());
  }

  @Test
  void aTextFileCarriesOptionsIntoTheItemsAndNamesBadLinesByNumber(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "# names and checksums\nhttp://h/a.gif\tout=x/y.gif header=X-A:1\n"
        + "http://h/b.gif\tsha256=nope\nhttp://h/c.gif\n", StandardCharsets.UTF_8);
    List<JobItem> items = JobPlan.of(new dev.fetchpipe.config.UrlSource.FromFile(file), null).items();
    assertEquals("x/y.gif", items.get(0).fileName());
    assertEquals(Map.of("X-A", "1"), items.get(0).headers());
    assertNull(items.get(0).sha256());
    assertEquals("line 3: sha256 must be 64 hexadecimal digits, not \"nope\"", items.get(1).problem());
    assertEquals("c.gif", items.get(2).fileName());
  }

  @Test
  void aListInTheConfigIsReadTheSameWayAndNumbersItsUrls() {
    List<JobItem> items = JobPlan.of(new dev.fetchpipe.config.UrlSource.Listed(List.of(
        "{\"url\": \"http://h/a.gif\", \"out\": \"a/b.gif\"}", "{\"url\": \"http://h/c.gif\", \"zzz\": 1}")), null).items();
    assertEquals("a/b.gif", items.get(0).fileName());
    assertEquals("URL 2: unknown field \"zzz\" (known: url, out, sha256, headers)", items.get(1).problem());
  }
}
