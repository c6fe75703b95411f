package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * What the sequential and threads engines do for each URL, on the calling thread: a blocking
 * {@link HttpClient#send}, redirects followed by hand (up to max-redirects, as the pipeline's Fetcher does), the body
 * saved whole with {@link WholeFile}. Outcomes, error texts and timings mean what they mean in the pipeline's report,
 * so the three engines' reports can be read (and drawn) side by side.
 */
final class BlockingDownloader {
  private final HttpClient client;
  private final FetchSettings fetch;
  private final Path outputDir;
  private final boolean fsync;
  private final JobClock clock;

  BlockingDownloader(HttpClient client, FetchSettings fetch, Path outputDir, boolean fsync, JobClock clock) {
    this.client = client;
    this.fetch = fetch;
    this.outputDir = outputDir;
    this.fsync = fsync;
    this.clock = clock;
  }

  /** Fetches and saves one URL; never throws for anything the URL or the network does. */
  ItemResult download(JobItem item) {
    return new Download(item).run();
  }

  /** One URL's state while it is fetched: the Fetcher actor's fields, on one thread's stack. */
  private final class Download {
    private final JobItem item;
    private final double startedMs = clock.millis();
    private final long deadlineNanos = System.nanoTime() + fetch.requestTimeout().toNanos();
    private Double firstByteMs;
    private Double bodyDoneMs;
    private Integer status;
    private int redirects;

    Download(JobItem item) {
      this.item = item;
    }

    ItemResult run() {
      if (!item.fetchable()) {
        return ItemResult.withoutRequest(item.index(), item.url(), Outcome.ERROR, item.problem(),
            new Timings(JobClock.QUEUED_MS, null, null, null, clock.millis()));
      }
      try {
        URI current = URI.create(item.url().strip());
        while (true) {
          HeadersTimed handler = new HeadersTimed();
          HttpResponse<byte[]> response = client.send(request(current), handler);
          if (firstByteMs == null) firstByteMs = handler.atMs;
          status = response.statusCode();
          if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) return error("HTTP " + status + " without a Location header");
            if (redirects >= fetch.maxRedirects()) return error("more than " + fetch.maxRedirects() + " redirects");
            redirects++;
            try {
              current = current.resolve(location.strip());
            } catch (IllegalArgumentException badLocation) {
              return error("HTTP " + status + " to an unusable Location: " + location);
            }
            continue;
          }
          if (status == 404) return finish(Outcome.NOT_FOUND, null, null);
          if (status < 200 || status >= 300) return error("HTTP " + status + " " + reason(status));
          bodyDoneMs = clock.millis();
          // The JDK's timeout covers the wait for the response headers; the pipeline's covers the body too.
          if (System.nanoTime() > deadlineNanos) return timedOut();
          return save(response.body());
        }
      } catch (HttpTimeoutException e) {
        return timedOut();
      } catch (IOException | IllegalArgumentException e) {
        return error(reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return finish(Outcome.CANCELLED, null, "interrupted while waiting for the response");
      }
    }

    /** HTTP/1.1 GET with what is left of the URL's time; redirects share one budget, as in the pipeline. */
    private HttpRequest request(URI uri) throws HttpTimeoutException {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) throw new HttpTimeoutException("no time left");
      return HttpRequest.newBuilder(uri).GET().timeout(Duration.ofNanos(left)).build();
    }

    private ItemResult save(byte[] body) {
      Path target = outputDir.resolve(item.fileName());
      try {
        return finish(Outcome.OK, new Saved(target, WholeFile.write(target, body, fsync)), null);
      } catch (IOException | RuntimeException e) {
        return error("write failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    private ItemResult timedOut() {
      return error("timed out after " + fetch.requestTimeout().toMillis() + " ms");
    }

    private ItemResult error(String why) {
      return finish(Outcome.ERROR, null, why);
    }

    private ItemResult finish(Outcome outcome, Saved saved, String error) {
      double doneMs = clock.millis();
      Timings timings = new Timings(JobClock.QUEUED_MS, startedMs, firstByteMs, bodyDoneMs, doneMs);
      // One attempt: these engines never retry (redirect hops belong to the same attempt, as in the pipeline).
      Attempt attempt = new Attempt(1, startedMs, firstByteMs, bodyDoneMs != null ? bodyDoneMs : doneMs, status,
          outcome == Outcome.OK || outcome == Outcome.NOT_FOUND ? null : error, null);
      return new ItemResult(item.index(), item.url(), outcome, status,
          saved == null ? 0 : saved.written().bytes(),
          saved == null ? null : saved.written().sha256(),
          saved == null ? null : saved.path().toString(),
          error,
          saved == null ? null : Thread.currentThread().getName(),
          timings, List.of(attempt), null);
    }
  }

  private record Saved(Path path, WholeFile.Written written) {}

  /**
   * Notes when the status line and headers arrived (the JDK calls the handler then), and keeps the body only for 2xx:
   * redirects and errors are read and dropped, so their connection can be reused.
   */
  private final class HeadersTimed implements HttpResponse.BodyHandler<byte[]> {
    private volatile Double atMs;

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      atMs = clock.millis();
      boolean ok = info.statusCode() >= 200 && info.statusCode() < 300;
      return ok ? HttpResponse.BodySubscribers.ofByteArray() : HttpResponse.BodySubscribers.replacing(null);
    }
  }

  /** The reason phrase the pipeline's error texts carry (the JDK client does not expose the server's). */
  private static String reason(int status) {
    return StatusCodes.lookup(status).map(StatusCode::reason).orElse("");
  }

  /** One line: the failure's class and message, as the pipeline's Fetcher words it. */
  static String reason(Throwable failure) {
    String message = failure.getMessage();
    String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.replaceAll("\\s+", " ").strip();
  }
}
