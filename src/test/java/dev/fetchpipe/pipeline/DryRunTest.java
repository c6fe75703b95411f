package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.DryRunText;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.report.DryRunResult;
import dev.fetchpipe.report.Probe;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.Nginx;
import dev.fetchpipe.testing.Proxies;
import dev.fetchpipe.testing.TestPki;
import dev.fetchpipe.testing.TlsNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * run --dry-run: every URL asked for its head with the job's settings, against the built-in origin (whose no-head
 * route refuses HEAD) and a real nginx; nothing fetched, nothing written, no output dir made.
 */
class DryRunTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private static DryRunResult dryRun(Path out, List<String> urls, List<Probe> heard, String... sets) {
    return DryRun.run(TestJobs.settings(out, urls, sets), null, new DryRun.Listener() {
      @Override
      public void started(String site, int count, int concurrency) {
        assertEquals(urls.size(), count);
      }

      @Override
      public void asked(Probe probe) {
        heard.add(probe);
      }
    });
  }

  @Test
  void eachUrlIsAskedForItsHeadAndNothingIsWritten(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    List<String> urls = List.of(ORIGIN.get().url("/bytes/500"), ORIGIN.get().url("/status/404"), ORIGIN.get().url("/fault/no-head/777"),
        ORIGIN.get().url("/bytes/300"), ORIGIN.get().url("/bytes/300?again"), ORIGIN.get().url("/chunked/100"));
    List<Probe> heard = new ArrayList<>();

    DryRunResult result = dryRun(out, urls, heard);

    assertEquals(result.probes(), heard, "each probe heard as it came, in the job's order");
    List<Probe> probes = result.probes();
    assertEquals(List.of(200, 404, 206, 200, 200, 200), probes.stream().map(Probe::status).toList());
    assertEquals(500L, probes.get(0).size());
    assertEquals("HEAD", probes.get(0).asked());
    assertEquals("not found", probes.get(1).error());
    assertNull(probes.get(1).size());
    // HEAD refused (405) after a redirect to the raw listener: asked for the first byte, whose 206 gives the size.
    assertEquals("GET bytes=0-0", probes.get(2).asked());
    assertEquals(777L, probes.get(2).size());
    assertNull(probes.get(2).error());
    assertEquals("300-2", probes.get(4).fileName(), "the second URL named 300 is numbered, as the run would name it");
    assertEquals(List.of(probes.get(4)), result.renamed());
    assertNull(probes.get(5).size(), "a chunked answer gives no size");
    assertEquals(500 + 777 + 300 + 300, result.totalSize());
    assertEquals(1, result.sizesUnknown());
    assertEquals(1, result.exitCode(), "one URL would not be saved");
    assertFalse(Files.exists(out), "no output dir made");
    assertEquals(0, ORIGIN.get().inFlight("/"), "every connection's request ended");
  }

  @Test
  void everyUrlAnswering2xxIsExitZero(@TempDir Path dir) {
    DryRunResult result = dryRun(dir.resolve("out"), List.of(ORIGIN.get().url("/bytes/10"), ORIGIN.get().url("/bytes/20")),
        new ArrayList<>());
    assertEquals(0, result.exitCode());
    assertEquals(30, result.totalSize());
  }

  @Test
  void nginxIsAskedWithHeadAndTheJobsHeadersAndSendsNoBody(@TempDir Path dir) throws Exception {
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"))) {
      Files.write(nginx.root().resolve("a.bin"), new byte[123_456]);
      Files.writeString(nginx.root().resolve("b.txt"), "hello");
      List<String> urls = List.of(nginx.url("/a.bin"), nginx.url("/b.txt"), nginx.url("/missing.bin"));

      DryRunResult result = dryRun(dir.resolve("out"), urls, new ArrayList<>(), "fetch.headers.X-Team=dry",
          "fetch.max-in-flight=2");

      assertEquals(List.of(200, 200, 404), result.probes().stream().map(Probe::status).toList());
      assertEquals(123_456L, result.probes().get(0).size());
      assertNull(result.probes().get(1).size(), "text is gzipped, its length not known before it is sent");
      assertEquals(2, result.concurrency());
      String log = nginx.accessLog();
      assertEquals(3, log.lines().count(), log);
      assertTrue(log.lines().allMatch(line -> line.startsWith("HEAD /") && line.contains("\"dry\"")
          && line.endsWith(" 0")), "HEAD only, with the job's header, no body sent:\n" + log);
      assertFalse(Files.exists(dir.resolve("out")));
    }
  }

  @Test
  void filesAnEarlierRunSavedAreKeptNotAskedAndTheFolderIsUntouched(@TempDir Path out) throws Exception {
    List<String> urls = List.of(ORIGIN.get().url("/bytes/400"), ORIGIN.get().url("/bytes/401"));
    assertEquals(2, TestJobs.run(TestJobs.settings(out, urls), ProgressStyle.OFF).report().counts().ok());
    Files.delete(out.resolve("401"));
    Path journal = out.resolve(Journal.FILE_NAME);
    FileTime journalTime = Files.getLastModifiedTime(journal);
    byte[] journalBytes = Files.readAllBytes(journal);
    List<Path> before = listing(out);
    ORIGIN.get().resetCounters();

    DryRunResult result = dryRun(out, urls, new ArrayList<>());

    assertTrue(result.probes().get(0).kept());
    assertEquals(400L, result.probes().get(0).size());
    assertFalse(result.probes().get(1).kept(), "its file is gone: asked");
    assertEquals(1, result.kept());
    assertEquals(0, ORIGIN.get().requestCount("/bytes/400"), "a kept file is not asked for");
    assertEquals(1, ORIGIN.get().requestCount("/bytes/401"));
    assertEquals(before, listing(out), "no file made or removed");
    assertEquals(journalTime, Files.getLastModifiedTime(journal));
    assertEquals(new String(journalBytes), Files.readString(journal));
  }

  @Test
  void aBodyAnEarlierRunWasCutOffInIsShownAsResumedWithItsKeptBytes(@TempDir Path out) throws Exception {
    List<String> urls = List.of(ORIGIN.get().url("/fault/ranged/dry/2000000?cut=700000"), ORIGIN.get().url("/bytes/300"));
    TestJobs.run(TestJobs.settings(out, urls, "fetch.retry.max-attempts=1", "writer.stream-above=64KiB"),
        ProgressStyle.OFF);
    long kept = Files.size(OutputDir.partialFile(out, "2000000"));
    assertTrue(kept > 0 && kept <= 700_000, "kept " + kept);
    List<Path> before = listing(out);

    DryRunResult result = dryRun(out, urls, new ArrayList<>());

    Probe cut = result.probes().get(0);
    assertEquals(kept, cut.resumed(), "the bytes the run would not ask for again");
    assertEquals(200, cut.status(), "still asked for its head");
    assertTrue(result.probes().get(1).kept());
    assertEquals(List.of(cut), result.resumed());
    String line = DryRunText.line(cut);
    assertTrue(line.contains("resumed: ") && line.contains("(" + kept + " bytes) kept"), line);
    assertTrue(DryRunText.footer(result).contains("Resumed from a body cut off earlier: 1 ("), DryRunText.footer(result));
    assertEquals(before, listing(out), "the partial file is left as it was");
    assertNull(dryRun(out, urls, new ArrayList<>(), "job.resume-partial=off").probes().get(0).resumed(),
        "resume-partial off: fetched whole, so nothing is resumed");
  }

  @Test
  void withRefreshIfChangedTheFilesAnEarlierRunSavedAreShownAsAskedWhetherTheyChanged(@TempDir Path out) throws Exception {
    List<String> urls = List.of(ORIGIN.get().url("/bytes/410"), ORIGIN.get().url("/bytes/411"));
    TestJobs.run(TestJobs.settings(out, urls), ProgressStyle.OFF);
    List<Path> before = listing(out);

    DryRunResult keep = dryRun(out, urls, new ArrayList<>());
    DryRunResult result = dryRun(out, urls, new ArrayList<>(), "job.refresh=if-changed");

    assertEquals(2, keep.kept(), "keep: not asked");
    assertEquals(List.of("\"bytes-410\"", "\"bytes-411\""), result.probes().stream().map(Probe::revalidated).toList());
    assertEquals(0, result.kept());
    assertEquals(List.of(200, 200), result.probes().stream().map(Probe::status).toList(), "asked for its head");
    assertEquals(2, result.revalidated().size());
    String line = DryRunText.line(result.probes().get(0));
    assertTrue(line.contains(" -- saved by an earlier run: asked whether it changed (If-None-Match \"bytes-410\"),"
        + " a 304 keeps it"), line);
    assertTrue(DryRunText.footer(result).contains("Asked whether changed since an earlier run: 2 (a 304 keeps the file,"
        + " a 200 replaces it)."), DryRunText.footer(result));
    assertEquals(0, result.exitCode());
    assertEquals(before, listing(out), "nothing written");
  }

  @Test
  void aDeniedAddressIsAnErrorAndNotAsked(@TempDir Path dir) {
    DryRunResult result = dryRun(dir.resolve("out"), List.of(ORIGIN.get().url("/bytes/5")), new ArrayList<>(),
        "fetch.deny-addresses=[loopback]");
    Probe probe = result.probes().get(0);
    assertNull(probe.status());
    assertTrue(probe.error().contains("denied by fetch.deny-addresses"), probe.error());
    assertEquals(1, result.exitCode());
  }

  @Test
  void aProxyOfTheJobCarriesTheHead(@TempDir Path dir) throws Exception {
    try (Proxies.Running proxy = Proxies.tinyproxy(dir, "dry", "s3cret")) {
      String proxied = ORIGIN.get().url("/bytes/4321").replace("://127.0.0.1:", "://localhost:");
      DryRunResult result = dryRun(dir.resolve("out"), List.of(proxied), new ArrayList<>(),
          "fetch.proxy=\"http://dry:s3cret@127.0.0.1:" + proxy.port() + "\"", "fetch.no-proxy=\"127.0.0.1\"");
      assertEquals(200, result.probes().get(0).status());
      assertEquals(4321L, result.probes().get(0).size());
      assertTrue(proxy.log().contains("HEAD " + proxied + " HTTP/1.1"), "through the proxy: " + proxy.log());
    }
  }

  @Test
  void theJobsTlsTrustDecidesWhichServersAnswer(@TempDir Path dir) throws Exception {
    Path pki = TestPki.make(dir.resolve("pki"));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.write(www.resolve("f.bin"), new byte[70_000]);
    try (TlsNginx nginx = TlsNginx.https(dir, www, pki.resolve("server.crt"), pki.resolve("server.key"), null)) {
      List<String> urls = List.of(nginx.url("/f.bin"));
      Probe trusted = dryRun(dir.resolve("out"), urls, new ArrayList<>(),
          "fetch.tls.ca-file=\"" + pki.resolve("ca.crt") + "\"").probes().get(0);
      assertEquals(200, trusted.status());
      assertEquals(70_000L, trusted.size());
      Probe refused = dryRun(dir.resolve("out"), urls, new ArrayList<>()).probes().get(0);
      assertNull(refused.status());
      assertEquals("certificate not trusted: issued by CN=fetchpipe test CA, give fetch.tls.ca-file", refused.error());
    }
  }

  private static List<Path> listing(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.sorted().toList();
    }
  }
}
