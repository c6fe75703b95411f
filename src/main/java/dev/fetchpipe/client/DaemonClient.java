package dev.fetchpipe.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fetchpipe.report.JobReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The daemon's HTTP API (docs/daemon-api.md) seen from the client, over the JDK's own HTTP client: nothing of Pekko
 * is loaded, so a client command starts in a fraction of a job's time. Every failure is a {@link ClientException} with
 * one line to print: the daemon's own {@code error} when it answered, else what went wrong on the way.
 */
public final class DaemonClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Every call but the event stream answers at once; a daemon that does not is stuck, and the user should hear so. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = ClientJson.MAPPER;

  private final DaemonAddress address;
  private final HttpClient http;

  public DaemonClient(DaemonAddress address) {
    this.address = address;
    // HTTP/1.1 from the start: the JDK's default, HTTP/2, would ask a plain http daemon to upgrade on every request.
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT);
    if ("http".equals(address.base().getScheme())) builder.sslContext(NoTls.context());
    this.http = builder.build();
  }

  public DaemonAddress address() {
    return address;
  }

  /** POST /api/jobs; {@code report} and {@code timeline} (absolute, or null) are for the daemon to write when it ends. */
  public Submitted submit(String job, Path report, Path timeline) {
    Map<String, Path> files = new LinkedHashMap<>();
    if (report != null) files.put("report", report);
    if (timeline != null) files.put("timeline", timeline);
    StringBuilder query = new StringBuilder();
    files.forEach((name, file) -> query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
        .append(URLEncoder.encode(file.toAbsolutePath().normalize().toString(), StandardCharsets.UTF_8)));
    return read(call(request("/api/jobs" + query).POST(body(job))), Submitted.class);
  }

  /** GET /api/jobs: every job the daemon knows, newest first. */
  public List<JobStatus> jobs() {
    JsonNode answer = read(call(request("/api/jobs").GET()), JsonNode.class);
    List<JobStatus> jobs = new ArrayList<>();
    for (JsonNode job : answer.path("jobs")) jobs.add(convert(job, JobStatus.class));
    return jobs;
  }

  /** POST /api/jobs/{id}/cancel: the first cancels gracefully, a second (or {@code abort}) cuts off what is in flight. */
  public JobStatus cancel(String id, boolean abort, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("abort", abort);
    return read(call(request(job(id) + "/cancel").POST(body(json(body)))), JobStatus.class);
  }

  /** PATCH /api/jobs/{id} with any of maxInFlight, maxPerHost, writerThreads. */
  public JobStatus resize(String id, Map<String, Integer> limits) {
    return read(call(request(job(id)).method("PATCH", body(json(limits)))), JobStatus.class);
  }

  /** GET /api/jobs/{id}/report: the same JSON as run --report, as far as the job got. */
  public JobReport report(String id) {
    return read(call(request(job(id) + "/report").GET()), JobReport.class);
  }

  /**
   * Follows GET /api/jobs/{id}/events, handing each event to {@code onEvent}, until the daemon ends the stream (after
   * the {@code end} event) or {@code onEvent} returns false. Without item events: the end event carries what the
   * summary shows of them.
   */
  public void events(String id, Predicate<SseEvent> onEvent) {
    HttpRequest request = authorized(address.resolve(job(id) + "/events?items=none")).header("Accept", "text/event-stream").GET().build();
    HttpResponse<Stream<String>> response = send(request, HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw refused(response.statusCode(), String.join("\n", lines.limit(20).toList()));
      }
      SseParser parser = new SseParser();
      Iterator<String> iterator = lines.iterator();
      while (iterator.hasNext()) {
        Optional<SseEvent> event = parser.line(iterator.next());
        if (event.isPresent() && !onEvent.test(event.get())) return;
      }
    } catch (UncheckedIOException e) {
      throw lost(e.getCause());
    }
  }

  /**
   * Stops the HTTP client's selector thread, so the JVM exits at once. On Java 17 the client has no close(), and its
   * selector waits for sockets in native code, where the JVM's exit waits up to 300 ms for any thread to leave it (more
   * than a third of what {@code fetchpipe jobs} took without this). Java 21's client closes itself.
   */
  @Override
  public void close() {
    if (http instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Only to exit sooner: whatever is left, the JVM's exit ends.
      }
      return;
    }
    SelectorThreads.stop(http);
  }

  /** Reads a JSON event's data into {@code type}. */
  public static <T> T parse(SseEvent event, Class<T> type) {
    try {
      return JSON.readValue(event.data(), type);
    } catch (JsonProcessingException e) {
      throw new ClientException("the daemon sent a " + event.type() + " event this client cannot read: "
          + e.getOriginalMessage(), 1);
    }
  }

  private static String job(String id) {
    return "/api/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return authorized(address.resolve(path)).timeout(CALL_TIMEOUT);
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + address.token());
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }

  /** Sends the request; a 2xx answer's body, else a {@link ClientException} with the daemon's error. */
  private String call(HttpRequest.Builder builder) {
    HttpRequest request = builder.header("Content-Type", "application/json").header("Accept", "application/json").build();
    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() / 100 != 2) throw refused(response.statusCode(), response.body());
    return response.body();
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (ConnectException e) {
      // The JDK's ConnectException for a refused connection has no message of its own.
      throw new ClientException("no daemon answers at " + address + " ("
          + (e.getMessage() == null ? "connection refused" : describe(e)) + ")");
    } catch (HttpConnectTimeoutException e) {
      throw new ClientException("no daemon answers at " + address + " (no connection within "
          + CONNECT_TIMEOUT.toSeconds() + " s)");
    } catch (HttpTimeoutException e) {
      throw new ClientException("the daemon at " + address + " did not answer " + request.method() + " "
          + request.uri().getPath() + " within " + CALL_TIMEOUT.toSeconds() + " s", 1);
    } catch (IOException e) {
      throw lost(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted while waiting for the daemon at " + address, 1);
    }
  }

  private ClientException lost(Throwable e) {
    return new ClientException("lost the connection to the daemon at " + address + " (" + describe(e) + ")", 1);
  }

  /** The daemon's {@code {"error": ...}} when it sent one, else the status and the start of what it sent. */
  private ClientException refused(int status, String body) {
    String error;
    try {
      error = JSON.readTree(body).path("error").asText("");
    } catch (JsonProcessingException notJson) {
      error = "";
    }
    if (error.isEmpty()) error = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + firstLine(body));
    if (status == 401) return new ClientException("the daemon at " + address + " refused the token: " + error);
    // A 4xx is about what was asked (a bad job, an unknown id, a job that ended): bad usage, as run's bad config is.
    return new ClientException(error, status / 100 == 4 ? 2 : 1);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) return e.getClass().getSimpleName();
    return e.getClass().getSimpleName() + ": " + message;
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ClientException("the daemon answered with what this client cannot read: " + e.getOriginalMessage(), 1);
    }
  }

  private static <T> T convert(JsonNode json, Class<T> type) {
    try {
      return JSON.treeToValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ClientException("the daemon answered with what this client cannot read: " + e.getMessage(), 1);
    }
  }
}
