package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchSettings;
import java.net.http.HttpClient;

/**
 * The JDK HTTP client the sequential and threads engines share within one run (a new one per run, so no engine
 * starts with another's open connections), set up so that the client is never what the comparison measures:
 * <ul>
 *   <li>HTTP/1.1, forced. The origin speaks HTTP/1.1, as does the pipeline's Pekko client; with the JDK's default
 *       (HTTP/2 preferred) every new plain-http connection would first offer an h2c upgrade.</li>
 *   <li>Its HTTP/1.1 connection pool has no per-host limit: each request in flight gets its own connection, idle ones
 *       are reused. N threads therefore really have N requests on the wire, as the pipeline has max-in-flight (its
 *       Pekko pool is sized to fit). Nothing queues inside the client.</li>
 *   <li>{@code send} blocks the calling thread until the body is in, which is the model under test; under the hood the
 *       client reads and writes sockets on its one selector thread. The short, non-blocking work it hands on after
 *       each read runs on that same thread ({@code executor(Runnable::run)}): its default executor, a cached pool,
 *       grew by some twenty threads with 194 threads in flight on this machine, which would blur the peak-threads
 *       column without making anything faster.</li>
 *   <li>Redirects are not followed by the client: {@link BlockingDownloader} follows them itself, counting
 *       max-redirects as the pipeline does.</li>
 * </ul>
 */
final class BlockingClient {
  private BlockingClient() {}

  static HttpClient create(FetchSettings fetch) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(fetch.connectTimeout())
        .executor(Runnable::run)
        .build();
  }
}
