package dev.fetchpipe.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One connection's bytes, both ways, under the switch that is current when the connection is opened
 * ({@link FetcherConnections}): pulling that switch fails the connection at once, both ways, as Pekko's shared kill
 * switch would. Pekko's switch is fixed when the flow is built, and the pool builds its connection flow once; picking
 * the current one at each connection with Pekko's own stages took a nested stream per connection, whose every byte
 * then crossed two more stages each way: a tenth of a job's CPU on many small files, by JFR.
 */
final class ConnectionSwitch extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {

  /** One switch: the connections opened under it, and why it was pulled once it is. */
  static final class Switch {
    private final Set<AsyncCallback<Throwable>> connections = ConcurrentHashMap.newKeySet();
    private volatile Throwable pulled;

    /** Fails every connection opened under this switch, and any opened under it from now on. */
    void abort(Throwable why) {
      pulled = why;
      connections.forEach(connection -> connection.invoke(why));
    }

    private void opened(AsyncCallback<Throwable> connection) {
      connections.add(connection);
      // Pulled while this one was being added: it may have been missed by abort's loop, so it fails itself.
      Throwable why = pulled;
      if (why != null) connection.invoke(why);
    }

    private void closed(AsyncCallback<Throwable> connection) {
      connections.remove(connection);
    }
  }

  private final Inlet<ByteString> fromClient = Inlet.create("ConnectionSwitch.fromClient");
  private final Outlet<ByteString> toServer = Outlet.create("ConnectionSwitch.toServer");
  private final Inlet<ByteString> fromServer = Inlet.create("ConnectionSwitch.fromServer");
  private final Outlet<ByteString> toClient = Outlet.create("ConnectionSwitch.toClient");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromClient, toServer, fromServer, toClient);
  private final Supplier<Switch> current;

  /** @param current the switch a connection opened now goes under */
  ConnectionSwitch(Supplier<Switch> current) {
    this.current = current;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    Switch under = current.get();
    return new GraphStageLogic(shape) {
      private AsyncCallback<Throwable> pulled;

      {
        passAlong(fromClient, toServer);
        passAlong(fromServer, toClient);
      }

      /** {@code in} to {@code out} as they are; each direction ends on its own, as a connection's two halves do. */
      private void passAlong(Inlet<ByteString> in, Outlet<ByteString> out) {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            push(out, grab(in));
          }

          @Override
          public void onUpstreamFinish() {
            complete(out);
          }

          @Override
          public void onUpstreamFailure(Throwable failure) {
            fail(out, failure);
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(in, cause);
          }
        });
      }

      @Override
      public void preStart() {
        pulled = createAsyncCallback(this::failStage);
        under.opened(pulled);
      }

      @Override
      public void postStop() {
        under.closed(pulled);
      }
    };
  }
}
