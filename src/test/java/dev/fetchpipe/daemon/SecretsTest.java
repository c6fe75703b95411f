package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * No credential a job is given (a host's bearer token, a header's key, a netrc password, a login in a URL, a cookie
 * from fetch.cookies.file, a proxy's password) appears in any answer of the
 * daemon's API, nor in any file the job or the daemon writes, but the downloaded bodies that echo them and the job's
 * own record in the state dir, which the daemon keeps to carry the job on after a restart (mode 0600, in a 0700 dir).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsTest {
  private static final String TOKEN = "tok3n-Zq81";
  private static final String KEY = "k3y-Wx55";
  private static final String PASSWORD = "netrc-pw-Vb27";
  private static final String BASIC = Base64.getEncoder()
      .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final String URL_PASSWORD = "url-pw-Qk63";
  private static final String URL_BASIC = Base64.getEncoder()
      .encodeToString(("carol:" + URL_PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final String COOKIE = "cookie-Jm40";
  private static final String PROXY_PASSWORD = "proxy-pw-Hd19";
  private static final List<String> SECRETS = List.of(TOKEN, KEY, PASSWORD, BASIC, URL_PASSWORD, URL_BASIC, COOKIE,
      PROXY_PASSWORD);

  @TempDir
  static Path temp;

  private RunningOrigin one;
  private RunningOrigin two;
  private Daemon daemon;
  private Api api;

  @BeforeAll
  void start() {
    one = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    two = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.2", 0, Duration.ZERO, Duration.ZERO, 0.0));
    daemon = TestDaemons.start(temp);
    api = new Api(daemon.address());
  }

  @AfterAll
  void stop() {
    TestDaemons.stop(daemon);
    one.close();
    two.close();
  }

  /** The ended job's status.json, which the daemon writes just after the end event. */
  private com.fasterxml.jackson.databind.JsonNode awaitStatusFile(String id) throws Exception {
    Path file = temp.resolve("state").resolve("jobs").resolve(id).resolve(StateDir.STATUS_FILE);
    for (int i = 0; i < 200 && !Files.exists(file); i++) Thread.sleep(50);
    return Json.MAPPER.readTree(Files.readString(file));
  }

  @Test
  void noSecretIsInAnyAnswerOrFileButTheBodiesAndTheJobsPrivateRecord() throws Exception {
    Path netrc = temp.resolve("netrc");
    Files.writeString(netrc, "machine 127.0.0.2 login alice password " + PASSWORD + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    Path cookies = temp.resolve("cookies.txt");
    Files.writeString(cookies, one.host() + "\tFALSE\t/\tFALSE\t0\tsession\t" + COOKIE + "\n");
    Path out = temp.resolve("out");
    String host = one.host() + ":" + one.port();
    String login = one.url("/headers").replace("://", "://carol:" + URL_PASSWORD + "@");
    String body = "{\"job\": {\"urls\": [\"" + one.url("/bearer") + "\", \""
        + one.url("/headers") + "\", \"" + two.url("/headers") + "\", \"" + one.url("/status/500") + "\", \"" + login + "\"],"
        + " \"output-dir\": \"" + out + "\"},"
        + " \"fetch\": {\"netrc\": \"" + netrc + "\", \"retry\": {\"max-attempts\": 1},"
        + " \"cookies\": {\"file\": \"" + cookies + "\"},"
        + " \"proxy\": \"http://dave:" + PROXY_PASSWORD + "@127.0.0.1:9\", \"no-proxy\": \"127.0.0.1, 127.0.0.2\","
        + " \"headers\": {\"X-Api-Key\": \"" + KEY + "\"},"
        + " \"host-headers\": {\"" + host + "\": {\"Authorization\": \"Bearer " + TOKEN + "\"}}}}";
    Api.Answer created = api.post("/api/jobs", body);
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    var done = api.awaitDone(id);
    assertEquals(4, done.get("ok").asInt(), done.toString());

    // The secrets were sent: the bodies that echo the request's headers hold them.
    Path first = out.resolve("headers");
    Path second = out.resolve("headers-2");
    Path third = out.resolve("headers-3");
    String echoes = Files.readString(first) + Files.readString(second) + Files.readString(third);
    assertTrue(echoes.contains(TOKEN) && echoes.contains(KEY) && echoes.contains(BASIC), echoes);
    assertTrue(echoes.contains(URL_BASIC) && echoes.contains(COOKIE), echoes);

    // The job's status names what it sends, every value hidden; so does its status kept on disk.
    var request = api.get("/api/jobs/" + id).json().get("request");
    assertEquals(Json.MAPPER.readTree("{\"headers\": {\"X-Api-Key\": \"***\"}, \"hostHeaders\": {\"" + host
        + "\": {\"Authorization\": \"***\"}}, \"netrc\": true, \"cookies\": 1}"), request);
    assertEquals(request, awaitStatusFile(id).get("request"));
    List<String> answers = new ArrayList<>();
    answers.add(created.body());
    for (String path : List.of("/api/jobs", "/api/jobs/" + id, "/api/jobs/" + id + "/report",
        "/api/jobs/" + id + "/timeline", "/metrics", "/api/cluster")) {
      answers.add(path + " " + api.get(path).body());
    }
    answers.add(api.events(id, Duration.ofSeconds(30)).toString());
    // A refused job says why without its value.
    Api.Answer refused = api.post("/api/jobs", body.replace("Bearer " + TOKEN, "Bearer " + TOKEN + "\\r\\nX-Evil: 1"));
    assertEquals(400, refused.status(), refused.body());
    answers.add(refused.body());
    for (String answer : answers) {
      for (String secret : SECRETS) assertFalse(answer.contains(secret), () -> secret + " in an answer: " + answer);
    }

    List<Path> written = new ArrayList<>();
    try (Stream<Path> files = Stream.concat(Files.walk(out), Files.walk(temp.resolve("state")))) {
      files.filter(Files::isRegularFile).filter(p -> !p.equals(first) && !p.equals(second) && !p.equals(third)).forEach(written::add);
    }
    assertTrue(written.stream().anyMatch(p -> p.getFileName().toString().startsWith(".fetchpipe-journal")), "" + written);
    for (Path file : written) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      boolean holds = SECRETS.stream().anyMatch(text::contains);
      if (file.getFileName().toString().equals(StateDir.JOB_FILE)) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        continue;
      }
      assertFalse(holds, () -> "a secret in " + file + ": " + text);
      assertFalse(text.contains(PASSWORD), file.toString());
    }
  }
}
