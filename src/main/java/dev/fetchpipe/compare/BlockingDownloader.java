package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.pipeline.AtomicFile;
import dev.fetchpipe.pipeline.CookieJar;
import dev.fetchpipe.pipeline.FetchFailures;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.pipeline.RequestHeaders;
import dev.fetchpipe.pipeline.RetryAfter;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.Durations;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.PlainWords;
import dev.fetchpipe.report.Timings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.util.ByteString;

/**
 * What the sequential and threads engines do for each URL, all on the calling thread: a blocking
 * {@link HttpClient#send}, redirects followed by hand, the body saved whole with the pipeline's {@link AtomicFile}. It keeps the
 * pipeline's rules, so the engines run the same job: max-redirects, response-timeout and request-timeout per attempt,
 * max-body-size, and retries of transient failures (connection failures, timeouts, HTTP 408, 429, 500, 502-504) after
 * the same backoff or Retry-After, here a blocking sleep. Outcomes, error texts, attempts and timings mean what they
 * mean in the pipeline's report, so the engines' reports can be read (and drawn) side by side. Not kept: the idle
 * timeout within a body, and max-per-host (these engines have one pool for all hosts).
 */
final class BlockingDownloader {

  private final HttpClient client;
  private final FetchSettings fetch;
  private final Path outputDir;
  private final boolean fsync;
  private final JobClock clock;
  /** The same headers as the pipeline's requests. */
  private final RequestHeaders headers;

  BlockingDownloader(HttpClient client, FetchSettings fetch, Path outputDir, boolean fsync, JobClock clock) {
    this.client = client;
    this.fetch = fetch;
    this.outputDir = outputDir;
    this.fsync = fsync;
    this.clock = clock;
    // A jar of its own for each engine's run, from fetch.cookies.file; compare writes no jar back.
    this.headers = new RequestHeaders(fetch.request(), CookieJar.of(fetch.request().cookies().seed()));
  }

  /**
   * Fetches and saves one URL unless the run was cancelled before it started (then SKIPPED, as the pipeline's queue
   * does); a second cancel interrupts the request (CANCELLED).
   */
  ItemResult download(JobItem item, RunCancel cancel) {
    if (cancel.requested()) {
      return new ItemResult(item.index(), item.url(), Outcome.SKIPPED, null, 0, null, null,
          "never started: the job was cancelled", null, new Timings(JobClock.QUEUED_MS, null, null, null, clock.millis()),
          List.of(), item.nameNote());
    }
    cancel.working();
    try {
      return download(item);
    } finally {
      cancel.done();
    }
  }

  /** Fetches and saves one URL; never throws for anything the URL, the network or the disk does. */
  ItemResult download(JobItem item) {
    if (!item.fetchable()) {
      return new ItemResult(item.index(), item.url(), Outcome.ERROR, null, 0, null, null, item.problem(), null,
          new Timings(JobClock.QUEUED_MS, null, null, null, clock.millis()), List.of(), item.nameNote());
    }
    return new Download(item).run();
  }

  /** How one attempt ended: the URL's end, or a transient failure worth another attempt. */
  private record Ended(Outcome outcome, Saved saved, String error, boolean transientFailure, Duration retryAfter) {
    static Ended finalOutcome(Outcome outcome, Saved saved, String error) {
      return new Ended(outcome, saved, error, false, null);
    }

    static Ended transientFailure(String error, Duration retryAfter) {
      return new Ended(Outcome.ERROR, null, error, true, retryAfter);
    }
  }

  private record Saved(Path path, AtomicFile.Written written) {}

  /** One URL's state while it is fetched: the Fetcher actor's fields, on one thread's stack. */
  private final class Download {
    private final JobItem item;
    private final double startedMs = clock.millis();
    private final List<Attempt> attempts = new ArrayList<>();
    private int attempt;
    private double attemptStartedMs;
    private Double firstByteMs;
    private Double bodyDoneMs;
    private Integer status;

    Download(JobItem item) {
      this.item = item;
    }

