package dev.fetchpipe.daemon;

import static dev.fetchpipe.testing.Eventually.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A daemon's API as a script would call it: java.net.http with the token, JSON bodies parsed with Jackson. */
final class Api {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final DaemonAddress address;

  Api(DaemonAddress address) {
    this.address = address;
  }

  /** One answer: its status, body and headers. */
  record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String error() {
      return json().path("error").asText();
    }
  }

  Answer get(String path) throws Exception {
    return send(request(path).GET());
  }

  Answer post(String path, String body) throws Exception {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer patch(String path, String body) throws Exception {
    return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Any request, with or without the token. */
  Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response.headers());
  }

  HttpRequest.Builder request(String path) {
    return unauthenticated(path).header("Authorization", "Bearer " + address.token());
  }

  HttpRequest.Builder unauthenticated(String path) {
    return HttpRequest.newBuilder(URI.create(address.url()).resolve(path)).timeout(Duration.ofSeconds(30));
  }

  /** A request written by hand, for headers java.net.http will not send (another Host): the status line's code. */
  int raw(String requestHead) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", address.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  /** Polls the job's status until it matches, or fails with the last status after the timeout. */
  JsonNode awaitStatus(String id, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    return eventually(timeout, "job " + id + "'s status as wanted", () -> get("/api/jobs/" + id).json(), condition);
  }

  /** The status once the job has ended: DONE, CANCELLED or ABORTED. */
  JsonNode awaitDone(String id) throws Exception {
    return awaitStatus(id, status -> java.util.Set.of("DONE", "CANCELLED", "ABORTED").contains(status.path("state").asText()),
        Duration.ofSeconds(60));
  }

  /** One server-sent event. */
  record Event(String type, JsonNode data) {}

  /** Reads the job's event stream to its end (or the timeout), every event in order. */
  List<Event> events(String id, Duration timeout) throws Exception {
    return events(id, "all", timeout);
  }

  /** @param items the stream's {@code items} parameter: all or none */
  List<Event> events(String id, String items, Duration timeout) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> response = CLIENT.send(
        request("/api/jobs/" + id + "/events?items=" + items).timeout(timeout).build(), HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) throw new AssertionError("events: " + response.statusCode());
    List<Event> events = new ArrayList<>();
    // An event's fields may come in any order; a blank line ends it.
    String type = "message";
    String data = null;
    try (var lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event:")) type = line.substring(6).strip();
        if (line.startsWith("data:")) data = line.substring(5).strip();
        if (line.isEmpty()) {
          if (data != null) events.add(new Event(type, Json.MAPPER.readTree(data)));
          type = "message";
          data = null;
        }
      }
    }
    return events;
  }
}
