package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon process with its default limits, while a job runs: far more idle connections than it accepts, event
 * streams past every limit (most of them never read), requests without the token. The job ends, every URL fetched,
 * and each of a token holder's API calls meanwhile is answered; the idle connections are closed. How fast it stays
 * is measured by scripts/bench-abuse, not here.
 */
class ApiAbuseIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");
  private static final int URLS = 1500;
  /** More than daemon.max-connections (256 by default). */
  private static final int IDLE = 600;
  /** More than daemon.max-event-streams-per-job (16) and daemon.max-event-streams (64). */
  private static final int STREAMS = 100;

  @Test
  void aJobEndsAndATokenHoldersCallsAreAnsweredWhileTheApiIsAbused(@TempDir Path dir) throws Exception {
    // The job must outlast setting the streams up (1500 URLs x 100 ms, 20 at once: about 7.5 s): a stream to an ended job
    // is answered with its end, not refused.
    try (RunningOrigin origin = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(100), Duration.ZERO, 0.0));
         Launcher process = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "state")) {
      process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
      Matcher address = ADDRESS.matcher(process.stdout());
      assertTrue(address.find(), process.stdout());
      URI base = URI.create(address.group(1));
      String token = address.group(2);

      Path list = Files.write(dir.resolve("urls.txt"), IntStream.range(0, URLS)
          .mapToObj(i -> origin.url("/bytes/" + (1000 + i))).toList());
      HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/jobs"))
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString("{\"job\": {\"url-file\": \"" + list + "\", \"output-dir\": \""
              + dir.resolve("out") + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).get("id").asText();

      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < IDLE; i++) sockets.add(connect(base));
        int refusedStreams = 0;
        for (int i = 0; i < STREAMS; i++) {
          // Authenticated, asking for every item, and never read past the status line.
          Socket stream = connect(base);
          sockets.add(stream);
          stream.getOutputStream().write(("GET /api/jobs/" + id + "/events?items=all HTTP/1.1\r\nHost: "
              + base.getAuthority() + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          Socket stranger = connect(base);
          sockets.add(stranger);
          stranger.getOutputStream().write(("GET /api/jobs/" + id + "/events HTTP/1.1\r\nHost: " + base.getAuthority()
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (Socket socket : sockets.subList(IDLE, sockets.size())) {
          String status = statusLine(socket);
          if (status.contains(" 429 ") || status.contains(" 401 ")) refusedStreams++;
        }
        assertTrue(refusedStreams >= STREAMS + STREAMS - 16, "streams past the limits and strangers are refused: "
            + refusedStreams);

        // A token holder's calls, one after another until the job ends: every one answered.
        int calls = 0;
        JsonNode status;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        do {
          HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/jobs/" + id))
              .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(200, answer.statusCode(), answer.body());
          HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/jobs"))
              .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(200, listed.statusCode(), listed.body());
          calls += 2;
          status = JSON.readTree(answer.body());
          Thread.sleep(100);
        } while (!status.path("state").asText().equals("DONE") && System.nanoTime() < deadline);
        assertEquals("DONE", status.path("state").asText(), status.toString());
        assertEquals(0, status.get("exitCode").asInt(), status.toString());
        assertEquals(URLS, status.get("ok").asInt(), status.toString());
        assertTrue(calls > 4, "calls made while the job ran: " + calls);

        // Strangers' idle connections are all closed by now or within the header-read timeout.
        int closed = 0;
        for (Socket socket : sockets.subList(0, IDLE)) if (closedByServer(socket)) closed++;
        assertEquals(IDLE, closed, "idle connections closed by the daemon");
        assertTrue(process.isAlive(), process.stderr());
      } finally {
        for (Socket socket : sockets) socket.close();
      }
      process.signalGroup("TERM");
      assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
    }
  }

  private static Socket connect(URI base) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
    return socket;
  }

  private static String statusLine(Socket socket) throws Exception {
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    try {
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) line.append((char) b);
    } catch (java.net.SocketException reset) {
      // closed without an answer
    }
    return line.toString();
  }

  private static boolean closedByServer(Socket socket) throws Exception {
    socket.setSoTimeout(30_000);
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }
}