    ItemResult run() {
      while (true) {
        attempt++;
        attemptStartedMs = clock.millis();
        firstByteMs = null;
        status = null;
        Ended ended = attemptOnce();
        if (!ended.transientFailure()) return finish(ended.outcome(), ended.saved(), ended.error());

        var retry = fetch.retry();
        if (attempt >= retry.maxAttempts()) {
          return finish(Outcome.ERROR, null, attempt == 1 ? ended.error() : ended.error() + " (after " + attempt + " attempts)");
        }
        Duration retryAfter = ended.retryAfter();
        if (retryAfter != null && retryAfter.compareTo(retry.maxRetryAfter()) > 0) {
          return finish(Outcome.ERROR, null, ended.error() + ", Retry-After " + millis(retryAfter)
              + " is longer than fetch.retry.max-retry-after (" + millis(retry.maxRetryAfter()) + ")");
        }
        Duration wait = retry.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) wait = retryAfter;
        attempts.add(new Attempt(attempt, attemptStartedMs, firstByteMs, clock.millis(), status, ended.error(), wait.toMillis()));
        try {
          // The thread waits out the backoff: that is what a thread per request means.
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return finish(Outcome.CANCELLED, null, "cut off while waiting to retry");
        }
      }
    }

    /** One attempt: the request, redirects followed, the body read and saved. */
    private Ended attemptOnce() {
      long deadline = System.nanoTime() + fetch.requestTimeout().toNanos();
      try {
        URI current = URI.create(item.target());
        for (int redirects = 0; ; redirects++) {
          HeadersTimed handler = new HeadersTimed();
          HttpResponse<byte[]> response = send(current, deadline, handler);
          if (firstByteMs == null) firstByteMs = handler.atMs;
          headers.answered(current.toString(), response.headers().allValues("Set-Cookie"));
          status = response.statusCode();
          if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) return Ended.finalOutcome(Outcome.ERROR, null, "HTTP " + status + " without a Location header");
            if (redirects >= fetch.maxRedirects()) {
              return Ended.finalOutcome(Outcome.ERROR, null, "more than " + fetch.maxRedirects() + " redirects");
            }
            try {
              current = current.resolve(location.strip());
            } catch (IllegalArgumentException badLocation) {
              return Ended.finalOutcome(Outcome.ERROR, null, "HTTP " + status + " to an unusable Location: " + location);
            }
            continue;
          }
          if (status == 404) return Ended.finalOutcome(Outcome.NOT_FOUND, null, null);
          if (status < 200 || status >= 300) {
            String error = "HTTP " + status + " " + reason(status);
            if (!FetchFailures.TRANSIENT_STATUSES.contains(status)) return Ended.finalOutcome(Outcome.ERROR, null, error);
            Duration retryAfter = response.headers().firstValue("Retry-After").map(value -> RetryAfter.parse(value, Instant.now())).orElse(null);
            return Ended.transientFailure(error, retryAfter);
          }
          if (handler.tooLarge != null) return Ended.finalOutcome(Outcome.ERROR, null, tooLarge(handler.tooLarge));
          byte[] body;
          try {
            body = BlockingDecoding.body(response.body(), response.headers().firstValue("Content-Encoding").orElse(null),
                fetch.request().decode(), fetch.maxBodySize());
          } catch (BlockingDecoding.Refused refused) {
            return Ended.finalOutcome(Outcome.ERROR, null, refused.getMessage());
          }
          if (body.length > fetch.maxBodySize()) return Ended.finalOutcome(Outcome.ERROR, null, tooLarge("more arrived"));
          if (System.nanoTime() > deadline) return Ended.transientFailure(requestTookTooLong(), null);
          bodyDoneMs = clock.millis();
          return save(body);
        }
      } catch (HttpTimeoutException e) {
        return Ended.transientFailure(System.nanoTime() >= deadline ? requestTookTooLong()
            : "no response after " + millis(fetch.responseTimeout()), null);
      } catch (IOException e) {
        return Ended.transientFailure(reason(e), null);
      } catch (IllegalArgumentException e) {
        return Ended.finalOutcome(Outcome.ERROR, null, "unusable URL: " + reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Ended.finalOutcome(Outcome.CANCELLED, null, "cut off while waiting for the response");
      }
    }

    /**
     * A GET that waits for the response headers at most response-timeout, and never past the attempt's
     * request-timeout (the JDK's own timeout covers the wait for the headers; the body is checked after).
     */
    private HttpResponse<byte[]> send(URI uri, long deadline, HeadersTimed handler) throws IOException, InterruptedException {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new HttpTimeoutException("no time left");
      Duration timeout = Duration.ofNanos(Math.min(left, fetch.responseTimeout().toNanos()));
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout);
      headers.of(item, uri.toString()).forEach(header -> request.header(header.name(), header.value()));
      return client.send(request.build(), handler);
    }

    private Ended save(byte[] body) {
      try {
        // The pipeline's last check before a file is created: a plain name, or a path of them, inside the output dir.
        Path target = OutputDir.resolveInside(outputDir, item.fileName());
        OutputDir.createFolders(outputDir, item.fileName());
        return Ended.finalOutcome(Outcome.OK, new Saved(target, AtomicFile.write(target, ByteString.fromArrayUnsafe(body), fsync)), null);
      } catch (IOException | RuntimeException e) {
        return Ended.finalOutcome(Outcome.ERROR, null, "write failed: " + reason(e));
      }
    }

    private String requestTookTooLong() {
      return "request took longer than " + millis(fetch.requestTimeout());
    }

    private ItemResult finish(Outcome outcome, Saved saved, String error) {
      double doneMs = clock.millis();
      attempts.add(new Attempt(attempt, attemptStartedMs, firstByteMs, doneMs, status, error, null));
      Timings timings = new Timings(JobClock.QUEUED_MS, startedMs, firstByteMs, bodyDoneMs, doneMs);
      return new ItemResult(item.index(), item.url(), outcome, status,
          saved == null ? 0 : saved.written().bytes(),
          saved == null ? null : saved.written().sha256(),
          saved == null ? null : saved.path().toString(),
          error,
          saved == null ? null : Thread.currentThread().getName(),
          timings, attempts, item.nameNote());
    }
  }

  /**
   * Notes when the status line and headers arrived (the JDK calls the handler then), and keeps the body only for 2xx
   * within max-body-size: redirects, errors and a declared-too-large body are read and dropped, so the connection
   * can be reused.
   */
  private final class HeadersTimed implements HttpResponse.BodyHandler<byte[]> {
    private volatile Double atMs;
    private volatile String tooLarge;

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      atMs = clock.millis();
      if (info.statusCode() < 200 || info.statusCode() >= 300) return HttpResponse.BodySubscribers.replacing(null);
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > fetch.maxBodySize()) {
        tooLarge = "Content-Length is " + declared;
        return HttpResponse.BodySubscribers.replacing(null);
      }
      return HttpResponse.BodySubscribers.ofByteArray();
    }
  }

  private String tooLarge(String detail) {
    return "body larger than fetch.max-body-size (" + fetch.maxBodySize() + " bytes): " + detail;
  }

  private static String millis(Duration duration) {
    return Durations.words(duration);
  }

  /** The reason phrase the pipeline's error texts carry (the JDK client does not expose the server's). */
  private static String reason(int status) {
    return StatusCodes.lookup(status).map(StatusCode::reason).orElse("");
  }

  /**
   * One line, worded like the pipeline's: "connection failed: ..." when the connection could not be opened (the JDK
   * says less than Pekko: a refused connection is a ConnectException with no message), else the first failure in the
   * chain that has a message, as class and message.
   */
  static String reason(Throwable failure) {
    for (Throwable link = failure; link != null; link = link.getCause() == link ? null : link.getCause()) {
      if (link instanceof ConnectException || link instanceof java.net.UnknownHostException) {
        return "connection failed: " + PlainWords.of(link);
      }
    }
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) cause = cause.getCause();
    return PlainWords.of(cause);
  }
}
