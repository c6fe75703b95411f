package dev.fetchpipe.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemon's API as canned answers, for testing the client in process before (and apart from) the real daemon: each
 * route answers what the test put there, and every request is kept to be checked. Requests without the token are 401,
 * as the real daemon answers them.
 */
public final class FakeDaemon implements AutoCloseable {
  public static final String TOKEN = "t0ken";

  /** One request as the fake received it. */
  public record Received(String method, String path, String query, String authorization, String body) {}

  /** What a route answers: a status, a content type and a body (for an event stream, every event at once). */
  public record Answer(int status, String contentType, String body) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body);
    }

    public static Answer events(String... events) {
      return new Answer(200, "text/event-stream", String.join("", events));
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public FakeDaemon() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Makes {@code METHOD /path} (no query) answer {@code answer}. */
  public FakeDaemon on(String method, String path, Answer answer) {
    answers.put(method + " " + path, answer);
    return this;
  }

  /** One SSE event as the daemon frames it. */
  public static String event(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  /** The URL the daemon would print. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/?token=" + TOKEN;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String path = exchange.getRequestURI().getPath();
    received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), authorization, body));
    Answer answer = ("Bearer " + TOKEN).equals(authorization)
        ? answers.getOrDefault(exchange.getRequestMethod() + " " + path, Answer.json(404, "{\"error\": \"no route " + path + "\"}"))
        : Answer.json(401, "{\"error\": \"no valid token\"}");
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
