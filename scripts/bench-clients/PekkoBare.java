import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * scripts/bench's "pekko-bare" client: the job done with nothing but fetchpipe's own stack, Pekko HTTP's client on
 * the same JVM with the same flags and a class-data archive of its own. It has none of what fetchpipe adds (no
 * actors of its own, retries, journal, SHA-256 or atomic writes), so its time is the floor under fetchpipe's on
 * this stack: the gap between the two is what fetchpipe's own work costs; the gap below it is the stack's.
 *
 * <p>It is the Pekko twin of the bench's Python asyncio client: a bounded number of requests in flight
 * ({@code mapAsyncUnordered} where Python has a semaphore), each body read whole, then written by a small thread
 * pool ({@code asyncio.to_thread} there).
 *
 * <p>usage: java -cp 'target/lib/*:DIR' PekkoBare URLS OUT CONCURRENCY; exit status 1 when any URL failed.
 */
public final class PekkoBare {
  public static void main(String[] args) throws Exception {
    List<String> urls = Files.readAllLines(Path.of(args[0])).stream().filter(line -> !line.isBlank()).toList();
    Path out = Files.createDirectories(Path.of(args[1]));
    int concurrency = Integer.parseInt(args[2]);
    // Pekko HTTP queues at most max-open-requests (a power of two) per host: room for every request in flight.
    Config config = ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.http.host-connection-pool.max-connections = %d
        pekko.http.host-connection-pool.max-open-requests = %d
        """.formatted(concurrency, Integer.highestOneBit(concurrency) * 2)).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pekko-bare", config);
    ExecutorService writers = Executors.newFixedThreadPool(4);
    Http http = Http.get(system);
    long failed;
    try {
      failed = Source.from(IntStream.range(0, urls.size()).boxed().toList())
          .mapAsyncUnordered(concurrency, i -> http.singleRequest(HttpRequest.GET(urls.get(i)))
              .thenCompose(response -> response.entity().toStrict(60_000, system)
                  .thenCompose(body -> response.status().isSuccess()
                      ? CompletableFuture.supplyAsync(() -> save(out.resolve("%07d".formatted(i)), body.getData().toArray()), writers)
                      : CompletableFuture.completedFuture(false)))
              .exceptionally(failure -> false))
          .filter(saved -> !saved)
          .runWith(Sink.fold(0L, (count, ignored) -> count + 1), system)
          .toCompletableFuture().get();
    } finally {
      // Their threads would keep the JVM alive, so they go whatever happened.
      writers.shutdown();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
    if (failed > 0) {
      System.err.println("pekko-bare: " + failed + " of " + urls.size() + " URLs failed");
      System.exit(1);
    }
  }

  private static boolean save(Path file, byte[] body) {
    try {
      Files.write(file, body);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
