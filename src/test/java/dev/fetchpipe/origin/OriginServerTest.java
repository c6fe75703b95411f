package dev.fetchpipe.origin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.CountryCodes;
import dev.fetchpipe.config.OriginSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OriginServerTest {

  private static final Config CONFIG = ConfigFactory.load();

  // HTTP/1.1 explicitly: the default would try an h2c upgrade, which the origin does not speak.
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private static RunningOrigin origin;

  @BeforeAll
  static void startOrigin() {
    origin = OriginServer.start(CONFIG, OriginSettings.fastLoopback());
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  @Test
  void knownFlagIsServedAsTheGifFlagImagesMakes() throws Exception {
    HttpResponse<byte[]> response = get(origin.flagsUrl() + "/br/br.gif");
    assertEquals(200, response.statusCode());
    assertEquals("image/gif", contentType(response));
    assertArrayEquals(FlagImages.gif("BR"), response.body());
  }

  @Test
  void flagPathsAreCaseSensitiveLikeAStaticServer() throws Exception {
    assertEquals(404, get(origin.flagsUrl() + "/BR/BR.gif").statusCode());
    assertEquals(404, get(origin.flagsUrl() + "/br/BR.gif").statusCode());
    assertEquals(404, get(origin.flagsUrl() + "/br/br.GIF").statusCode());
  }

  @Test
  void flagsIndexListsEveryCodeInLowerCase() throws Exception {
    HttpResponse<byte[]> response = get(origin.flagsUrl());
    assertEquals(200, response.statusCode());
    assertTrue(contentType(response).startsWith("text/plain"), contentType(response));
    List<String> codes = text(response).lines().toList();
    assertEquals(194, codes.size());
    assertEquals(CountryCodes.all().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList(), codes);
    for (String cc : List.of(codes.get(0), codes.get(193))) assertEquals(200, get(origin.flagsUrl() + "/" + cc + "/" + cc + ".gif").statusCode());
  }

  @Test
  void headIsAnsweredLikeGetWithoutTheBody() throws Exception {
    HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(URI.create(origin.flagsUrl() + "/br/br.gif"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals("image/gif", contentType(head));
    assertEquals(String.valueOf(FlagImages.gif("BR").length), head.headers().firstValue("Content-Length").orElse(""));
    assertEquals(0, head.body().length);
  }

  @Test
  void unknownCodeIs404() throws Exception {
    assertEquals(404, get(origin.flagsUrl() + "/zz/zz.gif").statusCode());
  }

  @Test
  void flagWhoseFileNameNamesAnotherCodeIs404() throws Exception {
    assertEquals(404, get(origin.flagsUrl() + "/br/us.gif").statusCode());
    assertEquals(404, get(origin.flagsUrl() + "/br/br.png").statusCode());
  }

  @Test
  void unknownPathIs404() throws Exception {
    assertEquals(404, get(origin.baseUrl() + "/no/such/thing").statusCode());
    assertEquals(404, get(origin.baseUrl() + "/").statusCode());
  }

  @Test
  void otherMethodsThanGetAre404() throws Exception {
    var post = HttpRequest.newBuilder(URI.create(origin.baseUrl() + "/uuid"))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    assertEquals(404, CLIENT.send(post, HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void bytesHasExactlyTheLengthAskedFor() throws Exception {
    for (int n : new int[] {0, 1, 1000, 200_000}) {
      HttpResponse<byte[]> response = get(origin.baseUrl() + "/bytes/" + n);
      assertEquals(200, response.statusCode());
      assertEquals("application/octet-stream", contentType(response));
      assertEquals(n, response.body().length);
    }
  }

  @Test
  void bytesAreTheSameEveryTime() throws Exception {
    byte[] first = get(origin.baseUrl() + "/bytes/100000").body();
    byte[] second = get(origin.baseUrl() + "/bytes/100000").body();
    assertArrayEquals(first, second);
    // And a shorter answer is the start of a longer one.
    assertArrayEquals(Arrays.copyOf(first, 500), get(origin.baseUrl() + "/bytes/500").body());
  }

  @Test
  void bytesCarryAStrongETagAndLastModifiedAndAMatchingConditionalRequestIs304() throws Exception {
    HttpResponse<byte[]> first = get(origin.baseUrl() + "/bytes/5000");
    assertEquals("\"bytes-5000\"", first.headers().firstValue("ETag").orElse(""));
    String modified = first.headers().firstValue("Last-Modified").orElse("");
    assertEquals("Wed, 01 Jan 2020 00:00:00 GMT", modified);

    HttpResponse<byte[]> same = conditional("/bytes/5000", "If-None-Match", "\"bytes-5000\"");
    assertEquals(304, same.statusCode());
    assertEquals(0, same.body().length, "a 304 has no body");
    assertEquals(304, conditional("/bytes/5000", "If-Modified-Since", modified).statusCode());

    HttpResponse<byte[]> other = conditional("/bytes/5000", "If-None-Match", "\"bytes-4999\"");
    assertEquals(200, other.statusCode(), "another ETag: the body");
    assertArrayEquals(first.body(), other.body());
    assertEquals(200, conditional("/bytes/5000", "If-Modified-Since", "Tue, 31 Dec 2019 23:59:59 GMT").statusCode());
  }

  private static HttpResponse<byte[]> conditional(String path, String header, String value) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(origin.baseUrl() + path)).header(header, value)
        .timeout(Duration.ofSeconds(30)).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void bytesOutOfRangeIs400() throws Exception {
    assertEquals(400, get(origin.baseUrl() + "/bytes/100000001").statusCode());
    assertEquals(400, get(origin.baseUrl() + "/bytes/-1").statusCode());
    assertEquals(400, get(origin.baseUrl() + "/bytes/ten").statusCode());
  }

  @Test
  void statusAnswersWithThatStatusAndNoBody() throws Exception {
    HttpResponse<byte[]> response = get(origin.baseUrl() + "/status/503");
    assertEquals(503, response.statusCode());
    assertEquals(0, response.body().length);
    assertEquals(299, get(origin.baseUrl() + "/status/299").statusCode());
  }

  @Test
  void statusOutOfRangeIs400() throws Exception {
    assertEquals(400, get(origin.baseUrl() + "/status/199").statusCode());
    assertEquals(400, get(origin.baseUrl() + "/status/600").statusCode());
  }

  @Test
  void uuidIsJsonWithARandomUuid() throws Exception {
    HttpResponse<byte[]> first = get(origin.baseUrl() + "/uuid");
    HttpResponse<byte[]> second = get(origin.baseUrl() + "/uuid");
    assertEquals(200, first.statusCode());
    assertEquals("application/json", contentType(first));
    String pattern = "\\{\"uuid\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"}";
    String body = text(first);
    assertTrue(body.matches(pattern), body);
    assertTrue(!body.equals(text(second)), "two requests gave the same uuid");
  }

  @Test
  void delayWaitsThatLongThenAnswersJson() throws Exception {
    long started = System.nanoTime();
    HttpResponse<byte[]> response = get(origin.baseUrl() + "/delay/200");
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(200, response.statusCode());
    assertEquals("{\"delayMs\":200}", text(response));
    assertTrue(elapsedMs >= 190, "answered after " + elapsedMs + " ms");
  }

  @Test
  void delayOutOfRangeIs400() throws Exception {
    assertEquals(400, get(origin.baseUrl() + "/delay/60001").statusCode());
  }

  @Test
  void errorRateOneFailsEveryRequest() throws Exception {
    var failing = new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 1.0);
    try (RunningOrigin broken = OriginServer.start(CONFIG, failing)) {
      for (String path : List.of("/flags/br/br.gif", "/uuid", "/bytes/10", "/status/200", "/nope")) {
        HttpResponse<byte[]> response = get(broken.baseUrl() + path);
        assertEquals(500, response.statusCode(), path);
        assertEquals("injected error", text(response), path);
      }
    }
  }

  @Test
  void errorStatusSetsTheInjectedErrorsStatusLikeSlowServersTeapots() throws Exception {
    var teapots = new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 1.0, 418);
    try (RunningOrigin slowServer = OriginServer.start(CONFIG, teapots)) {
      HttpResponse<byte[]> response = get(slowServer.flagsUrl() + "/br/br.gif");
      assertEquals(418, response.statusCode());
      assertEquals("injected error", text(response));
    }
  }

  @Test
  void slowOriginWaitsWithoutBlockingThreads() throws Exception {
    var slow = new OriginSettings("127.0.0.1", 0, Duration.ofMillis(300), Duration.ZERO, 0.0);
    try (RunningOrigin slowOrigin = OriginServer.start(CONFIG, slow)) {
      int count = 200;
      long started = System.nanoTime();
      List<CompletableFuture<HttpResponse<Void>>> requests = IntStream.range(0, count)
          .mapToObj(i -> CLIENT.sendAsync(
              HttpRequest.newBuilder(URI.create(slowOrigin.baseUrl() + "/bytes/10")).build(),
              HttpResponse.BodyHandlers.discarding()))
          .toList();
      for (var request : requests) {
        assertEquals(200, request.get(30, TimeUnit.SECONDS).statusCode());
      }
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(elapsedMs >= 290, count + " requests took only " + elapsedMs + " ms");
      // Waiting together they take 0.3 s plus connection setup. One after another would be 60 s; sleeping on
      // the default dispatcher's threads (8 on a small machine) 25 rounds of 0.3 s, 7.5 s.
      assertTrue(elapsedMs < 5_000, count + " requests took " + elapsedMs + " ms");
    }
  }

  @Test
  void secondBindOnTheSamePortFailsNamingThePort() {
    var samePort = OriginSettings.fastLoopback().withPort(origin.port());
    var error = assertThrows(OriginStartException.class, () -> OriginServer.start(CONFIG, samePort));
    assertTrue(error.getMessage().contains("127.0.0.1:" + origin.port()), error.getMessage());
    assertTrue(error.getMessage().contains("address already in use"), error.getMessage());
  }

  @Test
  void closeIsIdempotentAndFreesThePort() throws Exception {
    RunningOrigin first = OriginServer.start(CONFIG, OriginSettings.fastLoopback());
    int port = first.port();
    first.close();
    first.close();
    assertTrue(first.whenTerminated().toCompletableFuture().isDone());
    try (RunningOrigin second = OriginServer.start(CONFIG, OriginSettings.fastLoopback().withPort(port))) {
      assertEquals(port, second.port());
      assertEquals(200, get(second.baseUrl() + "/uuid").statusCode());
    }
  }

  @Test
  void urlsNameTheBoundPort() {
    assertEquals("127.0.0.1", origin.host());
    assertEquals("http://127.0.0.1:" + origin.port(), origin.baseUrl());
    assertEquals(origin.baseUrl() + "/flags", origin.flagsUrl());
    assertTrue(origin.port() > 0);
  }

  private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
