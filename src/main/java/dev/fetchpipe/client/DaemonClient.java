package dev.fetchpipe.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.PlainWords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The daemon's HTTP API (docs/daemon-api.md) seen from the client, each call one HTTP/1.1 exchange on a socket of its
 * own ({@link Http11}): nothing of Pekko is loaded, nor the JDK's asynchronous HTTP client, so a client command starts
 * in a fraction of a job's time. Every failure is a {@link ClientException} with one line to print: the daemon's own
 * {@code error} when it answered, else what went wrong on the way.
 */
public final class DaemonClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Every call but the event stream answers at once; a daemon that does not is stuck, and the user should hear so. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final DaemonEndpoint address;
  /** The event stream being followed, or null: {@link #close} cuts it off. */
  private volatile Http11.Response following;
  private volatile boolean closed;

  public DaemonClient(DaemonEndpoint address) {
    this.address = address;
  }

  public DaemonEndpoint address() {
    return address;
  }

  /** POST /api/jobs; {@code report} and {@code timeline} (absolute, or null) are for the daemon to write when it ends. */
  public Submitted submit(String job, Path report, Path timeline) {
    return read(call("POST", "/api/jobs" + query(report, timeline), job), Submitted::from);
  }

  /** {@code ?report=...&timeline=...} for the files given (absolute), or "". */
  private static String query(Path report, Path timeline) {
    Map<String, Path> files = new LinkedHashMap<>();
    if (report != null) files.put("report", report);
    if (timeline != null) files.put("timeline", timeline);
    StringBuilder query = new StringBuilder();
    files.forEach((name, file) -> query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
        .append(URLEncoder.encode(file.toAbsolutePath().normalize().toString(), StandardCharsets.UTF_8)));
    return query.toString();
  }

  /** GET /api/jobs: every job the daemon knows, newest first. */
  public List<RemoteJobStatus> jobs() {
    return read(call("GET", "/api/jobs", null), answer -> {
      List<RemoteJobStatus> jobs = new ArrayList<>();
      List<JsonFields> listed = answer.objects("jobs");
      if (listed != null) for (JsonFields job : listed) jobs.add(RemoteJobStatus.from(job));
      return jobs;
    });
  }

  /** POST /api/jobs/{id}/cancel: the first cancels gracefully, a second (or {@code abort}) cuts off what is in flight. */
  public RemoteJobStatus cancel(String id, boolean abort, String reason) {
    return cancel(id, abort, reason, null);
  }

  /** The same, saying which signal this client was given ({@code signal}, or null for a plain request). */
  RemoteJobStatus cancel(String id, boolean abort, String reason, CancelSource signal) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("abort", abort);
    if (signal != null) body.put("source", signal.name());
    return read(call("POST", job(id) + "/cancel", JsonFields.write(body)), RemoteJobStatus::from);
  }

  /** PATCH /api/jobs/{id} with any of the limits a resize takes (maxInFlight, perHostDelay, ...). */
  public RemoteJobStatus resize(String id, Map<String, ?> limits) {
    return read(call("PATCH", job(id), JsonFields.write(limits)), RemoteJobStatus::from);
  }

  /**
   * GET /api/jobs/{id}/report: the same JSON as run --report, as far as the job got. Read with Jackson's data binding
   * (a report has many fields and kinds of item), which only a client of a daemon whose end lacks the summary needs.
   */
  public JobReport report(String id) {
    String json = call("GET", job(id) + "/report", null);
    try {
      return ClientJson.MAPPER.readValue(json, JobReport.class);
    } catch (JsonProcessingException e) {
      throw unreadable(e.getOriginalMessage());
    }
  }

  /**
   * Follows GET /api/jobs/{id}/events, handing each event to {@code onEvent}, until the daemon ends the stream (after
   * the {@code end} event) or {@code onEvent} returns false. Without item events: the end event carries what the
   * summary shows of them.
   */
  public void events(String id, Predicate<SseEvent> onEvent) {
    // No read timeout: a job may go quiet for long, and the daemon keeps the stream open with comments meanwhile.
    try (Http11.Response response = send("GET", job(id) + "/events?items=none", null, "text/event-stream", Duration.ZERO)) {
      if (response.status() / 100 != 2) throw refused(response.status(), firstLines(response.text()));
      follow(response, onEvent);
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /**
   * POST /api/jobs?attach=true: run's job, which belongs to this connection (the daemon aborts it if the connection
   * goes before its end), followed as {@link #events} follows a job: the daemon answers with the job's events, the
   * first of them {@code created} (the 201's body), progress at the pace the console draws.
   *
   * @param terminal         whether stdout is a terminal (auto then means the spinner)
   * @param outputDirAsGiven the output dir as the user wrote it, for the report the daemon writes; or null
   */
  void attach(String jobJson, Path report, Path timeline, boolean terminal, String outputDirAsGiven,
      Predicate<SseEvent> onEvent) {
    StringBuilder target = new StringBuilder("/api/jobs").append(query(report, timeline));
    target.append(target.indexOf("?") < 0 ? '?' : '&').append("attach=true&terminal=").append(terminal);
    if (outputDirAsGiven != null) {
      target.append("&outputDirAsGiven=").append(URLEncoder.encode(outputDirAsGiven, StandardCharsets.UTF_8));
    }
    try (Http11.Response response = send("POST", target.toString(), jobJson, "text/event-stream", Duration.ZERO, true)) {
      if (response.status() / 100 != 2) throw refused(response.status(), firstLines(response.text()));
      follow(response, onEvent);
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** Reads an event stream to its end (or until {@code onEvent} says enough), unless {@link #close} cuts it off. */
  private void follow(Http11.Response response, Predicate<SseEvent> onEvent) throws IOException {
    following = response;
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      SseParser parser = new SseParser();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Optional<SseEvent> event = parser.line(line);
        if (event.isPresent() && !onEvent.test(event.get())) return;
      }
    } catch (IOException e) {
      if (!closed) throw e;
    } finally {
      following = null;
    }
  }

  /**
   * Closes the event stream being followed, if any (from another thread: watch's Ctrl-C), which then ends quietly;
   * every other call's connection is closed with its answer.
   */
  @Override
  public void close() {
    closed = true;
    Http11.Response open = following;
    if (open == null) return;
    try {
      open.close();
    } catch (IOException e) {
      // Closed or not, nothing more is read from it.
    }
  }

  /** A JSON event's data, read with {@code reader} (e.g. {@code RemoteJobStatus::from}). */
  static <T> T parse(SseEvent event, Function<JsonFields, T> reader) {
    try {
      return reader.apply(JsonFields.parse(event.data()));
    } catch (IOException | IllegalArgumentException e) {
      throw new ClientException("the daemon sent a " + event.type() + " event this client cannot read: "
          + problem(e), 1);
    }
  }

  private static String job(String id) {
    return "/api/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** Sends the request; a 2xx answer's body, else a {@link ClientException} with the daemon's error. */
  private String call(String method, String target, String body) {
    try (Http11.Response response = send(method, target, body, "application/json", CALL_TIMEOUT)) {
      String text = response.text();
      if (response.status() / 100 != 2) throw refused(response.status(), text);
      return text;
    } catch (SocketTimeoutException e) {
      throw new ClientException("the daemon at " + address + " did not answer " + method + " " + pathOf(target)
          + " within " + CALL_TIMEOUT.toSeconds() + " s", 1);
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** Connects and sends; failing to connect is "no daemon answers" (exit 2), as the user has the address wrong. */
  private Http11.Response send(String method, String target, String body, String accept, Duration readTimeout)
      throws IOException {
    return send(method, target, body, accept, readTimeout, false);
  }

  private Http11.Response send(String method, String target, String body, String accept, Duration readTimeout,
      boolean resetOnClose) throws IOException {
    String[] headers = body == null
        ? new String[] {"Authorization: Bearer " + address.token(), "Accept: " + accept}
        : new String[] {"Authorization: Bearer " + address.token(), "Accept: " + accept,
            "Content-Type: application/json; charset=utf-8"};
    try {
      return Http11.send(address.base(), method, target, headers, body, CONNECT_TIMEOUT, readTimeout, resetOnClose);
    } catch (ConnectException e) {
      boolean refused = e.getMessage() == null || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused");
      throw ClientException.unavailable("no daemon answers at " + address + " ("
          + (refused ? "connection refused" : describe(e)) + ")", 2);
    } catch (SocketTimeoutException e) {
      if (e.getMessage() != null && e.getMessage().contains("connect")) {
        throw new ClientException("no daemon answers at " + address + " (no connection within "
            + CONNECT_TIMEOUT.toSeconds() + " s)");
      }
      throw e;
    }
  }

  private static String pathOf(String target) {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  private ClientException lost(Throwable e) {
    return new ClientException("lost the connection to the daemon at " + address + " (" + describe(e) + ")", 1);
  }

  /** The daemon's {@code {"error": ...}} when it sent one, else the status and the start of what it sent. */
  private ClientException refused(int status, String body) {
    String error;
    try {
      error = JsonFields.parse(body).text("error", "");
    } catch (IOException | IllegalArgumentException notJson) {
      error = "";
    }
    if (error.isEmpty()) error = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + firstLine(body));
    if (status == 401) return new ClientException("the daemon at " + address + " refused the token: " + error);
    if (status == 503) return ClientException.unavailable(error, 1);
    // A 4xx is about what was asked (a bad job, an unknown id, a job that ended): bad usage, as run's bad config is.
    return new ClientException(error, status / 100 == 4 ? 2 : 1);
  }

  private static String firstLines(String text) {
    return String.join("\n", text.lines().limit(20).toList());
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String describe(Throwable e) {
    return PlainWords.of(e);
  }

  private static <T> T read(String json, Function<JsonFields, T> reader) {
    try {
      return reader.apply(JsonFields.parse(json));
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable(problem(e));
    }
  }

  private static ClientException unreadable(String problem) {
    return new ClientException("the daemon answered with what this client cannot read: " + problem, 1);
  }

  /** The parser's own message, without the place in the text it appends (the text is the daemon's, not the user's). */
  private static String problem(Exception e) {
    return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
  }
}
