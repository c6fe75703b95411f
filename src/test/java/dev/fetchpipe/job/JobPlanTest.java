package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a URL source becomes the list of work: flags URLs, URL files, unusable lines, and the site line. */
class JobPlanTest {

  @TempDir
  Path dir;

  private static List<String> urls(JobPlan plan) {
    return plan.items().stream().map(JobItem::url).toList();
  }

  private static List<String> fileNames(JobPlan plan) {
    return plan.items().stream().map(JobItem::fileName).toList();
  }

  // ---- the flags form ----

  @Test
  void flagsBaseAndCodesGiveBaseCcCcGifWithLowerCasedCodes() {
    JobPlan plan = JobPlan.of(new UrlSource.Flags("http://127.0.0.1:8000/flags", List.of("CN", "Us", "in")), null);
    assertEquals(List.of(
        "http://127.0.0.1:8000/flags/cn/cn.gif",
        "http://127.0.0.1:8000/flags/us/us.gif",
        "http://127.0.0.1:8000/flags/in/in.gif"), urls(plan));
    assertEquals(List.of("cn.gif", "us.gif", "in.gif"), fileNames(plan));
    assertTrue(plan.items().stream().allMatch(JobItem::fetchable));
  }

  @Test
  void flagsSiteIsTheBaseUrl() {
    JobPlan plan = JobPlan.of(new UrlSource.Flags("http://127.0.0.1:8000/flags", List.of("CN")), "http://unused/flags");
    assertEquals("http://127.0.0.1:8000/flags", plan.site());
  }

  @Test
  void embeddedFlagsUseTheGivenEmbeddedUrl() {
    JobPlan plan = JobPlan.of(new UrlSource.Flags(null, List.of("BR", "JP")), "http://127.0.0.1:43210/flags");
    assertEquals("http://127.0.0.1:43210/flags", plan.site());
    assertEquals(List.of("http://127.0.0.1:43210/flags/br/br.gif", "http://127.0.0.1:43210/flags/jp/jp.gif"), urls(plan));
    assertEquals(List.of("br.gif", "jp.gif"), fileNames(plan));
  }

  @Test
  void itemsAreIndexedInOrderFromZero() {
    JobPlan plan = JobPlan.of(new UrlSource.Flags("http://h/flags", List.of("A", "B", "C")), null);
    assertEquals(List.of(0, 1, 2), plan.items().stream().map(JobItem::index).toList());
  }

  @Test
  void listedUrlsAreKeptAsGivenInOrder() {
    List<String> given = List.of("http://h:1/b.gif", "http://h:1/a.gif", "http://h:1/c.gif");
    JobPlan plan = JobPlan.of(new UrlSource.Listed(given), null);
    assertEquals(given, urls(plan));
    assertEquals(List.of("b.gif", "a.gif", "c.gif"), fileNames(plan));
  }

  // ---- url-file ----

