package dev.fetchpipe.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Reads small bodies of unknown size (chunked ones) whole into memory: every one of the actor system's, each a
 * substream of one long-lived stream. Read with a runWith of its own, each body was a stream of its own, and Pekko runs
 * each stream in an actor of its own: one spawned, set up and stopped for every small body. Here the one stream's
 * actor runs them all, which costs measurably less for jobs of many small chunked bodies.
 *
 * <p>A body is cut off when it goes idle for the idle timeout, when its kill switch is pulled, or when it outgrows its
 * limit; its answer then fails as a stream of its own would (StreamIdleTimeoutException, the switch's cause,
 * StreamLimitReachedException), and no other body is touched. Should the stream itself end all the same (a bug), the
 * next body starts a new one.
 */
final class BodyCollector implements Extension {
  /** Bodies waiting for the stream to take them: far more than a burst of answers brings at once. */
  private static final int QUEUE = 65_536;
  /** Bodies read at once: more than any job ever has in flight, so that none waits behind a slow one. */
  private static final int AT_ONCE = 100_000;

  /** A body being read, and how to cut it off. */
  record Reading(KillSwitch killSwitch, CompletionStage<ByteString> body) {}

  private record Body(Source<ByteString, ?> data, Duration idleTimeout, long limit, SharedKillSwitch killSwitch,
      CompletableFuture<ByteString> whenRead) {}

  private static final ExtensionId<BodyCollector> ID = new ExtensionId<>() {
    @Override
    public BodyCollector createExtension(ActorSystem<?> system) {
      return new BodyCollector(Materializer.matFromSystem(system));
    }
  };

  static BodyCollector get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  private final Materializer materializer;
  private volatile BoundedSourceQueue<Body> bodies;

  private BodyCollector(Materializer materializer) {
    this.materializer = materializer;
    this.bodies = start();
  }

  private BoundedSourceQueue<Body> start() {
    return Source.<Body>queue(QUEUE)
        .flatMapMerge(AT_ONCE, BodyCollector::read)
        .to(Sink.ignore())
        .run(materializer);
  }

  /** Starts reading {@code data}, at most {@code limit} bytes of it; a null idle timeout is counted by {@code data}. */
  Reading read(Source<ByteString, ?> data, Duration idleTimeout, long limit) {
    SharedKillSwitch killSwitch = KillSwitches.shared("body");
    CompletableFuture<ByteString> whenRead = new CompletableFuture<>();
    Body body = new Body(data, idleTimeout, limit, killSwitch, whenRead);
    BoundedSourceQueue<Body> queue = bodies;
    QueueOfferResult offered = queue.offer(body);
    boolean ended = offered == QueueOfferResult.closed() || offered instanceof QueueOfferResult.Failure;
    if (ended && !materializer.isShutdown()) {
      // The stream ended, which no body's failure should make it do: a new one, rather than no more bodies ever.
      offered = restarted(queue).offer(body);
    }
    if (offered != QueueOfferResult.enqueued()) {
      whenRead.completeExceptionally(new IllegalStateException("the body reader is full or stopped: " + offered));
    }
    return new Reading(killSwitch, whenRead);
  }

  /** A new stream in place of {@code closed}, unless another thread has made one already. */
  private synchronized BoundedSourceQueue<Body> restarted(BoundedSourceQueue<Body> closed) {
    if (bodies == closed) bodies = start();
    return bodies;
  }

  /** One body's substream: it ends either way without failing the stream, and its answer says how it went. */
  private static Source<ByteString, ?> read(Body body) {
    Source<ByteString, ?> data = body.idleTimeout() == null ? body.data() : body.data().idleTimeout(body.idleTimeout());
    return data
        .via(body.killSwitch().flow())
        .limitWeighted(body.limit(), chunk -> (long) chunk.size())
        .fold(ByteString.emptyByteString(), ByteString::concat)
        .map(bytes -> {
          body.whenRead().complete(bytes);
          return bytes;
        })
        .recover(new PFBuilder<Throwable, ByteString>()
            .match(Throwable.class, failure -> {
              body.whenRead().completeExceptionally(failure);
              return ByteString.emptyByteString();
            })
            .build());
  }
}
