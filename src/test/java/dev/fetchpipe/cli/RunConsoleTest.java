package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.Console;
import dev.fetchpipe.console.ConsoleEvent;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.console.Summary;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobReportTest;
import dev.fetchpipe.report.JobStart;
import dev.fetchpipe.report.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** run's console: a watcher of a job's events that shows them as run prints a job, and stops at its end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunConsoleTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  private static final JobReport REPORT = JobReport.of("http://h/flags", 1, 100, null, JobReportTest.results(Outcome.OK));

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Everything printed so far, read safely while the console may still be writing. */
  private static final class Screen {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private static JobEvent.Progress progress(int ok, int failed, int skipped, int inFlight, int total, long received) {
    JobStatus status = new JobStatus(JobStatus.State.RUNNING, "http://h/flags", "out", total,
        new Counts(ok, 0, 0, 0, failed, 0, skipped), inFlight, 0, total - ok - failed - skipped - inFlight, 0, 0.0, 0, null,
        null);
    return new JobEvent.Progress(status, received);
  }

  private static JobEvent.Ended ended() {
    return new JobEvent.Ended(null, REPORT);
  }

  private ActorRef<JobEvent> console(ProgressStyle style, Screen screen) {
    return testKit.spawn(RunConsole.create(new Console(style, Duration.ZERO, screen.out)));
  }

  @Test
  void onATerminalEachProgressRedrawsTheLineWithTheBytesReceivedAndTheEndClearsItForTheSummary() {
    Screen screen = new Screen();
    ActorRef<JobEvent> console = console(ProgressStyle.SPINNER, screen);
    console.tell(progress(5, 1, 1, 3, 20, 2048));
    console.tell(progress(5, 1, 1, 3, 20, 2048));
    console.tell(ended());

    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectTerminated(console);
    String text = screen.text();
    assertTrue(text.startsWith("\r| 7/20 done (5 saved, 1 failed, 1 skipped), 3 in flight, 2.0 KiB"), text);
    assertTrue(text.contains("\r/ 7/20 done (5 saved, 1 failed, 1 skipped), 3 in flight, 2.0 KiB"), text);
    String drawn = text.substring(0, text.indexOf(Summary.footer(REPORT)));
    assertTrue(drawn.matches("(?s).*\r {10,}\r"), "the line is cleared before the summary: " + text);
    assertFalse(drawn.contains("\n"), "a spinner never starts a new line");
    assertTrue(text.endsWith(Summary.footer(REPORT)), text);
  }

  @Test
  void itStopsAtTheEndSoThatNothingIsDrawnAfterTheSummary() {
    Screen screen = new Screen();
    ActorRef<JobEvent> console = console(ProgressStyle.SPINNER, screen);
    console.tell(ended());
    console.tell(progress(1, 0, 0, 1, 1, 1));
    testKit.createTestProbe().expectTerminated(console);
    assertEquals(Summary.footer(REPORT), screen.text());
  }

  @Test
  void offATerminalEachProgressIsAPlainLineWithoutCarriageReturns() {
    Screen screen = new Screen();
    ActorRef<JobEvent> console = console(ProgressStyle.PLAIN, screen);
    console.tell(progress(2, 0, 0, 1, 5, 10));
    console.tell(ended());
    testKit.createTestProbe().expectTerminated(console);

    assertFalse(screen.text().contains("\r"), screen.text());
    assertTrue(screen.text().startsWith("progress: 2/5 done (2 saved), 1 in flight, 10 B, "), screen.text());
  }

  @Test
  void offDrawsNoProgressButTheHeaderAndTheSummary() {
    Screen screen = new Screen();
    ActorRef<JobEvent> console = console(ProgressStyle.OFF, screen);
    JobStart start = JobStart.ofCounts("http://h/flags", 5, 2, "out", 0);
    console.tell(new JobEvent.Started(start));
    console.tell(progress(1, 0, 0, 1, 5, 1));
    console.tell(ended());
    testKit.createTestProbe().expectTerminated(console);
    assertEquals(Summary.header(start) + Summary.footer(REPORT), screen.text());
  }

  @Test
  void aCancelIsAnnouncedAsRunNamesItsSource() {
    ConsoleEvent.Cancelling byCtrlC = (ConsoleEvent.Cancelling) RunConsole.of(
        new JobEvent.Cancelling(CancelSource.INTERRUPT, "", 4, Duration.ofSeconds(5)));
    assertEquals(new ConsoleEvent.Cancelling("Ctrl-C", 4, Duration.ofSeconds(5), "Ctrl-C again"), byCtrlC);
    ConsoleEvent.Cancelling byDeadline = (ConsoleEvent.Cancelling) RunConsole.of(
        new JobEvent.Cancelling(CancelSource.DEADLINE, "2 s passed", 1, Duration.ZERO));
    assertEquals(new ConsoleEvent.Cancelling("deadline: 2 s passed", 1, Duration.ZERO, "cancel again"), byDeadline);
    assertEquals(new ConsoleEvent.Resized(5.0, 3, 2, 1),
        RunConsole.of(new JobEvent.Resized(5.0, new JobLimits(3, 2, 1))));
    assertNull(RunConsole.of(new JobEvent.ItemEnded(REPORT.items().get(0))), "a URL's end shows in the counts only");
  }

  @Test
  void theWatcherForRunHearsTheProgressAtTheIntervalItDrawsAt() {
    var progress = new dev.fetchpipe.config.ProgressSettings(dev.fetchpipe.config.ProgressSettings.Style.AUTO,
        Duration.ofMillis(100), Duration.ofSeconds(2));
    PrintStream out = new Screen().out;
    assertEquals(Duration.ofMillis(100), RunConsole.watch(ProgressStyle.SPINNER, progress, out).pace().every());
    assertEquals(Duration.ofSeconds(2), RunConsole.watch(ProgressStyle.PLAIN, progress, out).pace().every());
    assertTrue(RunConsole.watch(ProgressStyle.PLAIN, progress, out).pace().evenUnchanged(), "the time moves on anyway");
    assertNull(RunConsole.watch(ProgressStyle.OFF, progress, out).pace().every());
    assertEquals(List.of("console"), List.of(RunConsole.watch(ProgressStyle.OFF, progress, out).name()));
  }
}
