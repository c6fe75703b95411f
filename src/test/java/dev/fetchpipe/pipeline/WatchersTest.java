package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Counts;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WatchersTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final JobStatus STATUS = new JobStatus(JobStatus.State.RUNNING, "site", "out", 10,
      new Counts(1, 0, 0, 0, 0, 0, 0), 2, 0, 7, 100, 1.0, 1000, null, null);
  private static final JobEvent.Progress PROGRESS = new JobEvent.Progress(STATUS, 2048);

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<JobEvent> record = KIT.createTestProbe();
  private final TestProbe<JobEvent> display = KIT.createTestProbe();
  private final Watchers watchers = new Watchers(List.of(Watcher.ofStatus(record.getRef()),
      new Watcher(display.getRef(), Watcher.Pace.display(Duration.ofMillis(100)), false)));

  @Test
  void everyWatcherHearsEachEventAtOnce() {
    JobEvent cancelling = new JobEvent.Cancelling(CancelSource.REQUEST, "enough", 2, Duration.ofSeconds(5));
    watchers.tell(cancelling);
    assertEquals(cancelling, record.receiveMessage());
    assertEquals(cancelling, display.receiveMessage());
  }

  @Test
  void onlyAWatcherThatKeepsARecordOfEachUrlHearsEachUrlsEnd() {
    JobEvent ended = new JobEvent.ItemEnded(dev.fetchpipe.report.JobReportTest.result(0, dev.fetchpipe.report.Outcome.OK));
    watchers.tell(ended);
    assertEquals(ended, record.receiveMessage());
    display.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aRecordHearsTheStatusOnATickOnlyWhenSomethingChangedAndWhileTheJobIsLive() {
    watchers.changed();
    watchers.due(0, true, () -> PROGRESS);
    assertEquals(PROGRESS, record.receiveMessage());
    watchers.due(0, true, () -> PROGRESS);
    record.expectNoMessage(Duration.ofMillis(50));
    watchers.changed();
    watchers.due(0, false, () -> PROGRESS);
    record.expectNoMessage(Duration.ofMillis(50));
    watchers.due(0, true, () -> PROGRESS);
    assertEquals(PROGRESS, record.receiveMessage(), "the change waited for a tick that was live");
  }

  @Test
  void aDisplayHearsTheProgressOnEachTickChangedOrNotWhileTheJobIsLive() {
    watchers.due(1, true, () -> PROGRESS);
    watchers.due(1, true, () -> PROGRESS);
    assertEquals(PROGRESS, display.receiveMessage());
    assertEquals(PROGRESS, display.receiveMessage(), "time and bytes move on even when no URL ended");
    watchers.due(1, false, () -> PROGRESS);
    display.expectNoMessage(Duration.ofMillis(50));
    record.expectNoMessage(Duration.ofMillis(10));
  }

  @Test
  void eachWatcherWithAPaceGetsItsOwnTimerAndOneWithoutNone() {
    TestProbe<Integer> ticks = KIT.createTestProbe();
    Watchers paced = new Watchers(List.of(new Watcher(record.getRef(), Watcher.Pace.display(Duration.ofMillis(30)), false),
        new Watcher(display.getRef(), Watcher.Pace.NONE, false)));
    Behavior<Integer> owner = Behaviors.withTimers(timers -> {
      paced.startTimers(timers, number -> number);
      return Behaviors.receiveMessage(number -> {
        ticks.getRef().tell(number);
        return Behaviors.same();
      });
    });
    KIT.spawn(owner);
    assertEquals(List.of(0, 0, 0, 0), ticks.receiveSeveralMessages(4), "one repeating timer, for the first only");
  }

  @Test
  void nobodyWatchingIsToldNothing() {
    Watchers nobody = new Watchers(List.of());
    nobody.tell(new JobEvent.Cancelling(CancelSource.REQUEST, "enough", 0, Duration.ZERO));
    nobody.changed();
  }
}
