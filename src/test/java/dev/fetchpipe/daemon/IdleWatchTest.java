package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.CancelSource;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A daemon run started stops once it has had no job, no event stream and no request for its idle timeout. */
class IdleWatchTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void withNothingGoingOnItStopsTheDaemonAfterTheTimeout() {
    TestProbe<JobRegistry.Command> registry = KIT.createTestProbe();
    KIT.spawn(IdleWatch.create(TIMEOUT, registry.getRef()));
    registry.expectNoMessage(Duration.ofMillis(200));
    assertEquals(new JobRegistry.Shutdown(CancelSource.TERMINATE), registry.expectMessageClass(JobRegistry.Shutdown.class));
  }

  @Test
  void aRunningJobOrAnOpenStreamKeepsItUpAndTheClockStartsWhenTheLastEnds() {
    TestProbe<JobRegistry.Command> registry = KIT.createTestProbe();
    ActorRef<IdleWatch.Command> idle = KIT.spawn(IdleWatch.create(TIMEOUT, registry.getRef()));
    idle.tell(new IdleWatch.Jobs(1));
    idle.tell(IdleWatch.Activity.STREAM_OPENED);
    registry.expectNoMessage(Duration.ofMillis(700));
    idle.tell(new IdleWatch.Jobs(0));
    registry.expectNoMessage(Duration.ofMillis(500));
    idle.tell(IdleWatch.Activity.STREAM_CLOSED);
    registry.expectNoMessage(Duration.ofMillis(200));
    registry.expectMessageClass(JobRegistry.Shutdown.class);
  }

  @Test
  void eachRequestStartsTheClockAgain() {
    TestProbe<JobRegistry.Command> registry = KIT.createTestProbe();
    // A second, and a request every tenth of one: the requests alone keep it up for longer than its timeout.
    Duration timeout = Duration.ofSeconds(1);
    ActorRef<IdleWatch.Command> idle = KIT.spawn(IdleWatch.create(timeout, registry.getRef()));
    long started = System.nanoTime();
    for (int i = 0; i < 15; i++) {
      registry.expectNoMessage(Duration.ofMillis(100));
      idle.tell(IdleWatch.Activity.REQUEST);
    }
    registry.expectMessageClass(JobRegistry.Shutdown.class);
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(1500).toNanos(), "up past its timeout, for the requests");
  }
}
