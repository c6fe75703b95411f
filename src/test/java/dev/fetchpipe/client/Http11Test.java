package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client's HTTP/1.1 exchange, against a server that answers byte for byte what each test writes. */
class Http11Test {
  private static final Duration SECONDS = Duration.ofSeconds(5);

  /** Accepts one connection, reads the request's head and body, writes {@code answer} in parts, and hangs up. */
  private static final class OneAnswer implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final CompletableFuture<String> request = new CompletableFuture<>();

    OneAnswer(String... answerParts) throws IOException {
      Thread thread = new Thread(() -> {
        try (Socket socket = server.accept()) {
          request.complete(readRequest(socket.getInputStream()));
          OutputStream out = socket.getOutputStream();
          for (String part : answerParts) {
            out.write(part.getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(5);
          }
        } catch (Exception e) {
          request.completeExceptionally(e);
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    @Override
    public void close() throws IOException {
      server.close();
    }

    private static String readRequest(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int length = 0;
      for (String line = Http11.line(in); line != null && !line.isEmpty(); line = Http11.line(in)) {
        head.append(line).append('\n');
        if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      }
      return head + "\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sendsTheRequestWithHostLengthAndHeadersAndReadsABodyByContentLength() throws Exception {
    try (OneAnswer daemon = new OneAnswer("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Le",
        "ngth: 9\r\n\r\n{\"id\": 1}and what comes after the body is not read")) {
      try (Http11.Response response = Http11.send(daemon.base(), "POST", "/api/jobs?report=%2Fr.json",
          new String[] {"Authorization: Bearer t"}, "{\"job\": \"é\"}", SECONDS, SECONDS)) {
        assertEquals(201, response.status());
        assertEquals("{\"id\": 1}", response.text());
      }
      String request = daemon.request.get(5, TimeUnit.SECONDS);
      assertTrue(request.startsWith("POST /api/jobs?report=%2Fr.json HTTP/1.1\nHost: 127.0.0.1:"
          + daemon.server.getLocalPort() + "\nConnection: close\nAuthorization: Bearer t\nContent-Length: 13\n\n"), request);
      assertTrue(request.endsWith("\n{\"job\": \"é\"}"), request);
    }
  }

  @Test
  void aChunkedBodyIsDecodedChunkByChunkWhateverWayItArrives() throws Exception {
    try (OneAnswer daemon = new OneAnswer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "6\r\nevent:", "\r\n14;name=x\r\n progress\ndat", "a: {}\n\n\r\n", "0\r\nTrailer: x\r\n\r\n")) {
      try (Http11.Response response = Http11.send(daemon.base(), "GET", "/events", new String[0], null, SECONDS, SECONDS)) {
        assertEquals(200, response.status());
        assertEquals("event: progress\ndata: {}\n\n", response.text());
      }
    }
  }

  @Test
  void aBodyWithoutLengthRunsToTheEndOfTheConnection() throws Exception {
    try (OneAnswer daemon = new OneAnswer("HTTP/1.0 502 Bad Gateway\n\n<html>", "</html>")) {
      try (Http11.Response response = Http11.send(daemon.base(), "GET", "/", new String[0], null, SECONDS, SECONDS)) {
        assertEquals(502, response.status());
        assertEquals("<html></html>", response.text());
      }
    }
  }

  @Test
  void aCutOffBodyOrAnAnswerThatIsNotHttpIsAnIoError() throws Exception {
    try (OneAnswer daemon = new OneAnswer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")) {
      try (Http11.Response response = Http11.send(daemon.base(), "GET", "/", new String[0], null, SECONDS, SECONDS)) {
        assertThrows(IOException.class, response::text);
      }
    }
    try (OneAnswer daemon = new OneAnswer("SSH-2.0-OpenSSH\r\n")) {
      IOException e = assertThrows(IOException.class,
          () -> Http11.send(daemon.base(), "GET", "/", new String[0], null, SECONDS, SECONDS));
      assertTrue(e.getMessage().contains("not an HTTP answer"), e.getMessage());
    }
    assertThrows(IOException.class, () -> new ChunkedInput(new ByteArrayInputStream("zz\r\n".getBytes())).read());
    assertThrows(IOException.class, () -> new ChunkedInput(new ByteArrayInputStream("3\r\nabcd\r\n".getBytes())).readAllBytes());
  }

  @Test
  void aDaemonThatDoesNotAnswerInTimeIsATimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
      assertThrows(SocketTimeoutException.class,
          () -> Http11.send(base, "GET", "/", new String[0], null, SECONDS, Duration.ofMillis(200)));
    }
  }
}
