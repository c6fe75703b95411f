package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpinnerTest {
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Everything printed so far, read safely while the spinner may still be writing. */
  private static final class Screen {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void onATerminalItRedrawsOneLineWithLiveCountsThenClearsItOnStop() {
    Screen screen = new Screen();
    ActorRef<Spinner.Command> spinner = testKit.spawn(
        Spinner.create(Spinner.Mode.SPINNER, Duration.ofMillis(10), 20, JobClock.startNow(), screen.out, () -> 2048));
    spinner.tell(new Spinner.Progress(5, 1, 1, 3));

    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(3), () -> {
      assertTrue(screen.text().contains("/ 7/20 done (5 saved, 1 failed, 1 skipped), 3 in flight, 2.0 KiB"), screen.text());
      return null;
    });
    spinner.tell(Spinner.Stop.INSTANCE);
    probe.expectTerminated(spinner);

    String text = screen.text();
    assertTrue(text.startsWith("\r| "), text);
    assertTrue(text.matches("(?s).*\r {10,}\r"), "the last thing drawn clears the line: " + text);
    assertFalse(text.contains("\n"), "a spinner never starts a new line");
  }

  @Test
  void printsNothingAfterStop() throws InterruptedException {
    Screen screen = new Screen();
    ActorRef<Spinner.Command> spinner = testKit.spawn(
        Spinner.create(Spinner.Mode.SPINNER, Duration.ofMillis(5), 1, JobClock.startNow(), screen.out, () -> 0));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      assertTrue(screen.text().length() > 0);
      return null;
    });
    spinner.tell(Spinner.Stop.INSTANCE);
    probe.expectTerminated(spinner);
    String atStop = screen.text();

    Thread.sleep(100); // twenty intervals: a timer that survived the stop would have drawn by now
    assertEquals(atStop, screen.text());
  }

  @Test
  void offATerminalItPrintsPlainLinesWithoutCarriageReturns() {
    Screen screen = new Screen();
    ActorRef<Spinner.Command> spinner = testKit.spawn(
        Spinner.create(Spinner.Mode.PLAIN, Duration.ofMillis(10), 5, JobClock.startNow(), screen.out, () -> 10));
    spinner.tell(new Spinner.Progress(2, 0, 0, 1));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      assertTrue(screen.text().lines().count() >= 2, screen.text());
      return null;
    });
    spinner.tell(Spinner.Stop.INSTANCE);
    probe.expectTerminated(spinner);

    assertFalse(screen.text().contains("\r"), screen.text());
    assertTrue(screen.text().startsWith("progress: 2/5 done (2 saved), 1 in flight, 10 B, "), screen.text());
  }

  @Test
  void offDrawsNothingAtAll() {
    Screen screen = new Screen();
    ActorRef<Spinner.Command> spinner = testKit.spawn(
        Spinner.create(Spinner.Mode.OFF, Duration.ofMillis(5), 5, JobClock.startNow(), screen.out, () -> 1));
    spinner.tell(new Spinner.Progress(1, 0, 0, 1));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectNoMessage(Duration.ofMillis(100));
    spinner.tell(Spinner.Stop.INSTANCE);
    probe.expectTerminated(spinner);
    assertEquals("", screen.text());
  }
}