  @Test
  void urlFileSkipsBlankAndCommentLinesStripsSpaceAndKeepsOrder() throws IOException {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, String.join("\n",
        "# flags to fetch",
        "",
        "   http://h:1/z.gif   ",
        "\thttp://h:1/a.gif",
        "   ",
        "  # an indented comment",
        "http://h:1/m.gif\r",
        "\t",
        "http://h:1/b.gif"));
    JobPlan plan = JobPlan.of(new UrlSource.FromFile(file), null);
    assertEquals(List.of("http://h:1/z.gif", "http://h:1/a.gif", "http://h:1/m.gif", "http://h:1/b.gif"), urls(plan));
    assertEquals(List.of(0, 1, 2, 3), plan.items().stream().map(JobItem::index).toList());
    assertTrue(plan.items().stream().allMatch(JobItem::fetchable));
  }

  @Test
  void urlFileWithWindowsLineEndingsReadsTheSameUrls() throws IOException {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "# c\r\nhttp://h:1/a.gif\r\n\r\nhttp://h:1/b.gif\r\n");
    assertEquals(List.of("http://h:1/a.gif", "http://h:1/b.gif"), urls(JobPlan.of(new UrlSource.FromFile(file), null)));
  }

  @Test
  void missingUrlFileIsASettingsErrorNamingUrlFile() {
    Path missing = dir.resolve("nope.txt");
    SettingsException e = assertThrows(SettingsException.class, () -> JobPlan.of(new UrlSource.FromFile(missing), null));
    assertEquals("fetchpipe.job.url-file", e.key());
    assertTrue(e.getMessage().contains("nope.txt"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void directoryAsUrlFileIsASettingsErrorNamingUrlFile() {
    SettingsException e = assertThrows(SettingsException.class, () -> JobPlan.of(new UrlSource.FromFile(dir), null));
    assertEquals("fetchpipe.job.url-file", e.key());
  }

  // ---- lines that are not http(s) URLs ----

  @ParameterizedTest
  @ValueSource(strings = {"ftp://x/y", "file:///etc/passwd", "not a url", "http://", "mailto:someone", "http:relative",
      "//h/x.gif", "/x.gif", "javascript:alert(1)", "http://[bad/x", "FILE:/etc/passwd", "data:text/plain,hi",
      "example.com/x.gif", "localhost:8080/x.gif", "http://h/a b.gif", "http://h/a\nb.gif", "http:///x.gif",
      "https://h:99999/x", "http://h/a%zz", "http://h/a|b", "http://bücher.example/x", "http://h/x\u202E.gif",
      "http://h/%00\u0000"})
  void lineThatIsNotAnHttpUrlIsAnUnfetchableItemAndTheOthersStay(String bad) {
    JobPlan plan = JobPlan.fromUrls(null, List.of("http://h:1/a.gif", bad, "https://h:1/b.gif"));
    assertEquals(3, plan.items().size());

    JobItem first = plan.items().get(0);
    JobItem broken = plan.items().get(1);
    JobItem last = plan.items().get(2);

    assertEquals(0, first.index());
    assertTrue(first.fetchable());
    assertEquals("a.gif", first.fileName());

    assertEquals(1, broken.index());
    assertEquals(bad, broken.url());
    assertNotNull(broken.problem());
    assertFalse(broken.problem().isBlank());
    assertFalse(broken.problem().contains("\n"), broken.problem());
    assertTrue(broken.problem().length() < 120, broken.problem());
    assertFalse(broken.fetchable());
    assertNull(broken.fileName());

    assertEquals(2, last.index());
    assertTrue(last.fetchable());
    assertEquals("https://h:1/b.gif", last.url());
    assertEquals("b.gif", last.fileName());
  }

  @Test
  void unusableLineInUrlFileKeepsItsPlaceAmongTheOthers() throws IOException {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "http://h:1/a.gif\nftp://x/y\n# skipped\nhttp://h:1/b.gif\n");
    JobPlan plan = JobPlan.of(new UrlSource.FromFile(file), null);
    assertEquals(List.of(true, false, true), plan.items().stream().map(JobItem::fetchable).toList());
    assertEquals(List.of(0, 1, 2), plan.items().stream().map(JobItem::index).toList());
  }

  @Test
  void uppercaseSchemeIsStillAnHttpUrl() {
    JobPlan plan = JobPlan.fromUrls(null, List.of("HTTP://h:1/a.gif", "Https://h:1/b.gif"));
    assertTrue(plan.items().stream().allMatch(JobItem::fetchable));
  }

  // ---- the site line ----

  @Test
  void urlsFromOneHostDescribeThatHostAndPort() {
    JobPlan plan = JobPlan.fromUrls(null, List.of("http://127.0.0.1:8000/a.gif", "http://127.0.0.1:8000/b/c.gif"));
    assertEquals("http://127.0.0.1:8000", plan.site());
  }

  @Test
  void urlsFromThreeHostsNameAllThreeInOrder() {
    JobPlan plan = JobPlan.fromUrls(null, List.of(
        "http://a:1/x", "http://b:2/x", "http://a:1/y", "https://c/x"));
    assertEquals("http://a:1, http://b:2, https://c", plan.site());
  }

  @Test
  void urlsFromManyHostsNameTheFirstThreeAndOthers() {
    JobPlan plan = JobPlan.fromUrls(null, List.of(
        "http://a:1/x", "http://b:2/x", "http://c:3/x", "http://d:4/x", "http://e:5/x"));
    assertEquals("http://a:1, http://b:2, http://c:3 and others", plan.site());
  }

  @Test
  void unusableUrlsDoNotCountAsHosts() {
    JobPlan plan = JobPlan.fromUrls(null, List.of("ftp://x/y", "http://127.0.0.1:8000/a.gif", "not a url"));
    assertEquals("http://127.0.0.1:8000", plan.site());
  }

  @Test
  void allUnusableUrlsDescribeNoUsableUrls() {
    JobPlan plan = JobPlan.fromUrls(null, List.of("ftp://x/y", "not a url", "mailto:a@b"));
    assertEquals("(no usable URLs)", plan.site());
  }

  // ---- what a demanding user's URL list holds ----

  private static JobItem only(String line) {
    return JobPlan.fromUrls(null, List.of(line)).items().get(0);
  }

  @Test
  void eachKindOfBadLineSaysWhatIsWrongWithIt() {
    assertEquals("unsupported scheme \"ftp:\" (only http and https)", only("ftp://x/y").problem());
    assertEquals("unsupported scheme \"file:\" (only http and https)", only("file:///etc/passwd").problem());
    assertEquals("unsupported scheme \"javascript:\" (only http and https)", only("javascript:alert(1)").problem());
    assertEquals("not a URL: it does not start with http:// or https://", only("example.com/x.gif").problem());
    assertEquals("not a URL: it does not start with http:// or https://", only("not a url").problem());
    assertEquals("not a URL: \"localhost:<port>\" needs http:// or https:// in front", only("localhost:8080/x").problem());
    assertEquals("no host (an http URL starts with http://)", only("http:relative").problem());
    assertEquals("no host", only("http:///x.gif").problem());
    assertEquals("contains a space (write it as %20)", only("http://h/a b.gif").problem());
    assertEquals("contains whitespace (a tab or line break)", only("http://h/a\nb.gif").problem());
    // A tab starts the line's options (out=, sha256=, header=): a stray one says so.
    assertEquals("URL 1: \"b.gif\" after the tab is not an option (a URL line's options are out=NAME, sha256=HEX and "
        + "header=Name:value, after a tab)", only("http://h/a\tb.gif").problem());
    assertEquals("contains a control or invisible formatting character", only("http://h/a\u0000b").problem());
    assertEquals("malformed URL (Invalid port 99999)", only("https://h:99999/x").problem());
    assertEquals("malformed URL (Malformed escape pair at index 10)", only("http://h/a%zz").problem());
    assertTrue(only("http://bücher.example/x").problem().contains("punycode"));
    assertEquals("contains a broken character (half of a UTF-16 surrogate pair)", only("http://h/a\uD83D.gif").problem());
  }

  @Test
  void aLoginInAUrlIsSentAsBasicAndItsPasswordNeverRepeated() {
    JobItem item = only("https://alice:s3cret@h:8443/x.gif");
    assertTrue(item.fetchable(), item.problem());
    assertEquals("https://alice:***@h:8443/x.gif", item.url());
    assertEquals("https://h:8443/x.gif", item.target());
    assertEquals("x.gif", item.fileName());
    assertEquals(java.util.Map.of("Authorization", "Basic YWxpY2U6czNjcmV0"), item.headers());
    // A URL line's own Authorization wins over its URL's login; its other headers stay with the login's.
    JobItem given = only("http://alice:s3cret@h/x\theader=Authorization:Bearer t\theader=X-A:1");
    assertEquals(java.util.Map.of("Authorization", "Bearer t", "X-A", "1"), given.headers());
    assertEquals("http://alice:***@h/x", given.url());
    assertEquals("http://***@h/x", only("http://s3cret@h/x").url(), "a lone user name may be a token: masked");
    assertEquals("http://h/x", only("http://s3cret@h/x").target());
  }

  @Test
  void anUnusableLoginIsNeverFetchedAndNeverRepeated() {
    for (String line : List.of("ftp://alice:s3cret@h/file", "http://alice:s3c@ret@h/x", "alice:s3cret@h/x.gif",
        "http://alice:s3cret%zz@h/x", "http://alice:s3c ret@h/x", "http://alice:s3cret@/x")) {
      JobPlan plan = JobPlan.fromUrls(null, List.of(line, "http://h:1/ok.gif"));
      JobItem item = plan.items().get(0);
      assertFalse(item.fetchable(), line);
      assertFalse(item.url().contains("s3cret") || item.url().contains("ret@"), item.url());
      assertFalse(item.problem().contains("s3c"), item.problem());
      assertFalse(plan.site().contains("s3cret"), plan.site());
      assertTrue(item.url().contains("***"), item.url());
    }
    assertEquals("the user name or password holds an '@': write it as %40 (user:p%40ss@host)",
        only("http://alice:s3c@ret@h/x").problem());
    assertEquals("the user name or password has a '%' that is not followed by two hex digits",
        only("http://alice:s3cret%zz@h/x").problem());
    assertEquals("mailto:***@example.com", only("mailto:someone@example.com").url());
  }

  @Test
  void aVeryLongLineIsOneErrorShownShortened() {
    String huge = "http://h/" + "a".repeat(100_000);
    JobPlan plan = JobPlan.fromUrls(null, List.of(huge, "http://h:1/ok.gif"));
    JobItem item = plan.items().get(0);
    assertFalse(item.fetchable());
    assertEquals("URL is 100009 characters long; at most 8192 are accepted", item.problem());
    assertTrue(item.url().length() < 250, () -> item.url().length() + " chars");
    assertTrue(item.url().endsWith("... (100009 characters)"), item.url());
    assertTrue(plan.items().get(1).fetchable());
  }

  @Test
  void aLongButAcceptableUrlIsFetchedWithAShortenedFileName() {
    JobItem item = only("http://h/" + "a".repeat(8000) + ".gif");
    assertTrue(item.fetchable(), item.problem());
    assertEquals("a".repeat(116) + ".gif", item.fileName());
    assertEquals("file name changed: shortened to 120 bytes", item.nameNote());
  }

  @Test
  void nonAsciiPathIsFetchedPercentEncodedAndKeepsItsNameReadable() {
    JobItem item = only("http://h:1/flags/ñandú.gif");
    assertTrue(item.fetchable(), item.problem());
    assertEquals("http://h:1/flags/%C3%B1and%C3%BA.gif", item.url());
    assertEquals("ñandú.gif", item.fileName());
    assertNull(item.nameNote());
  }

  @Test
  void hostWithAnUnderscoreIsUsableAndNamesTheSite() {
    JobPlan plan = JobPlan.fromUrls(null, List.of("http://under_score.example:8000/x.gif"));
    assertTrue(plan.items().get(0).fetchable(), plan.items().get(0).problem());
    assertEquals("http://under_score.example:8000", plan.site());
  }

  @Test
  void invisibleCharactersAroundAUrlAreTrimmed() {
    JobItem item = only("\uFEFF\u00A0http://h:1/a.gif\u00A0\u200B ");
    assertTrue(item.fetchable(), item.problem());
    assertEquals("http://h:1/a.gif", item.url());
  }

  @Test
  void renamedFilesCarryANoteAndPlainOnesDoNot() {
    JobPlan plan = JobPlan.fromUrls(null, List.of(
        "http://h:1/a/x.gif", "http://h:1/b/X.GIF", "http://h:1/con.txt", "http://h:1/..%2F..%2Fetc%2Fpasswd"));
    assertEquals(Arrays.asList(null,
        "file name changed: name already taken in this job, numbered",
        "file name changed: reserved device name on Windows, prefixed with _",
        "file name changed: path separators replaced, leading dots or dashes removed"),
        plan.items().stream().map(JobItem::nameNote).toList());
    assertEquals(List.of("x.gif", "X-2.GIF", "_con.txt", "_.._etc_passwd"), fileNames(plan));
  }

  @Test
  void urlFileStartingWithAByteOrderMarkKeepsItsFirstUrl() throws IOException {
    Path file = dir.resolve("bom.txt");
    Files.write(file, "\uFEFFhttp://h:1/first.gif\r\nhttp://h:1/second.gif\r\n".getBytes(StandardCharsets.UTF_8));
    JobPlan plan = JobPlan.of(new UrlSource.FromFile(file), null);
    assertEquals(List.of("http://h:1/first.gif", "http://h:1/second.gif"), urls(plan));
    assertTrue(plan.items().stream().allMatch(JobItem::fetchable));
  }

  @Test
  void urlFileStartingWithAByteOrderMarkAndACommentSkipsTheComment() throws IOException {
    Path file = dir.resolve("bom.txt");
    Files.write(file, "\uFEFF# my flags\nhttp://h:1/a.gif\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("http://h:1/a.gif"), urls(JobPlan.of(new UrlSource.FromFile(file), null)));
  }

  @Test
  void urlFileWithOldMacLineEndingsReadsEachLine() throws IOException {
    Path file = dir.resolve("cr.txt");
    Files.writeString(file, "http://h:1/a.gif\rhttp://h:1/b.gif\r");
    assertEquals(List.of("http://h:1/a.gif", "http://h:1/b.gif"), urls(JobPlan.of(new UrlSource.FromFile(file), null)));
  }

  @Test
  void urlFileWithOnlyCommentsIsASettingsErrorNamingUrlFile() throws IOException {
    Path file = dir.resolve("empty.txt");
    Files.writeString(file, "# nothing yet\n\n   \n");
    SettingsException e = assertThrows(SettingsException.class, () -> JobPlan.of(new UrlSource.FromFile(file), null));
    assertEquals("fetchpipe.job.url-file", e.key());
    assertTrue(e.getMessage().endsWith("has no URLs (only blank lines and # comments)"), e.getMessage());
  }

  @Test
  void aLineThatIsNotUtf8IsOneUnusableItemWithItsLineNumber() throws IOException {
    Path file = dir.resolve("latin1.txt");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("# from a Latin-1 editor\r\nhttp://h:1/a.gif\r\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {'h', 't', 't', 'p', ':', '/', '/', 'h', ':', '1', '/', (byte) 0xE9, '\r', '\n'});
    bytes.writeBytes("http://h:1/caf\u00e9.gif\n".getBytes(StandardCharsets.UTF_8));
    Files.write(file, bytes.toByteArray());

    List<JobItem> items = JobPlan.of(new UrlSource.FromFile(file), null).items();

    assertEquals(3, items.size());
    assertTrue(items.get(0).fetchable() && items.get(2).fetchable(), items.toString());
    assertEquals("http://h:1/caf%C3%A9.gif", items.get(2).url());
    JobItem bad = items.get(1);
    assertEquals("line 3 is not UTF-8 text", bad.problem());
    assertEquals("http://h:1/\u00e9", bad.url());
  }

  @Test
  void aUrlFileIsCountedUpFrontAndEachPassReadsTheSameItemsAgain() throws IOException {
    Path file = dir.resolve("many.txt");
    StringBuilder text = new StringBuilder("# a big job\n");
    for (int i = 0; i < 5000; i++) text.append("http://h").append(i % 3).append("/x/").append(i % 100).append(".gif?n=").append(i).append("\n");
    text.append("ftp://nope/file\n");
    Files.writeString(file, text);

    JobPlan plan = JobPlan.of(new UrlSource.FromFile(file), null);

    assertEquals(5001, plan.size());
    assertEquals(5000, plan.fetchable());
    assertEquals("http://h0, http://h1, http://h2", plan.site());
    List<JobItem> first = plan.items();
    assertEquals(first, plan.items(), "a second pass gives the same names in the same order");
    assertEquals("0-2.gif", first.get(100).fileName(), "names are unique across the whole file");
    assertFalse(first.get(5000).fetchable());
  }

  @Test
  void aNamedPipeIsRefusedBecauseTheFileIsReadMoreThanOnce() throws Exception {
    Path fifo = dir.resolve("urls.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

    SettingsException e = assertThrows(SettingsException.class, () -> JobPlan.of(new UrlSource.FromFile(fifo), null));

    assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
  }

  @Test
  void aUrlListedAgainIsLeftOutAndCountedInEveryPass() {
    JobPlan plan = JobPlan.fromUrls(null, List.of("http://h/cn.gif", "http://h/us.gif", "http://h/cn.gif", "ftp://x",
        "ftp://x", "http://h/CN.gif", " http://h/us.gif"));

    assertEquals(List.of("http://h/cn.gif", "http://h/us.gif", "ftp://x", "ftp://x", "http://h/CN.gif"), urls(plan));
    assertEquals(List.of("cn.gif", "us.gif", "CN-2.gif"), plan.items().stream().filter(JobItem::fetchable).map(JobItem::fileName).toList());
    assertEquals(5, plan.size());
    assertEquals(2, plan.repeats());
    assertEquals(List.of("http://h/cn.gif", "http://h/us.gif"), plan.repeatedExamples());
    assertEquals(List.of(0, 1, 2, 3, 4), plan.items().stream().map(JobItem::index).toList());
  }

  // ---- why a name is numbered ----

  @Test
  void aNumberedNameSaysWhichNameItWantedAndWhichUrlOfTheFileHasItByLine() throws IOException {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "https://h/a.bin\n# comment\n\nhttp://h2/a.bin\nhttp://h3/A.BIN\nhttp://h/a-2.bin\n"
        + "http://h/other.bin\n");
    JobPlan plan = JobPlan.of(new UrlSource.FromFile(file), null);
    List<JobItem> items = plan.items();

    assertEquals(List.of("a.bin", "a-2.bin", "A-3.BIN", "a-2-2.bin", "other.bin"), fileNames(plan));
    assertNull(items.get(0).renamed());
    assertEquals(new dev.fetchpipe.report.Renamed("a-2.bin", "a.bin", "https://h/a.bin", "line 1", 0, null),
        items.get(1).renamed());
    // Names are the same file when they differ only in case: the one given the name holds it.
    assertEquals(new dev.fetchpipe.report.Renamed("A-3.BIN", "A.BIN", "https://h/a.bin", "line 1", 0, null),
        items.get(2).renamed());
    // A URL whose own name is another's numbered one: held by that other URL, on its line.
    assertEquals(new dev.fetchpipe.report.Renamed("a-2-2.bin", "a-2.bin", "http://h2/a.bin", "line 4", 1, null),
        items.get(3).renamed());
    assertNull(items.get(4).renamed());
    assertEquals(items, plan.items(), "every pass says the same");
  }

  @Test
  void aListGivenInTheConfigNamesItsUrlsByPlaceAndSoDoOutNamesAndHostPaths() throws IOException {
    JobPlan listed = JobPlan.fromUrls(null, List.of("http://h/x/a.gif", "http://h/y/a.gif"));
    assertEquals("URL 1", listed.items().get(1).renamed().takenAt());

    Path file = dir.resolve("out.txt");
    Files.writeString(file, "http://h/1\tout=sub/a.gif\nhttp://h/2\tout=sub/a.gif\n");
    JobItem second = JobPlan.of(new UrlSource.FromFile(file), null).items().get(1);
    assertEquals("sub/a-2.gif", second.fileName());
    assertEquals(new dev.fetchpipe.report.Renamed("sub/a-2.gif", "sub/a.gif", "http://h/1", "line 1", 0, null),
        second.renamed());

    JobPlan hostPath = JobPlan.of(new UrlSource.Listed(List.of("http://h/a/b.gif", "http://h/a/b.gif?again")), null,
        dev.fetchpipe.config.JobSettings.Layout.HOST_PATH);
    assertEquals("h/a/b-2.gif", hostPath.items().get(1).fileName());
    assertEquals("h/a/b.gif", hostPath.items().get(1).renamed().wanted());
    assertEquals("http://h/a/b.gif", hostPath.items().get(1).renamed().takenBy());
  }

  @Test
  void thousandsOfClashesRememberABoundedNumberOfHoldersAndTheRestSayOnlyThatAnotherUrlHadIt() {
    int names = dev.fetchpipe.report.Renamed.HOLDERS_KEPT + 500;
    List<String> urls = new java.util.ArrayList<>();
    for (int i = 0; i < names; i++) {
      urls.add("http://h/" + i + "/n" + i);
      urls.add("http://h2/" + i + "/n" + i);
    }
    JobPlan plan = JobPlan.fromUrls(null, urls);
    List<JobItem> items = plan.items();
    JobItem first = items.get(1);
    assertEquals("n0-2", first.fileName());
    assertEquals("http://h/0/n0", first.renamed().takenBy());
    JobItem past = items.get(items.size() - 1);
    assertEquals("n" + (names - 1) + "-2", past.fileName(), "still numbered, never sharing a name");
    assertNull(past.renamed().takenBy());
    assertEquals(-1, past.renamed().takenByIndex());
    assertEquals("taken by another URL of the job", past.renamed().because());
    assertEquals(dev.fetchpipe.report.Renamed.HOLDERS_KEPT,
        items.stream().filter(item -> item.renamed() != null && item.renamed().takenBy() != null).count());
  }

  @Test
  void aVeryLongHoldersUrlIsShownShortenedAndItsLoginMasked() {
    String path = "/" + "x".repeat(3000) + "/a.bin";
    JobPlan plan = JobPlan.fromUrls(null, List.of("http://alice:s3cret@h" + path, "http://h2/a.bin"));
    String takenBy = plan.items().get(1).renamed().takenBy();
    assertTrue(takenBy.length() < 300 && takenBy.endsWith(" characters)"), takenBy);
    assertFalse(takenBy.contains("s3cret"), takenBy);
  }
}
