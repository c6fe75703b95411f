package dev.fetchpipe.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobReportTest;
import dev.fetchpipe.report.JobStart;
import dev.fetchpipe.report.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job drawn on the terminal from its events: what run and submit --wait both print. */
class ConsoleTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private static final JobReport REPORT = JobReport.of("http://h/flags", 2, 1500, null,
      JobReportTest.results(Outcome.OK, Outcome.NOT_FOUND));

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ConsoleEvent.Progress progress(int saved, int inFlight) {
    return new ConsoleEvent.Progress(saved, 0, 0, inFlight, 0, 20, 1024L * saved, 1000L * saved, 1000L * (20 - saved));
  }

  private static String line(ConsoleEvent.Progress p) {
    return ProgressText.line(p.saved(), p.failed(), p.skipped(), p.inFlight(), p.waitingToRetry(), p.total(), p.bytes(),
        p.elapsedMs(), p.msLeft());
  }

  @Test
  void theHeaderSaysWhatRunFoundBeforeItStarted() {
    new Console(ProgressStyle.OFF, Duration.ZERO, out).show(new ConsoleEvent.Started(
        new JobStart("http://h/flags", 4, 2, List.of("http://h/a"), 3, "out", 1, 2, 1)));

    assertEquals("Removed 1 temporary files an earlier run left behind.\n"
        + "Site: http://h/flags\n"
        + "Downloading 4 URLs into out\n"
        + "Listed more than once, fetched once: http://h/a (2 repeated lines left out)\n"
        + "Resuming: 1 file already complete from an earlier run is kept; 2 were changed or removed since, and will be"
        + " fetched again.\n"
        + "3 concurrent connections will be used.\n",
        printed());
  }

  @Test
  void aRerunWhoseUrlsChangedSaysSoAndNothingToFetchComesAfterTheResume() {
    new Console(ProgressStyle.OFF, Duration.ZERO, out).show(new ConsoleEvent.Started(new JobStart("http://h:2/flags", 20, 0,
        List.of(), 0, "out", 0, 0, 20, new JobStart.UrlChange("http://h:1/flags/cn.gif", "http://h:2/flags/cn.gif"), 0,
        false)));

    assertEquals("Site: http://h:2/flags\n"
        + "Downloading 20 URLs into out\n"
        + "An earlier run into this dir fetched other URLs (http://h:1/flags/cn.gif, now http://h:2/flags/cn.gif): 20"
        + " files it saved are fetched again from this job's URLs.\n"
        + "Nothing to fetch: no connection will be used.\n",
        printed());
  }

  @Test
  void aJobKnownByItsCountsHasTheHeaderItsCountsGive() {
    new Console(ProgressStyle.OFF, Duration.ZERO, out).show(new ConsoleEvent.Started(JobStart.ofCounts("s", 1, 1, "o", 0)));
    assertEquals("Site: s\nDownloading 1 URL into o\n1 connection will be used.\n", printed());
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceClearedForAnAnnouncementAndForTheSummary() {
    Console console = new Console(ProgressStyle.SPINNER, Duration.ZERO, out);
    ConsoleEvent.Progress first = progress(1, 5);
    ConsoleEvent.Progress second = progress(2, 1);
    ConsoleEvent.Progress third = progress(3, 0);

    console.show(first);
    console.show(second);
    console.show(new ConsoleEvent.Cancelling("Ctrl-C", 1, Duration.ofSeconds(5), "Ctrl-C again"));
    console.show(third);
    console.show(new ConsoleEvent.Ended(REPORT));

    int width = 2 + Math.max(line(first).length(), line(second).length());
    String expected = "\r| " + line(first)
        + "\r/ " + line(second) + " ".repeat(width - 2 - line(second).length())
        + "\r" + " ".repeat(width) + "\r" + "Cancelling (Ctrl-C): 1 in flight, waiting up to 5 s -- Ctrl-C again to abort now\n"
        + "\r- " + line(third) + "\r" + " ".repeat(2 + line(third).length()) + "\r"
        + Summary.footer(REPORT);
    assertEquals(expected, printed());
  }

  @Test
  void offATerminalPlainLinesComeAtMostOnceAnIntervalAndNoCarriageReturn() {
    Console paced = new Console(ProgressStyle.PLAIN, Duration.ofHours(1), out);
    paced.show(progress(1, 1));
    paced.show(new ConsoleEvent.Aborting("Ctrl-C again", 2));
    Console everyEvent = new Console(ProgressStyle.PLAIN, Duration.ZERO, out);
    everyEvent.show(progress(1, 1));
    everyEvent.show(new ConsoleEvent.Ended(REPORT));

    assertEquals("Aborting (Ctrl-C again): cutting off 2 in flight\nprogress: " + line(progress(1, 1)) + "\n"
        + Summary.footer(REPORT), printed());
  }

  @Test
  void offDrawsNoProgressButAnnouncementsStillShow() {
    Console console = new Console(ProgressStyle.OFF, Duration.ZERO, out);
    console.show(progress(1, 1));
    console.show(new ConsoleEvent.Resized(1000, 5, 5, 4));

    assertEquals("Resized at 1.00s: max-in-flight 5, max-per-host 5, writers 4\n", printed());
  }

  @Test
  void aPausedHostIsAnnouncedWithHowLongAndWhy() {
    Console console = new Console(ProgressStyle.OFF, Duration.ZERO, out);
    console.show(new ConsoleEvent.HostPaused(new dev.fetchpipe.report.HostPause("http://127.0.0.1:8001", 1200, 31_200,
        "HTTP 429 Too Many Requests, Retry-After 30 s")));

    assertEquals("Paused http://127.0.0.1:8001 at 1.20s for 30.0s: HTTP 429 Too Many Requests, Retry-After 30 s;"
        + " its URLs wait\n", printed());
  }

  @Test
  void aCancelSaysTheGraceWhenItIsKnown() {
    assertEquals("Cancelling (deadline: 300 ms passed): 2 in flight, no grace (cancel.grace = 0 s)",
        Console.cancelling(new ConsoleEvent.Cancelling("deadline: 300 ms passed", 2, Duration.ZERO, "cancel again")));
    assertEquals("Cancelling (request: enough): 3 in flight, waiting up to 250 ms -- cancel again to abort now",
        Console.cancelling(new ConsoleEvent.Cancelling("request: enough", 3, Duration.ofMillis(250), "cancel again")));
    assertEquals("Cancelling (Ctrl-C): 5 in flight -- Ctrl-C to abort now",
        Console.cancelling(new ConsoleEvent.Cancelling("Ctrl-C", 5, null, "Ctrl-C")));
  }

  @Test
  void nothingIsShownAfterTheSummary() {
    Console console = new Console(ProgressStyle.SPINNER, Duration.ZERO, out);
    console.show(new ConsoleEvent.Ended(REPORT));
    console.show(progress(1, 1));
    console.show(new ConsoleEvent.Aborting("late", 1));

    assertEquals(Summary.footer(REPORT), printed());
    assertFalse(printed().contains("\r"));
  }
}
