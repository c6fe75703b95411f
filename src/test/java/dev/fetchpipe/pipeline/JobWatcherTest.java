package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fetchpipe.report.CancelSource;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobWatcherTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final JobStatus STATUS = new JobStatus(JobStatus.State.RUNNING, "site", "out", 10, 1, 1, 0, 0, 0, 0, 0,
      2, 0, 7, 100, 1.0, 1000, null, null);

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<JobEvent> probe = KIT.createTestProbe();
  private final JobWatcher watcher = new JobWatcher(probe.getRef());

  @Test
  void eventsAreToldAtOnceAndTheStatusOnATickOnlyWhenSomethingChanged() {
    JobEvent cancelling = new JobEvent.Cancelling(CancelSource.REQUEST, "enough", 2);
    watcher.tell(cancelling);
    assertEquals(cancelling, probe.receiveMessage());
    watcher.tick(true, () -> STATUS);
    assertEquals(new JobEvent.Progress(STATUS), probe.receiveMessage());
    watcher.tick(true, () -> STATUS);
    probe.expectNoMessage(Duration.ofMillis(50));
    watcher.changed();
    watcher.tick(false, () -> STATUS);
    probe.expectNoMessage(Duration.ofMillis(50));
    watcher.tick(true, () -> STATUS);
    assertEquals(new JobEvent.Progress(STATUS), probe.receiveMessage(), "the change waited for a tick that was live");
  }

  @Test
  void nobodyWatchingIsToldNothing() {
    JobWatcher nobody = new JobWatcher(null);
    assertFalse(nobody.exists());
    nobody.tell(new JobEvent.Cancelling(CancelSource.REQUEST, "enough", 0));
    nobody.tick(true, () -> STATUS);
  }
}
