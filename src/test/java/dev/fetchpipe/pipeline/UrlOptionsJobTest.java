package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs whose URL lines say more than the URL (names with subfolders, checksums, headers), against the real
 * built-in origin and a real HTTP server that records the headers it is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrlOptionsJobTest {
  private RunningOrigin origin;
  private HttpServer recorder;
  /** The X-Token header each path of the recorder was asked with ("-" for none). */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  @BeforeAll
  void start() throws IOException {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    recorder.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String token = exchange.getRequestHeaders().getFirst("X-Token");
      tokens.put(path, token == null ? "-" : token);
      if (path.startsWith("/hop/")) {
        // To the same server under another name: another origin, which must not get the URL's own headers.
        String elsewhere = "http://localhost:" + recorder.getAddress().getPort() + "/landed/" + path.substring(5);
        exchange.getResponseHeaders().add("Location", elsewhere);
        exchange.sendResponseHeaders(302, -1);
      } else {
        byte[] body = ("seen " + path).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    recorder.start();
  }

  @AfterAll
  void stop() {
    origin.close();
    recorder.stop(0);
  }

  private String recorder(String path) {
    return "http://127.0.0.1:" + recorder.getAddress().getPort() + path;
  }

  @Test
  void namesInSubfoldersAndChecksumsFromAUrlFileOneWrongChecksumFailsAloneAndLeavesNothing(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out");
    String small = origin.url("/bytes/1000");
    String big = origin.url("/bytes/600000"); // above writer.stream-above: streamed to a temporary file
    String wrongSmall = origin.url("/bytes/1001");
    String wrongBig = origin.url("/bytes/600001");
    String smallSum = JobRunnerTest.sha256(TestJobs.independentGet(small));
    String bigSum = JobRunnerTest.sha256(TestJobs.independentGet(big));
    String wrong = "0".repeat(64);
    Path file = Files.writeString(dir.resolve("urls.txt"), String.join("\n",
        small + "\tout=2024/q1/small.bin sha256=" + smallSum.toUpperCase(),
        big + "\tsha256=" + bigSum + " out=big/../../../escape.bin",
        wrongSmall + "\tsha256=" + wrong + "\tout=bad/small.bin",
        wrongBig + "\tsha256=" + wrong,
        origin.url("/bytes/5") + "\tcolour=blue",
        ""));

    JobReport report = TestJobs.run(TestJobs.settings(out, List.of(), "job.url-file=" + file), ProgressStyle.OFF).report();

    List<ItemResult> items = report.items();
    assertEquals(List.of(Outcome.OK, Outcome.OK, Outcome.ERROR, Outcome.ERROR, Outcome.ERROR),
        items.stream().map(ItemResult::outcome).toList());
    assertArrayEquals(TestJobs.independentGet(small), Files.readAllBytes(out.resolve("2024/q1/small.bin")));
    assertEquals(out.resolve("2024/q1/small.bin").toString(), items.get(0).path());
    assertEquals(out.resolve("big/index/index/index/escape.bin").toString(), items.get(1).path());
    assertArrayEquals(TestJobs.independentGet(big), Files.readAllBytes(Path.of(items.get(1).path())));
    String gotSmall = JobRunnerTest.sha256(TestJobs.independentGet(wrongSmall));
    assertEquals("checksum mismatch (expected " + wrong + ", got " + gotSmall + ")", items.get(2).error());
    String gotBig = JobRunnerTest.sha256(TestJobs.independentGet(wrongBig));
    assertEquals("checksum mismatch (expected " + wrong + ", got " + gotBig + ")", items.get(3).error());
    assertNull(items.get(2).path());
    assertEquals("line 5: unknown option \"colour\" (a URL line's options are out=NAME, sha256=HEX and "
        + "header=Name:value, after a tab)", items.get(4).error());
    assertEquals(List.of("2024/q1/small.bin", "big/index/index/index/escape.bin"), filesUnder(out),
        "nothing under the wrong ones' names, no temporary file, nothing outside");
    try (Stream<Path> beside = Files.list(dir)) {
      assertEquals(2, beside.count(), "only the URL file and the output dir");
    }

    // Run again: the two saved files are kept, from their subfolders; the wrong ones are asked for again.
    JobReport again = TestJobs.run(TestJobs.settings(out, List.of(), "job.url-file=" + file), ProgressStyle.OFF).report();
    assertEquals(List.of(Outcome.KEPT, Outcome.KEPT, Outcome.ERROR, Outcome.ERROR, Outcome.ERROR),
        again.items().stream().map(ItemResult::outcome).toList());
  }

  @Test
  void headersOfAJsonLinesFileGoToTheirUrlOnlyAndNotToAnotherHostARedirectLeadsTo(@TempDir Path out) throws Exception {
    Path file = Files.writeString(out.resolveSibling(out.getFileName() + "-urls.jsonl"), String.join("\n",
        "{\"url\": \"" + recorder("/own") + "\", \"headers\": {\"X-Token\": \"secret-1\"}}",
        "{\"url\": \"" + recorder("/plain") + "\"}",
        "{\"url\": \"" + recorder("/hop/x") + "\", \"headers\": {\"X-Token\": \"secret-2\"}, \"out\": \"hop.txt\"}",
        ""));

    JobReport report = TestJobs.run(TestJobs.settings(out, List.of(), "job.url-file=" + file), ProgressStyle.OFF).report();

    assertEquals(3, report.counts().ok(), report.items().toString());
    assertEquals("secret-1", tokens.get("/own"));
    assertEquals("-", tokens.get("/plain"), "one URL's headers are its own");
    assertEquals("secret-2", tokens.get("/hop/x"));
    assertEquals("-", tokens.get("/landed/x"), "not sent on to another host");
    assertEquals("seen /landed/x", Files.readString(out.resolve("hop.txt")));
  }

  @Test
  void hostPathLayoutSavesEachFileUnderItsHostAndPathAndAnOutNameStillWins(@TempDir Path out) throws Exception {
    String port = origin.url("/").replaceAll(".*:(\\d+)/.*", "$1");
    List<String> urls = List.of(origin.url("/bytes/10"), origin.url("/flags/cn/cn.gif"), origin.url("/bytes/11") + "\tout=mine.bin");

    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "job.layout=host-path"), ProgressStyle.OFF).report();

    assertEquals(3, report.counts().ok(), report.items().toString());
    assertEquals(List.of("127.0.0.1_" + port + "/bytes/10", "127.0.0.1_" + port + "/flags/cn/cn.gif", "mine.bin"),
        filesUnder(out));
    assertArrayEquals(TestJobs.independentGet(urls.get(1)), Files.readAllBytes(out.resolve("127.0.0.1_" + port + "/flags/cn/cn.gif")));
  }

  private static List<String> filesUnder(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(path -> dir.relativize(path).toString())
          .filter(name -> !name.startsWith(".fetchpipe-journal")).sorted().toList();
    }
  }
}
