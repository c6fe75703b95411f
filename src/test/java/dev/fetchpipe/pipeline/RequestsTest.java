package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.RequestSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes into a request, seen by the built-in origin on two hosts of loopback (127.0.0.1 and 127.0.0.2): the
 * default User-Agent, fetch.headers and fetch.host-headers, a login in a URL, cookies kept per host and path,
 * credentials that do not follow a redirect to another host,
 * and bodies asked for compressed and saved decoded, a gzip bomb cut off at max-body-size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningOrigin one;
  private RunningOrigin two;

  @BeforeAll
  void startOrigins() {
    one = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    two = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.2", 0, Duration.ZERO, Duration.ZERO, 0.0));
  }

  @AfterAll
  void stopOrigins() {
    one.close();
    two.close();
  }

  @Test
  void everyRequestSaysFetchpipeAndAsksForCompressedBodies(@TempDir Path out) throws Exception {
    JsonNode seen = echoed(run(out, List.of(one.url("/headers"))).items().get(0));
    assertEquals(RequestSettings.DEFAULT_USER_AGENT, seen.path("User-Agent").asText(), seen.toString());
    assertEquals("gzip, deflate", seen.path("Accept-Encoding").asText(), seen.toString());
  }

  @Test
  void configuredHeadersReplaceTheDefaultsAndAnEmptyOneSendsNone(@TempDir Path out) throws Exception {
    JobReport report = run(out, List.of(one.url("/headers")),
        "fetch.headers={X-Team=\"blue\", User-Agent=\"\"}", "fetch.decode=off");
    JsonNode seen = echoed(report.items().get(0));
    assertEquals("blue", seen.path("X-Team").asText(), seen.toString());
    assertTrue(seen.path("User-Agent").isMissingNode(), () -> "no User-Agent at all: " + seen);
    assertTrue(seen.path("Accept-Encoding").isMissingNode(), () -> "decode off asks for no encoding: " + seen);
    JsonNode custom = echoed(run(out.resolve("b"), List.of(one.url("/headers")),
        "fetch.headers={User-Agent=\"my-crawler/2\"}").items().get(0));
    assertEquals("my-crawler/2", custom.path("User-Agent").asText(), custom.toString());
  }

  @Test
  void aHostsHeadersGoToThatHostAlone(@TempDir Path out) throws Exception {
    String host = "\"" + one.host() + ":" + one.port() + "\"";
    JobReport report = run(out, List.of(one.url("/bearer/s3cret"), two.url("/headers"), one.url("/headers")),
        "fetch.host-headers={" + host + "={Authorization=\"Bearer s3cret\"}}");
    assertEquals(3, report.counts().ok(), report.toString());
    JsonNode other = echoed(item(report, two.url("/headers")));
    assertTrue(other.path("Authorization").isMissingNode(), () -> "the other host got the token: " + other);
    assertEquals("Bearer s3cret", echoed(item(report, one.url("/headers"))).path("Authorization").asText());
  }

  @Test
  void credentialsDoNotFollowARedirectToAnotherHost(@TempDir Path out) throws Exception {
    String away = one.url("/redirect-to?url=" + two.url("/headers"));
    String stay = one.url("/redirect-to?url=" + one.url("/headers"));
    JobReport report = run(out, List.of(away, stay),
        "fetch.headers={Authorization=\"Bearer s3cret\", Cookie=\"session=abc\", X-Keep=\"yes\"}");
    assertEquals(2, report.counts().ok(), report.toString());
    JsonNode elsewhere = echoed(item(report, away));
    assertTrue(elsewhere.path("Authorization").isMissingNode(), () -> "Authorization followed: " + elsewhere);
    assertTrue(elsewhere.path("Cookie").isMissingNode(), () -> "Cookie followed: " + elsewhere);
    assertEquals("yes", elsewhere.path("X-Keep").asText(), "other headers still go");
    JsonNode same = echoed(item(report, stay));
    assertEquals("Bearer s3cret", same.path("Authorization").asText(), "a redirect on the same host keeps them");
    assertEquals("session=abc", same.path("Cookie").asText());
  }

  @Test
  void aNetrcLoginGoesToItsMachineAloneAndAHeaderOverridesIt(@TempDir Path out) throws Exception {
    Path netrc = out.resolve("netrc");
    Files.writeString(netrc, "machine " + one.host() + " login alice password \"p w\"\n");
    Files.setPosixFilePermissions(netrc, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    List<String> urls = List.of(one.url("/basic-auth/alice/p%20w"), two.url("/headers"));
    JobReport report = run(out.resolve("a"), urls, "fetch.netrc=" + netrc);
    assertEquals(2, report.counts().ok(), report.toString());
    JsonNode other = echoed(item(report, two.url("/headers")));
    assertTrue(other.path("Authorization").isMissingNode(), () -> "the other host got the login: " + other);
    JobReport overridden = run(out.resolve("b"), List.of(one.url("/basic-auth/alice/p%20w")), "fetch.netrc=" + netrc,
        "fetch.headers={Authorization=\"Bearer x\"}");
    assertEquals(401, overridden.items().get(0).status(), overridden.toString());
  }

  @Test
  void aLoginInTheUrlGoesAsBasicToItsHostAloneAndIsShownMasked(@TempDir Path out) throws Exception {
    String login = one.url("/basic-auth/al%20ice/p@ss:w").replace("://", "://al%20ice:p%40ss%3Aw@");
    String away = one.url("/redirect-to?url=" + two.url("/headers")).replaceFirst("://", "://bob:s3cret@");
    JobReport report = run(out, List.of(login, away), "fetch.host-headers={\"" + one.host() + "\"={Authorization=x}}");
    assertEquals(2, report.counts().ok(), report.toString());
    String shown = one.url("/basic-auth/al%20ice/p@ss:w").replace("://", "://al%20ice:***@");
    assertEquals(shown, report.items().get(0).url(), "the password masked, the URL's own login over host-headers");
    assertEquals(one.url("/redirect-to?url=" + two.url("/headers")).replaceFirst("://", "://bob:***@"),
        report.items().get(1).url());
    JsonNode elsewhere = echoed(report.items().get(1));
    assertTrue(elsewhere.path("Authorization").isMissingNode(), () -> "the login followed a redirect: " + elsewhere);
    assertFalse(report.toString().contains("s3cret") || report.toString().contains("p%40ss"), report.toString());
  }

  @Test
  void aCookieGoesToItsHostAndPathAloneAndNeverFollowsARedirectToAnotherHost(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jar.txt");
    Files.writeString(file, "# Netscape HTTP Cookie File\n"
        + one.host() + "\tFALSE\t/\tFALSE\t0\tseeded\tfrom-file\n"
        + one.host() + "\tFALSE\t/elsewhere\tFALSE\t0\tother\tpath\n"
        + one.host() + "\tFALSE\t/\tTRUE\t0\tsecure\tonly-https\n");
    JobReport report = run(dir.resolve("out"), List.of(one.url("/cookies/set?a=1&b=2"), one.url("/cookies"),
        two.url("/cookies"), one.url("/redirect-to?url=" + two.url("/cookies"))),
        "fetch.max-in-flight=1", "fetch.cookies.file=" + file);
    assertEquals(4, report.counts().ok(), report.toString());
    JsonNode mine = JSON.readTree(Files.readString(Path.of(report.items().get(1).path())));
    assertEquals(JSON.readTree("{\"seeded\":\"from-file\",\"a\":\"1\",\"b\":\"2\"}"), mine);
    for (int at : new int[] {2, 3}) {
      JsonNode other = JSON.readTree(Files.readString(Path.of(report.items().get(at).path())));
      assertEquals(JSON.readTree("{}"), other, "the other host got a cookie: " + report.items().get(at));
    }
  }

  @Test
  void compressedBodiesAreSavedDecodedAndHashedAsSaved(@TempDir Path out) throws Exception {
    JobReport report = run(out, List.of(one.url("/gzip/300000"), one.url("/deflate/1000")));
    assertEquals(2, report.counts().ok(), report.toString());
    for (ItemResult item : report.items()) {
      String n = item.url().substring(item.url().lastIndexOf('/') + 1);
      byte[] plain = TestJobs.independentGet(one.url("/bytes/" + n));
      byte[] saved = Files.readAllBytes(Path.of(item.path()));
      assertArrayEquals(plain, saved, item.url());
      assertEquals(plain.length, item.bytes());
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(saved)), item.sha256());
    }
  }

  @Test
  void decodeOffSavesTheBodyAsSent(@TempDir Path out) throws Exception {
    ItemResult item = run(out, List.of(one.url("/gzip/5000")), "fetch.decode=off").items().get(0);
    assertEquals(Outcome.OK, item.outcome(), item.toString());
    byte[] saved = Files.readAllBytes(Path.of(item.path()));
    assertEquals(0x1f, saved[0] & 0xff, "gzip's magic number");
    assertEquals(0x8b, saved[1] & 0xff);
  }

  @Test
  void aGzipBombEndsAtMaxBodySizeWithNothingOnDisk(@TempDir Path out) throws Exception {
    ItemResult item = run(out, List.of(one.url("/gzip-bomb/256")), "fetch.max-body-size=2MiB").items().get(0);
    assertEquals(Outcome.ERROR, item.outcome(), item.toString());
    assertTrue(item.error().contains("larger than fetch.max-body-size"), item.error());
    assertEquals(1, item.attempts().size(), "not retried");
    assertNull(item.path());
    try (Stream<Path> left = Files.list(out)) {
      assertFalse(left.anyMatch(p -> !p.getFileName().toString().startsWith(".fetchpipe-journal")
          && !p.getFileName().toString().equals(".fetchpipe.lock")), "nothing left but the journal");
    }
  }

  private static JobReport run(Path out, List<String> urls, String... sets) {
    return TestJobs.run(TestJobs.settings(out, urls, sets), ProgressStyle.OFF).report();
  }

  private static ItemResult item(JobReport report, String url) {
    return report.items().stream().filter(i -> i.url().equals(url)).findFirst().orElseThrow();
  }

  private static JsonNode echoed(ItemResult item) throws Exception {
    assertEquals(Outcome.OK, item.outcome(), item.toString());
    return JSON.readTree(Files.readString(Path.of(item.path())));
  }
}
