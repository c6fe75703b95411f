package dev.fetchpipe.origin;

import dev.fetchpipe.config.OriginSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * origin.rate-per-client: each client IP address gets its own bandwidth, shared by every response it is sent at once
 * (over any number of connections), so one client is bandwidth-bound and clients on other addresses are not slowed.
 *
 * <p>Pekko's {@code throttle} keeps its token bucket inside one materialized stream, and a client's responses are many
 * streams. So each address has one long-running stream of its own, a {@link MergeHub} into a {@code throttle}, and
 * every response body from that address sends its pieces through it: a piece goes on to the client only once it has
 * passed the address's throttle. Bodies are cut into small pieces first, so that responses running side by side take
 * turns at fine grain instead of one whole chunk each; the bytes and their order are unchanged.
 *
 * <p>An address's stream lives as long as the origin's actor system: a test origin sees a handful of addresses.
 */
final class ClientRates {

  // Small enough that a client's parallel responses interleave finely and the first bytes come soon; large enough
  // that a piece's trip through the hub costs little next to its bytes.
  private static final int LARGEST_PIECE = 16 * 1024;

  private final long bytesPerSecond;
  private final int piece;
  private final int burst;
  private final Materializer materializer;
  private final ConcurrentHashMap<String, Sink<Grant, NotUsed>> buckets = new ConcurrentHashMap<>();

  /** A piece of a body waiting for its turn; {@code passed} completes when the address's throttle lets it through. */
  private record Grant(ByteString piece, CompletableFuture<ByteString> passed) {}

  /**
   * @param bytesPerSecond each address's rate, at most {@link Integer#MAX_VALUE} (the throttle counts in ints), or
   *                       {@link OriginSettings#UNLIMITED} to pass every body through as it is
   */
  ClientRates(long bytesPerSecond, Materializer materializer) {
    if (bytesPerSecond < 0 || bytesPerSecond > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rate out of range: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    // At least 16 pieces a second, so a slow rate is still smooth rather than one burst a second.
    this.piece = (int) Math.max(1, Math.min(LARGEST_PIECE, bytesPerSecond / 16));
    // A tenth of a second's bytes may pass at once. The throttle waits on Pekko's scheduler, which fires up to a tick
    // (10 ms) late; a bucket of one piece would drop the bytes earned while late (a quarter of the rate at 1MiB/s),
    // a larger one keeps them for the next pieces, so the rate over a second is the one configured.
    this.burst = (int) Math.max(piece, bytesPerSecond / 10);
    this.materializer = materializer;
  }

  boolean limited() {
    return bytesPerSecond != OriginSettings.UNLIMITED;
  }

  /** The same bytes, let through no faster than the address's rate, shared with its other responses. */
  <M> Source<ByteString, M> limit(String address, Source<ByteString, M> data) {
    if (!limited()) {
      return data;
    }
    Sink<Grant, NotUsed> bucket = buckets.computeIfAbsent(address, a -> newBucket());
    return data
        .mapConcat(this::pieces)
        .map(bytes -> new Grant(bytes, new CompletableFuture<>()))
        // One piece at a time per response waits in the hub: mapAsync(1) asks for the next only once this one passed.
        .alsoTo(bucket)
        .mapAsync(1, Grant::passed);
  }

  private Sink<Grant, NotUsed> newBucket() {
    return MergeHub.of(Grant.class)
        .throttle((int) bytesPerSecond, Duration.ofSeconds(1), burst, grant -> grant.piece().size(), ThrottleMode.shaping())
        .to(Sink.foreach(grant -> grant.passed().complete(grant.piece())))
        .run(materializer);
  }

  private List<ByteString> pieces(ByteString bytes) {
    List<ByteString> pieces = new ArrayList<>(bytes.size() / piece + 1);
    for (int from = 0; from < bytes.size(); from += piece) {
      pieces.add(bytes.slice(from, Math.min(bytes.size(), from + piece)));
    }
    return pieces;
  }
}
