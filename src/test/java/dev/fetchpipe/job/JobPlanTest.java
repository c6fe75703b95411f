package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void urlFileThatIsNotUtf8IsASettingsErrorNamingUrlFile() throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, new byte[] {'h', 't', 't', 'p', ':', '/', '/', 'h', '/', (byte) 0xE9, '\n'});
    SettingsException e = assertThrows(SettingsException.class, () -> JobPlan.of(new UrlSource.FromFile(file), null));
    assertEquals("fetchpipe.job.url-file", e.key());
  }

  // ---- lines that are not http(s) URLs ----

  @ParameterizedTest
  @ValueSource(strings = {"ftp://x/y", "file:///etc/passwd", "not a url", "http://", "mailto:a@b", "http:relative",
      "//h/x.gif", "/x.gif", "javascript:alert(1)", "http://[bad/x"})
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
}
