package dev.fetchpipe.pipeline;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.JournalReader;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * job.refresh on a rerun into the same dir, against real servers: the built-in origin and nginx each answer a
 * conditional request with 304 when the file is what they have, and with the new body when it is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshJobTest {
  private RunningOrigin origin;
  private List<String> urls;

  @BeforeAll
  void startOrigin() {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    urls = IntStream.range(0, 6).mapToObj(i -> origin.baseUrl() + "/bytes/" + (300 + i)).toList();
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  private static TestJobs.Finished run(Path out, List<String> urls, String... sets) {
    return TestJobs.run(TestJobs.settings(out, urls, sets), ProgressStyle.OFF);
  }

  private static Map<String, ItemResult> byUrl(JobReport report) {
    return report.items().stream().collect(Collectors.toMap(ItemResult::url, Function.identity()));
  }

  private static List<JournalEntry> journal(Path out) throws Exception {
    List<JournalEntry> lines = new ArrayList<>();
    JournalReader.read(out.resolve(Journal.FILE_NAME), lines::add);
    return lines;
  }

  @Test
  void aSecondRunAsksTheOriginAboutEachFileAndKeepsThemAllUnchanged(@TempDir Path out) throws Exception {
    assertEquals(6, run(out, urls).report().counts().ok());
    Map<String, byte[]> before = new java.util.HashMap<>();
    for (String url : urls) before.put(url, Files.readAllBytes(out.resolve(url.substring(url.lastIndexOf('/') + 1))));
    origin.resetCounters();

    TestJobs.Finished again = run(out, urls, "job.refresh=if-changed");

    JobReport report = again.report();
    assertEquals(6, report.counts().unchanged(), again.output());
    assertEquals(0, report.counts().kept() + report.counts().ok() + report.counts().errors());
    assertEquals(0, report.exitCode());
    for (ItemResult item : report.items()) {
      assertEquals(Outcome.UNCHANGED, item.outcome());
      assertEquals(304, item.status(), "the origin answers 304 only to a request naming its ETag or date");
      assertEquals(1, item.attempts().size());
      assertEquals(Files.size(Path.of(item.path())), item.bytes());
      assertEquals(JobRunnerTest.sha256(before.get(item.url())), item.sha256(), "the earlier run's file, as journaled");
      assertEquals(1, origin.requestCount(item.url().substring(origin.baseUrl().length())), "one request each");
    }
    assertEquals(0, origin.clientBytes("127.0.0.1"), "no body was sent again");
    for (String url : urls) {
      assertTrue(java.util.Arrays.equals(before.get(url), Files.readAllBytes(out.resolve(url.substring(url.lastIndexOf('/') + 1)))));
    }
    assertTrue(again.output().contains("Refreshing: 6 files from an earlier run are asked whether they changed on the server.\n"),
        again.output());
    assertTrue(again.output().contains("  6 unchanged on the server since an earlier run (304, kept)."), again.output());
    List<JournalEntry> lines = journal(out);
    assertEquals(6, lines.size(), "the earlier lines stand, none added: " + lines);
    assertTrue(lines.stream().allMatch(line -> line.isSaved() && line.validator() != null), lines.toString());

    // The lines carried over still hold their validators: the next refresh asks again.
    assertEquals(6, run(out, urls, "job.refresh=if-changed").report().counts().unchanged());
  }

  @Test
  void alwaysFetchesEveryFileAgainAndKeepFetchesNone(@TempDir Path out) throws Exception {
    run(out, urls);
    origin.resetCounters();

    JobReport always = run(out, urls, "job.refresh=always").report();

    assertEquals(6, always.counts().ok());
    assertTrue(always.items().stream().allMatch(item -> item.status() == 200), "asked whole, no condition");
    assertEquals(6, origin.requestCounts().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(6, run(out, urls).report().counts().kept(), "keep, the default, asks nothing");
  }

  @Test
  void aFileChangedOnDiskOrJournaledWithoutAValidatorIsFetchedWhole(@TempDir Path out) throws Exception {
    run(out, urls);
    Files.write(out.resolve("300"), new byte[300]); // same size, other bytes: no longer as saved
    // An older run's line for 301, without a validator, comes last and wins.
    JournalEntry old = journal(out).stream().filter(line -> line.file().equals("301")).findFirst().orElseThrow();
    Files.writeString(out.resolve(Journal.FILE_NAME), new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(JournalEntry.saved(old.url(), old.file(), old.bytes(), old.sha256())) + "\n",
        java.nio.file.StandardOpenOption.APPEND);

    TestJobs.Finished again = run(out, urls, "job.refresh=if-changed");
    Map<String, ItemResult> items = byUrl(again.report());
    assertTrue(again.output().contains("Refreshing: 4 files from an earlier run are asked whether they changed on the"
        + " server; 1 with no ETag or Last-Modified to ask with is fetched again whole.\n"), again.output());

    for (String changed : List.of(urls.get(0), urls.get(1))) {
      assertEquals(Outcome.OK, items.get(changed).outcome());
      assertEquals(200, items.get(changed).status(), "asked whole");
      assertEquals(JobRunnerTest.sha256(TestJobs.independentGet(changed)), items.get(changed).sha256());
    }
    assertEquals(4, items.values().stream().filter(item -> item.outcome() == Outcome.UNCHANGED).count());
  }

  @Test
  void a304WhenTheFileVanishedMeanwhileIsAnErrorSayingSoAndTheNextRunFetchesItWhole(@TempDir Path out) throws Exception {
    run(out, urls);
    Path vanishing = out.resolve("302");
    // The check found the file as saved; it goes before the server's 304 comes.
    Resume.Progress deleteOnceChecked = (files, ofFiles, bytes, ofBytes) -> {
      if (files == ofFiles && ofFiles > 0) {
        try {
          Files.deleteIfExists(vanishing);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };

    JobReport report = JobRunner.run(TestJobs.settings(out, urls, "job.refresh=if-changed"), null, List.of(), true,
        (job, system) -> { }, deleteOnceChecked);

    ItemResult gone = byUrl(report).get(urls.get(2));
    assertEquals(Outcome.ERROR, gone.outcome());
    assertEquals("HTTP 304 Not Modified, but 302 is no longer in the output dir as an earlier run saved it"
        + " (the next run fetches it whole)", gone.error());
    assertEquals(5, report.counts().unchanged());
    assertEquals(1, report.exitCode());
    assertFalse(Files.exists(vanishing));

    ItemResult back = byUrl(run(out, urls, "job.refresh=if-changed").report()).get(urls.get(2));
    assertEquals(Outcome.OK, back.outcome());
    assertEquals(200, back.status());
    assertEquals(JobRunnerTest.sha256(TestJobs.independentGet(urls.get(2))), JobRunnerTest.sha256(Files.readAllBytes(vanishing)));
  }

  @Test
  void a304ToARequestThatAskedNoConditionIsAnError(@TempDir Path out) {
    JobReport report = run(out, List.of(origin.baseUrl() + "/status/304")).report();

    ItemResult item = report.items().get(0);
    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("HTTP 304 Not Modified, but the request asked no condition", item.error());
    assertEquals(List.of(), dev.fetchpipe.testing.OutputFiles.payload(out), "no file");
  }

  @Test
  void nginxKeepsTheFilesItStillHasAndSendsTheOneRewrittenOnTheServer(@TempDir Path dir) throws Exception {
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"))) {
      List<String> files = List.of("a.bin", "b.bin", "c.bin");
      FileTime long_ago = FileTime.fromMillis(1_700_000_000_000L);
      for (String file : files) {
        Files.writeString(nginx.root().resolve(file), "first " + file + " ".repeat(1000));
        Files.setLastModifiedTime(nginx.root().resolve(file), long_ago);
      }
      List<String> nginxUrls = files.stream().map(file -> nginx.url("/" + file)).toList();
      Path out = dir.resolve("out");
      assertEquals(3, run(out, nginxUrls).report().counts().ok());
      eventually(Duration.ofSeconds(5), "nginx logged the first run", nginx::conditionalLog, log -> log.lines().count() == 3);
      // Rewritten on the server: other bytes, a later date, so another ETag.
      byte[] rewritten = ("second b.bin, longer" + " ".repeat(2000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Files.write(nginx.root().resolve("b.bin"), rewritten);
      Files.setLastModifiedTime(nginx.root().resolve("b.bin"), FileTime.fromMillis(1_700_000_100_000L));

      JobReport report = run(out, nginxUrls, "job.refresh=if-changed").report();

      Map<String, ItemResult> items = byUrl(report);
      assertEquals(Outcome.UNCHANGED, items.get(nginxUrls.get(0)).outcome());
      assertEquals(Outcome.UNCHANGED, items.get(nginxUrls.get(2)).outcome());
      ItemResult b = items.get(nginxUrls.get(1));
      assertEquals(Outcome.OK, b.outcome());
      assertEquals(JobRunnerTest.sha256(rewritten), b.sha256());
      assertTrue(java.util.Arrays.equals(rewritten, Files.readAllBytes(out.resolve("b.bin"))), "the new bytes, in place");
      JournalEntry bLine = journal(out).stream().filter(line -> line.file().equals("b.bin")).reduce((x, y) -> y).orElseThrow();
      assertEquals(JobRunnerTest.sha256(rewritten), bLine.sha256(), "the journal's last line for b.bin is the new file's");
      assertTrue(bLine.validator() != null && !bLine.validator().isEmpty(), "with the new ETag: " + bLine);
      List<String> rerun = eventually(Duration.ofSeconds(5), "nginx logged the rerun",
          () -> nginx.conditionalLog().lines().skip(3).toList(), lines -> lines.size() == 3);
      // nginx logs an ETag's quotes as \x22.
      assertEquals(2, rerun.stream().filter(line -> line.matches("GET /[ac]\\.bin HTTP/1\\.1 \"\\\\x22[^\"]+\\\\x22\" \"-\" 304 0")).count(),
          "a.bin and c.bin asked with their ETag, answered 304 without a body: " + rerun);
      assertEquals(1, rerun.stream().filter(line -> line.startsWith("GET /b.bin HTTP/1.1 \"\\x22")
          && line.endsWith(" 200 " + rewritten.length)).count(), "b.bin asked with its old ETag, sent whole: " + rerun);
    }
  }
}
