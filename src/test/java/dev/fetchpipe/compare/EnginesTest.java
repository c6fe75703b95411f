package dev.fetchpipe.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The three engines against the real built-in origin: the same outcomes, words and files for the same URLs. */
class EnginesTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  /** The job of these URLs with these --set values, as the command line would make it. */
  private static JobConfig job(List<String> urls, String... sets) {
    return new JobConfig(ConfigLayers.merge(null,
        Map.of("fetchpipe.job.urls", ConfigValueFactory.fromIterable(urls)), List.of(sets)));
  }

  private static JobReport run(Engine engine, JobConfig job, Path dir) {
    return engine.run(job.with(Map.of("fetchpipe.job.output-dir", dir.toString())));
  }

  @Test
  void everyEngineEndsEachUrlTheSameWayInTheSameWords(@TempDir Path out) throws Exception {
    String base = ORIGIN.get().baseUrl();
    List<String> urls = List.of(
        ORIGIN.get().flagsUrl() + "/cn/cn.gif",
        base + "/status/404",
        base + "/status/500",
        base + "/redirect/2",
        base + "/redirect/4",
        "http://127.0.0.1:1/nobody-listens",
        "ftp://127.0.0.1/not-http");
    JobConfig job = job(urls, "fetch.max-redirects=3", "fetch.max-in-flight=7",
        "fetch.retry.max-attempts=2", "fetch.retry.min-backoff=50ms");

    List<JobReport> reports = new ArrayList<>();
    for (Engine engine : Engine.values()) reports.add(run(engine, job, out.resolve(engine.label())));

    JobReport sequential = reports.get(0);
    assertEquals(List.of(Outcome.OK, Outcome.NOT_FOUND, Outcome.ERROR, Outcome.OK, Outcome.ERROR, Outcome.ERROR, Outcome.ERROR),
        sequential.items().stream().map(ItemResult::outcome).toList());
    assertEquals("HTTP 500 Internal Server Error (after 2 attempts)", sequential.items().get(2).error());
    assertEquals(2, sequential.items().get(2).attempts().size());
    assertEquals("more than 3 redirects", sequential.items().get(4).error());
    assertEquals("connection failed: connection refused (after 2 attempts)", sequential.items().get(5).error());
    assertTrue(sequential.items().get(6).error().contains("ftp"), sequential.items().get(6).error());
    assertSameEnds(urls, reports);
    for (Engine engine : Engine.values()) {
      Path dir = out.resolve(engine.label());
      assertEquals(List.of("2", "cn.gif"), Files.list(dir).map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith(".")).sorted().toList(), engine.label());
      assertEquals("redirected", Files.readString(dir.resolve("2")));
    }
  }

  @Test
  void everyEngineGivesUpOnAUrlAfterTheRequestTimeout(@TempDir Path out) {
    List<String> urls = List.of(ORIGIN.get().baseUrl() + "/delay/1500");
    JobConfig job = job(urls, "fetch.request-timeout=500ms", "fetch.retry.max-attempts=1");

    List<JobReport> reports = new ArrayList<>();
    for (Engine engine : Engine.values()) reports.add(run(engine, job, out.resolve(engine.label())));

    assertEquals("request took longer than 500 ms", reports.get(0).items().get(0).error());
    assertSameEnds(urls, reports);
  }

  private static void assertSameEnds(List<String> urls, List<JobReport> reports) {
    JobReport first = reports.get(0);
    for (JobReport other : reports.subList(1, reports.size())) {
      for (int i = 0; i < urls.size(); i++) {
        ItemResult expected = first.items().get(i);
        ItemResult actual = other.items().get(i);
        assertEquals(expected.outcome(), actual.outcome(), urls.get(i) + ": " + actual.error());
        // Worded alike, though Pekko names a refused connection's cause and the JDK's client does not.
        assertEquals(expected.error(), actual.error(), urls.get(i));
        assertEquals(expected.status(), actual.status(), urls.get(i));
        assertEquals(expected.sha256(), actual.sha256(), urls.get(i));
        assertEquals(expected.attempts().size(), actual.attempts().size(), urls.get(i));
      }
    }
  }

  @Test
  void sequentialFetchesOneAtATimeOnOneThread(@TempDir Path out) {
    JobReport report = run(Engine.SEQUENTIAL, job(flags("cn", "br", "in", "us")), out);

    assertEquals(4, report.counts().ok());
    assertEquals(1, report.concurrency());
    assertEquals(1, mostAtOnce(report));
    assertEquals(1, report.items().stream().map(ItemResult::writerThread).distinct().count());
  }

  @Test
  void threadsEngineFetchesOnAPoolOfTheConfiguredSizeAndEachThreadWritesWhatItFetched(@TempDir Path out) {
    JobReport report = run(Engine.THREADS, job(flags("cn", "br", "in", "us", "id", "pk", "ng", "bd"),
        "compare.thread-pool.size=3", "origin.delay=0ms", "fetch.max-in-flight=8"), out);

    assertEquals(8, report.counts().ok());
    assertEquals(3, report.concurrency());
    assertTrue(mostAtOnce(report) <= 3, "at most 3 at once, saw " + mostAtOnce(report));
    for (ItemResult item : report.items()) {
      assertTrue(item.writerThread().matches("threads-[123]"), item.writerThread());
      assertStepsInOrder(item);
    }
  }

  private List<String> flags(String... codes) {
    List<String> urls = new ArrayList<>();
    for (String cc : codes) urls.add(ORIGIN.get().flagsUrl() + "/" + cc + "/" + cc + ".gif");
    return urls;
  }

  /** The most URLs that were between started and done at the same moment, from the report's timings. */
  static int mostAtOnce(JobReport report) {
    int most = 0;
    for (ItemResult a : report.items()) {
      double t = a.timings().startedMs();
      int atOnce = (int) report.items().stream()
          .filter(b -> b.timings().startedMs() <= t && t < b.timings().doneMs())
          .count();
      most = Math.max(most, atOnce);
    }
    return most;
  }

  private static void assertStepsInOrder(ItemResult item) {
    var t = item.timings();
    assertTrue(t.queuedMs() <= t.startedMs() && t.startedMs() <= t.firstByteMs()
        && t.firstByteMs() <= t.bodyDoneMs() && t.bodyDoneMs() <= t.doneMs(), item.toString());
  }

  @Test
  void everyEngineSendsTheSameHeadersAndDecodesTheSameBodies(@TempDir Path out) throws Exception {
    String base = ORIGIN.get().baseUrl();
    List<String> urls = List.of(base + "/headers", base + "/gzip/70000", base + "/deflate/500", base + "/gzip-bomb/64");
    JobConfig job = job(urls, "fetch.headers={X-Team=\"blue\", User-Agent=\"crawler/2\"}", "fetch.max-body-size=1MiB");
    List<JobReport> reports = new ArrayList<>();
    for (Engine engine : Engine.values()) reports.add(run(engine, job, out.resolve(engine.label())));
    // Not the same files: each client sends its own Host, Connection... beside the job's headers, which /headers shows.
    for (JobReport report : reports) {
      for (int i = 1; i < urls.size(); i++) {
        ItemResult expected = reports.get(0).items().get(i);
        ItemResult actual = report.items().get(i);
        assertEquals(expected.outcome(), actual.outcome(), urls.get(i) + ": " + actual.error());
        assertEquals(expected.error(), actual.error(), urls.get(i));
        assertEquals(expected.sha256(), actual.sha256(), urls.get(i));
      }
    }
    byte[] plain70000 = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/bytes/70000")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
    for (JobReport report : reports) {
      String seen = Files.readString(Path.of(report.items().get(0).path()));
      assertTrue(seen.contains("\"X-Team\":\"blue\"") && seen.contains("\"User-Agent\":\"crawler/2\"")
          && seen.contains("\"Accept-Encoding\":\"gzip, deflate\""), seen);
      assertEquals(java.util.Arrays.toString(plain70000),
          java.util.Arrays.toString(Files.readAllBytes(Path.of(report.items().get(1).path()))));
      assertEquals(500, report.items().get(2).bytes());
      assertTrue(report.items().get(3).error().startsWith("body larger than fetch.max-body-size"),
          report.items().get(3).error());
    }
  }

  @Test
  void theBlockingEnginesRefuseARequestWithoutUserAgent() {
    JobConfig job = job(List.of(ORIGIN.get().baseUrl() + "/headers"), "fetch.headers={User-Agent=\"\"}");
    var settings = job.settings();
    var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.fetchpipe.config.SettingsException.class,
        () -> Engine.THREADS.requireCanRun(settings));
    assertEquals("fetchpipe.fetch.headers: the threads engine cannot send a request without User-Agent"
        + " (Java's HttpClient adds its own); give one", refused.getMessage());
    Engine.ACTORS.requireCanRun(settings);
  }
}
