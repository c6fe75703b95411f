package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs (JobRunner, the real supervisor, fetchers and writer) with fetch.robots against a real Pekko HTTP server
 * that serves a robots.txt and logs every request it gets: obeyed, a disallowed URL ends SKIPPED and is never
 * requested, robots.txt is asked once per host, and its Crawl-delay spaces the host's requests; ignored, every URL is
 * fetched and robots.txt never asked.
 */
class RobotsJobTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  /** A server answering /robots.txt with {@code robots}, and any other path with its own path as the body. */
  private record Server(String base, int port, ConcurrentLinkedQueue<String> heard) {}

  private static Server serve(Function<HttpRequest, HttpResponse> robots) throws Exception {
    ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
    int port = Http.get(KIT.system()).newServerAt("127.0.0.1", 0).bindSync(request -> {
      String path = request.getUri().path() + request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
      heard.add(request.getUri().host().address() + " " + path);
      return path.equals("/robots.txt") ? robots.apply(request) : HttpResponse.create().withEntity("body of " + path);
    }).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    return new Server("http://127.0.0.1:" + port, port, heard);
  }

  private static HttpResponse text(String body) {
    return HttpResponse.create().withEntity(body);
  }

  private static JobReport run(Path out, List<String> urls, String... sets) {
    return JobRunner.run(TestJobs.settings(out, urls, sets), null, List.of());
  }

  /** Runs the job, and returns the robots.txt warnings its watchers heard, in order. */
  private static List<JobEvent.RobotsWarning> warningsOf(Path out, List<String> urls, String... sets) {
    List<JobEvent.RobotsWarning> heard = new ArrayList<>();
    JobReport report = runWatched(out, urls, heard, sets);
    assertEquals(urls.size(), report.counts().ok(), report.items().toString());
    return heard;
  }

  /** Runs the job; the robots.txt warnings its watchers hear are added to {@code heard}, once it has ended. */
  private static JobReport runWatched(Path out, List<String> urls, List<JobEvent.RobotsWarning> heard, String... sets) {
    List<JobEvent.RobotsWarning> seen = Collections.synchronizedList(new ArrayList<>());
    JobRunner.Watch listen = new JobRunner.Watch("events", Behaviors.receive(JobEvent.class)
        .onAnyMessage(event -> {
          if (event instanceof JobEvent.RobotsWarning warning) seen.add(warning);
          return event instanceof JobEvent.Ended ? Behaviors.stopped() : Behaviors.same(); // the run waits for it
        }).build(), Watcher.Pace.NONE, false);
    JobReport report = JobRunner.run(TestJobs.settings(out, urls, sets), null, List.of(listen));
    heard.addAll(seen);
    return report;
  }

  private static final String RULES = "User-agent: *\nDisallow: /private\nAllow: /private/ok\nDisallow: /*.pdf$\n";

  private static List<String> urls(String base) {
    return List.of(base + "/a", base + "/private/x", base + "/b", base + "/private/y?q=1", base + "/private/ok",
        base + "/doc.pdf", base + "/doc.pdf?v=2", base + "/c");
  }

  @Test
  void obeyedDisallowedUrlsEndSkippedNeverRequestedAndRobotsTxtIsAskedOnce(@TempDir Path out) throws Exception {
    Server server = serve(request -> text(RULES));
    List<String> urls = urls(server.base());

    JobReport report = run(out, urls, "fetch.robots=obey", "fetch.max-in-flight=4");

    List<String> skipped = List.of("/private/x", "/private/y?q=1", "/doc.pdf");
    for (ItemResult item : report.items()) {
      String path = item.url().substring(server.base().length());
      if (skipped.contains(path)) {
        assertEquals(Outcome.SKIPPED, item.outcome(), item.toString());
        assertEquals("disallowed by robots.txt", item.error(), item.toString());
        assertTrue(item.attempts().isEmpty(), item.toString());
      } else {
        assertEquals(Outcome.OK, item.outcome(), item.toString());
      }
    }
    assertEquals(5, report.counts().ok(), report.items().toString());
    List<String> heard = new ArrayList<>(server.heard());
    assertEquals(1, heard.stream().filter(line -> line.endsWith(" /robots.txt")).count(), heard.toString());
    assertEquals("127.0.0.1 /robots.txt", heard.get(0), "asked before any URL of the host: " + heard);
    for (String path : skipped) {
      assertFalse(heard.stream().anyMatch(line -> line.endsWith(" " + path)), path + " was requested: " + heard);
    }
    assertEquals(6, heard.size(), heard.toString());
  }

  @Test
  void ignoredEveryUrlIsFetchedAndRobotsTxtNeverAsked(@TempDir Path out) throws Exception {
    Server server = serve(request -> text(RULES));
    List<String> urls = urls(server.base());

    JobReport report = run(out, urls, "fetch.max-in-flight=4");

    assertEquals(urls.size(), report.counts().ok(), report.items().toString());
    assertEquals(urls.size(), server.heard().size(), server.heard().toString());
    assertFalse(server.heard().stream().anyMatch(line -> line.endsWith(" /robots.txt")), server.heard().toString());
  }

  @Test
  void robotsTxtIsAskedOncePerHostAndEachHostsRulesApplyToItsOwnUrls(@TempDir Path out) throws Exception {
    Server server = serve(request -> request.getUri().host().address().equals("localhost")
        ? text("User-agent: *\nDisallow: /b\n") : text("User-agent: *\nDisallow: /a\n"));
    String other = "http://localhost:" + server.port();
    List<String> urls = List.of(server.base() + "/a", server.base() + "/b", other + "/a", other + "/b",
        server.base() + "/c", other + "/c");

    JobReport report = run(out, urls, "fetch.robots=obey", "fetch.max-in-flight=4");

    List<Outcome> outcomes = report.items().stream().map(ItemResult::outcome).toList();
    assertEquals(List.of(Outcome.SKIPPED, Outcome.OK, Outcome.OK, Outcome.SKIPPED, Outcome.OK, Outcome.OK), outcomes,
        report.items().toString());
    List<String> heard = new ArrayList<>(server.heard());
    assertEquals(1, heard.stream().filter(line -> line.equals("127.0.0.1 /robots.txt")).count(), heard.toString());
    assertEquals(1, heard.stream().filter(line -> line.equals("localhost /robots.txt")).count(), heard.toString());
    assertEquals(6, heard.size(), heard.toString());
  }

  @Test
  void aRobotsTxtThatCannotBeReadAllowsEveryUrlAndOneThatIsMissingToo(@TempDir Path out) throws Exception {
    Server broken = serve(request -> HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE));
    Server missing = serve(request -> HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    List<String> urls = List.of(broken.base() + "/private/x", missing.base() + "/private/x", broken.base() + "/a");

    List<JobEvent.RobotsWarning> warnings = warningsOf(out, urls, "fetch.robots=obey", "fetch.max-in-flight=4");

    // One warning, the unreadable file's, as an event for the job's watchers (the daemon's event stream): a missing
    // file is no rules, said by nobody.
    assertEquals(List.of(broken.base()), warnings.stream().map(JobEvent.RobotsWarning::host).toList());
    assertEquals("could not read " + broken.base() + "/robots.txt (HTTP 503 Service Unavailable): every URL of the host"
        + " allowed", warnings.get(0).warning());
    assertEquals(1, broken.heard().stream().filter(line -> line.endsWith(" /robots.txt")).count());
    assertEquals(1, missing.heard().stream().filter(line -> line.endsWith(" /robots.txt")).count());
  }

  @Test
  void aCrawlDelaySpacesTheHostsRequestStartsAndIsCappedByMaxRetryAfter(@TempDir Path out) throws Exception {
    Server polite = serve(request -> text("User-agent: *\nCrawl-delay: 0.4\n"));
    Server greedy = serve(request -> text("User-agent: *\nCrawl-delay: 86400\n"));
    List<String> urls = List.of(polite.base() + "/1", polite.base() + "/2", polite.base() + "/3",
        greedy.base() + "/1", greedy.base() + "/2");

    List<JobEvent.RobotsWarning> warnings = new ArrayList<>();
    JobReport report = runWatched(out, urls, warnings, "fetch.robots=obey", "fetch.max-in-flight=4",
        "fetch.retry.max-retry-after=300ms");

    assertEquals(5, report.counts().ok(), report.items().toString());
    // Each host's warning once, in whichever order their robots.txt came.
    assertEquals(java.util.Set.of(polite.base() + "/robots.txt asks a Crawl-delay of 400 ms: held to 300 ms"
            + " (fetch.retry.max-retry-after)", greedy.base() + "/robots.txt asks a Crawl-delay of 24 h: held to 300 ms"
            + " (fetch.retry.max-retry-after)"),
        java.util.Set.copyOf(warnings.stream().map(JobEvent.RobotsWarning::warning).toList()));
    assertEquals(2, warnings.size(), warnings.toString());
    List<Double> starts = report.items().stream().map(item -> item.attempts().get(0).startedMs()).toList();
    // Crawl-delay 0.4 s is over the 300 ms cap too: both hosts are spaced at 300 ms, neither by a day.
    List<Double> pol = new ArrayList<>(starts.subList(0, 3));
    pol.sort(null);
    assertTrue(pol.get(1) - pol.get(0) >= 300 - 1e-6 && pol.get(2) - pol.get(1) >= 300 - 1e-6, pol.toString());
    assertTrue(Math.abs(starts.get(4) - starts.get(3)) >= 300 - 1e-6, starts.toString());
    assertTrue(Math.abs(starts.get(4) - starts.get(3)) < 60_000, "capped, not a day: " + starts);
  }

  @Test
  void urlsWaitingForTheirHostsRobotsTxtEndSkippedWhenTheJobIsCancelled(@TempDir Path out) throws Exception {
    ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
    org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> slow = request -> {
      heard.add(request.getUri().path());
      return CompletableFuture.supplyAsync(() -> text("User-agent: *\nAllow: /\n"),
          CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
    };
    int port = Http.get(KIT.system()).newServerAt("127.0.0.1", 0).bind(slow).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    String base = "http://127.0.0.1:" + port;

    JobReport report = run(out, List.of(base + "/a", base + "/b"), "fetch.robots=obey", "cancel.deadline=500ms");

    assertEquals(List.of(Outcome.SKIPPED, Outcome.SKIPPED),
        report.items().stream().map(ItemResult::outcome).toList(), report.items().toString());
    assertEquals(List.of("/robots.txt"), List.copyOf(heard), "no URL of the host was requested");
  }
}
