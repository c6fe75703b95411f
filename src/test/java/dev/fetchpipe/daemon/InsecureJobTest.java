package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A job submitted with fetch.tls.insecure on, against the built-in origin serving HTTPS with a certificate for another
 * name: its status (while it runs and at its end) and its report say tlsInsecure, and the daemon logs a warning
 * naming the job; a job that checks certificates says false and is not logged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsecureJobTest {
  @TempDir
  static Path temp;

  private Path pki;
  private RunningOrigin origin;
  private Daemon daemon;
  private Api api;

  @BeforeAll
  void start() {
    pki = TestPki.make(temp.resolve("pki"));
    // A certificate for other.example: only an insecure job accepts it from 127.0.0.1.
    Config served = ConfigLayers.merge(null, Map.of(), List.of("origin.port=0",
        "origin.tls.cert-file=\"" + pki.resolve("other.crt") + "\"", "origin.tls.key-file=\"" + pki.resolve("other.key") + "\""));
    origin = OriginServer.start(served, FetchpipeSettings.originFrom(served));
    daemon = TestDaemons.start(temp);
    api = new Api(daemon.address());
  }

  @AfterAll
  void stop() {
    TestDaemons.stop(daemon);
    origin.close();
  }

  private String submit(String name, String fetch) throws Exception {
    String body = "{\"job\": {\"urls\": [\"" + origin.url("/bytes/1000") + "\", \"" + origin.url("/delay/1500") + "\"],"
        + " \"output-dir\": \"" + temp.resolve(name) + "\"}, \"fetch\": {" + fetch + "}}";
    Api.Answer created = api.post("/api/jobs", body);
    assertEquals(201, created.status(), created.body());
    return created.json().get("id").asText();
  }

  @Test
  void anInsecureJobIsMarkedInItsStatusAndReportAndLogged() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(DaemonJob.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      String insecure = submit("insecure", "\"tls\": {\"insecure\": true}");
      JsonNode running = api.get("/api/jobs/" + insecure).json();
      assertTrue(running.path("tlsInsecure").asBoolean(false), running.toString());
      JsonNode done = api.awaitDone(insecure);
      assertEquals(2, done.get("ok").asInt(), done.toString());
      assertTrue(done.path("tlsInsecure").asBoolean(false), done.toString());
      JsonNode report = api.get("/api/jobs/" + insecure + "/report").json();
      assertTrue(report.path("tlsInsecure").asBoolean(false), report.toString());
      assertTrue(api.get("/api/jobs").body().contains("\"tlsInsecure\":true"), "the job list shows it too");

      String checked = submit("checked", "\"retry\": {\"max-attempts\": 1}, \"tls\": {\"ca-file\": \""
          + pki.resolve("ca.crt") + "\"}");
      JsonNode refused = api.awaitDone(checked);
      assertEquals(2, refused.get("errors").asInt(), "a certificate for another name is refused: " + refused);
      assertTrue(refused.has("tlsInsecure") && !refused.get("tlsInsecure").asBoolean(), refused.toString());
      assertFalse(api.get("/api/jobs/" + checked + "/report").json().path("tlsInsecure").asBoolean(true));

      List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertEquals(List.of("job " + insecure + " runs with fetch.tls.insecure on"), warnings);
    } finally {
      logger.detachAppender(log);
    }
  }
}
