package dev.fetchpipe.pipeline;

import java.time.Duration;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One body's bytes held to its job's byte rates ({@link BodyBytes}): each chunk books its bytes and is passed on when
 * its turn comes. While a chunk waits the stage asks for no more, so Pekko reads no more from the socket and TCP slows
 * the server down; nothing piles up in memory.
 *
 * <p>Why not Pekko's {@code throttle}: its rate is fixed when the stream starts and is its own, where a job's rate is
 * shared by every body and changes while bodies arrive. And why its own idle timeout: Pekko's {@code idleTimeout}
 * counts time held back by the rate as idle; this one counts only the time the server is asked for bytes and sends
 * none, which is what fetch.idle-timeout means.
 */
final class PacedBody extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final String RELEASE = "release";
  private static final String IDLE = "idle";
  /** A wait this short is not worth a timer. */
  private static final long PASS_NOW_NANOS = 1_000_000L;

  private final Inlet<ByteString> in = Inlet.create("PacedBody.in");
  private final Outlet<ByteString> out = Outlet.create("PacedBody.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final BodyBytes bytes;
  private final Duration idleTimeout;

  PacedBody(BodyBytes bytes, Duration idleTimeout) {
    this.bytes = bytes;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private final ByteBudget own = bytes.urlBudget();
      /** A chunk waiting for its turn, or null. */
      private ByteString held;
      private boolean upstreamDone;
      /** When the server was last asked for bytes and has sent none since; -1 when not asked. */
      private long askedAt = -1;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            askedAt = -1;
            ByteString chunk = grab(in);
            long wait = bytes.book(chunk.size(), own);
            if (wait < PASS_NOW_NANOS) {
              push(out, chunk);
            } else {
              held = chunk;
              scheduleOnce(RELEASE, Duration.ofNanos(wait));
            }
          }

          @Override
          public void onUpstreamFinish() {
            upstreamDone = true;
            if (held == null) completeStage();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            askedAt = System.nanoTime();
            pull(in);
          }
        });
      }

      @Override
      public void preStart() {
        // Pekko's idleTimeout checks as often: an eighth of the timeout, at least every 100 ms, at most the timeout.
        Duration every = idleTimeout.dividedBy(8);
        if (every.compareTo(Duration.ofMillis(100)) < 0) every = Duration.ofMillis(100);
        if (every.compareTo(idleTimeout) > 0) every = idleTimeout;
        scheduleWithFixedDelay(IDLE, every, every);
      }

      @Override
      public void onTimer(Object key) {
        if (RELEASE.equals(key)) {
          ByteString chunk = held;
          held = null;
          push(out, chunk);
          if (upstreamDone) completeStage();
        } else if (askedAt >= 0 && System.nanoTime() - askedAt > idleTimeout.toNanos()) {
          failStage(new StreamIdleTimeoutException("No elements passed in the last " + idleTimeout.toMillis() + " ms."));
        }
      }
    };
  }
}
