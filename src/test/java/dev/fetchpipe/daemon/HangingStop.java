package dev.fetchpipe.daemon;

import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.Props;

/**
 * An extension (loaded by {@code pekko.extensions}) whose system actor's stop blocks until {@link #RELEASE}: an actor
 * system whose end hangs after CoordinatedShutdown's last phase, as a daemon's was seen to now and then.
 */
public final class HangingStop extends AbstractExtensionId<HangingStop.Loaded> {
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** What the extension is: the blocking actor is its only effect. */
  public static final class Loaded implements Extension {}

  @Override
  public Loaded createExtension(ExtendedActorSystem system) {
    system.systemActorOf(Props.create(Blocking.class), "hanging-stop");
    return new Loaded();
  }

  static final class Blocking extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder().build();
    }

    @Override
    public void postStop() throws InterruptedException {
      RELEASE.await();
    }
  }
}
