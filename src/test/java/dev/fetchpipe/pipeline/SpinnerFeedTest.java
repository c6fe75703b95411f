package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SpinnerFeedTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<Spinner.Command> spinner = KIT.createTestProbe();
  private final List<Duration> scheduled = new ArrayList<>();
  private int saved;
  private final SpinnerFeed feed = new SpinnerFeed(spinner.getRef(), JobClock.startNow(),
      () -> new Spinner.Progress(saved, 0, 0, 1), scheduled::add);

  @Test
  void theFirstChangeIsToldAtOnceAndChangesSoonAfterWaitForOneDueCall() {
    saved = 1;
    feed.changed();
    assertEquals(new Spinner.Progress(1, 0, 0, 1), spinner.receiveMessage());
    saved = 2;
    feed.changed();
    saved = 3;
    feed.changed();
    spinner.expectNoMessage(Duration.ofMillis(50));
    assertEquals(1, scheduled.size(), "one call to due is scheduled, however many changes come meanwhile");
    assertTrue(scheduled.get(0).toMillis() <= SpinnerFeed.EVERY_MS, scheduled.toString());
    feed.due();
    assertEquals(new Spinner.Progress(3, 0, 0, 1), spinner.receiveMessage(), "the latest counts");
  }

  @Test
  void theEndTellsTheLastCountsAndStopsTheSpinnerOnce() {
    saved = 5;
    feed.finish();
    assertEquals(new Spinner.Progress(5, 0, 0, 1), spinner.receiveMessage());
    assertEquals(Spinner.Stop.INSTANCE, spinner.receiveMessage());
    feed.finish();
    feed.changed();
    feed.due();
    spinner.expectNoMessage(Duration.ofMillis(50));
  }
}
