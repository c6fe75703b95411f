package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.RequestSettings;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A host's robots.txt fetched through a fetcher's own HTTP code, from real Pekko HTTP servers: the job's User-Agent,
 * redirects, the 500 KiB cap, and what 4xx, 5xx and an unreachable host make of it.
 */
class RobotsFetchTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  /** Each request any server here got: "port path user-agent". */
  private static final ConcurrentLinkedQueue<String> HEARD = new ConcurrentLinkedQueue<>();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  /** A real server on a free port answering every request with {@code answer}; its {@code http://127.0.0.1:port}. */
  private static String serve(Function<HttpRequest, HttpResponse> answer) throws Exception {
    ServerBinding binding = Http.get(KIT.system()).newServerAt("127.0.0.1", 0).bindSync(request -> {
      HEARD.add(request.getUri().path() + " " + request.getHeader("User-Agent").map(HttpHeader::value).orElse("-"));
      return answer.apply(request);
    }).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  private static RobotsFetch.Answer fetch(String host, String... sets) throws Exception {
    FetchpipeSettings settings = TestJobs.settings(Path.of("unused"), List.of(host + "/a"), sets);
    FetcherHttp http = new FetcherHttp(KIT.system(), settings.connectionPool(), settings.fetch().net(),
        Duration.ofSeconds(1));
    return new RobotsFetch(http, settings.fetch()).fetch(host).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static HttpResponse text(String body) {
    return HttpResponse.create().withEntity(body);
  }

  @Test
  void theRulesAreFetchedWithTheJobsUserAgentAndApplyToItsGroup() throws Exception {
    String host = serve(request -> request.getUri().path().equals("/robots.txt")
        ? text("User-agent: fetchpipe\nDisallow: /private\nCrawl-delay: 1.5\n\nUser-agent: *\nDisallow: /\n")
        : HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    HEARD.clear();
    RobotsFetch.Answer answer = fetch(host);
    assertNull(answer.warning());
    assertFalse(answer.rules().allows("/private/x"));
    assertTrue(answer.rules().allows("/public"));
    assertEquals(Optional.of(Duration.ofMillis(1500)), answer.rules().crawlDelay());
    assertEquals(List.of("/robots.txt " + RequestSettings.DEFAULT_USER_AGENT), List.copyOf(HEARD));
  }

  @Test
  void aUserAgentFromFetchHeadersChoosesItsOwnGroup() throws Exception {
    String host = serve(request -> text("User-agent: otherbot\nDisallow: /other\n\nUser-agent: *\nDisallow: /all\n"));
    RobotsFetch.Answer answer = fetch(host, "fetch.headers={\"User-Agent\"=\"OtherBot/3.0 (+https://x)\"}");
    assertFalse(answer.rules().allows("/other"));
    assertTrue(answer.rules().allows("/all"));
  }

  @Test
  void redirectsAreFollowedToTheRules() throws Exception {
    String rules = serve(request -> text("User-agent: *\nDisallow: /moved\n"));
    String host = serve(request -> HttpResponse.create().withStatus(StatusCodes.MOVED_PERMANENTLY)
        .addHeader(Location.create(rules + "/elsewhere.txt")));
    RobotsFetch.Answer answer = fetch(host);
    assertNull(answer.warning());
    assertFalse(answer.rules().allows("/moved"));
  }

  @Test
  void endlessRedirectsAllowEverythingWithAWarning() throws Exception {
    String host = serve(request -> HttpResponse.create().withStatus(StatusCodes.FOUND)
        .addHeader(Location.create("/robots.txt?again")));
    RobotsFetch.Answer answer = fetch(host);
    assertSame(RobotsRules.ALLOW_ALL, answer.rules());
    assertEquals("could not read " + host + "/robots.txt (more than 5 redirects): every URL of the host allowed",
        answer.warning());
  }

  @Test
  void aMissingFileAllowsEverythingQuietly() throws Exception {
    for (var status : List.of(StatusCodes.NOT_FOUND, StatusCodes.FORBIDDEN, StatusCodes.GONE)) {
      String host = serve(request -> HttpResponse.create().withStatus(status));
      RobotsFetch.Answer answer = fetch(host);
      assertSame(RobotsRules.ALLOW_ALL, answer.rules(), status.toString());
      assertNull(answer.warning(), status.toString());
    }
  }

  @Test
  void aServerErrorAllowsEverythingWithAWarning() throws Exception {
    String host = serve(request -> HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE));
    RobotsFetch.Answer answer = fetch(host);
    assertSame(RobotsRules.ALLOW_ALL, answer.rules());
    assertEquals("could not read " + host + "/robots.txt (HTTP 503 Service Unavailable): every URL of the host allowed",
        answer.warning());
  }

  @Test
  void anUnreachableHostAllowsEverythingWithAWarning() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RobotsFetch.Answer answer = fetch("http://127.0.0.1:" + port);
    assertSame(RobotsRules.ALLOW_ALL, answer.rules());
    assertTrue(answer.warning().startsWith("could not read http://127.0.0.1:" + port + "/robots.txt ("),
        answer.warning());
    assertFalse(answer.warning().contains("Exception"), answer.warning());
  }

  @Test
  void aHugeFileIsReadOnlyTo500KibAndGarbageIsNoRule() throws Exception {
    StringBuilder body = new StringBuilder("User-agent: *\nDisallow: /first\n\u0000\u00ff garbage line\n");
    while (body.length() < 5 * 1024 * 1024) {
      body.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
      if (body.length() > 600 * 1024 && body.length() < 601 * 1024) body.append("Disallow: /late\n");
    }
    String huge = body.toString();
    String host = serve(request -> text(huge));
    RobotsFetch.Answer answer = fetch(host);
    assertEquals(host + "/robots.txt is larger than 500 KiB: only its first 500 KiB were read (RFC 9309)",
        answer.warning());
    assertFalse(answer.rules().allows("/first"));
    assertTrue(answer.rules().allows("/late"), "past 500 KiB nothing is read");
  }
}
