package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.report.CancelSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A daemon's events on the terminal, as run shows a job in process: run's own job, and one followed. */
class EventConsoleTest {
  private static final String CREATED = "{\"id\": \"j1\", \"state\": \"RUNNING\", \"progress\": {\"style\": \"plain\","
      + " \"spinnerIntervalMs\": 100, \"plainIntervalMs\": 2000}}";
  private static final String START = "{\"site\": \"http://127.0.0.1:8001\", \"urls\": 3, \"repeats\": 1,"
      + " \"repeatedExamples\": [\"http://127.0.0.1:8001/a\"], \"connections\": 2, \"outputDir\": \"/home/u/flags\","
      + " \"kept\": 1, \"refetched\": 0, \"staleTempFiles\": 2}";
  private static final String PROGRESS = "{\"id\": \"j1\", \"state\": \"RUNNING\", \"site\": \"http://127.0.0.1:8001\","
      + " \"total\": 3, \"ok\": 1, \"kept\": 1, \"inFlight\": 1, \"bytes\": 100, \"received\": 5000, \"elapsedMs\": 1500,"
      + " \"msLeft\": 750}";
  private static final String END = "{\"id\": \"j1\", \"state\": \"DONE\", \"site\": \"http://127.0.0.1:8001\","
      + " \"outputDir\": \"/home/u/flags\", \"total\": 3, \"done\": 3, \"ok\": 2, \"kept\": 1, \"elapsedMs\": 2500,"
      + " \"limits\": {\"maxInFlight\": 2, \"maxPerHost\": 2, \"writerThreads\": 4}, \"exitCode\": 0,"
      + " \"renamed\": 0, \"failures\": []}";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private EventConsole console(EventConsole.Kind kind, CancelSource mine) {
    return new EventConsole(kind, null, false, new PrintStream(out, true, StandardCharsets.UTF_8), "flags", () -> mine);
  }

  private String shown() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String checking(int files, long bytes, long elapsedMs) {
    return "{\"outputDir\": \"/home/u/flags\", \"files\": " + files + ", \"ofFiles\": 4, \"bytes\": " + bytes
        + ", \"ofBytes\": 4194304, \"elapsedMs\": " + elapsedMs + "}";
  }

  @Test
  void runsJobCheckingAnEarlierRunsFilesSaysWhatItChecksWithTheOutputDirAsGivenThenHowFarBeforeTheHeader() {
    EventConsole console = console(EventConsole.Kind.RUN, null);
    String startingCreated = CREATED.replace("RUNNING", "STARTING");
    assertTrue(console.show(new SseEvent("created", startingCreated)));
    assertTrue(console.show(new SseEvent("checking", checking(0, 0, 0))));
    assertTrue(console.show(new SseEvent("checking", checking(2, 2097152, 700))));
    assertTrue(console.show(new SseEvent("checking", checking(4, 4194304, 1400))));
    assertTrue(console.show(new SseEvent("start", START)));

    String shown = shown();
    assertTrue(shown.startsWith("Checking the 4 files (4.0 MiB) an earlier run saved in flags, to keep those still"
        + " complete\n"), shown);
    assertTrue(shown.contains("checked 2/4 files, 2.0 MiB of 4.0 MiB, 0.7s"), shown);
    assertTrue(shown.contains("checked 4/4 files, 4.0 MiB of 4.0 MiB, 1.4s"), shown);
    assertTrue(shown.indexOf("checked 4/4") < shown.indexOf("Site: http://127.0.0.1:8001"), shown);
  }

  @Test
  void aFollowedJobStillStartingDrawsNoProgressButItsCheckTheLastAlways() {
    EventConsole console = console(EventConsole.Kind.FOLLOWED, null);
    assertTrue(console.show(new SseEvent("checking", checking(1, 1048576, 300))));
    assertTrue(console.show(new SseEvent("progress", "{\"id\": \"j1\", \"state\": \"STARTING\"}")));
    // Within the followed console's interval: only the last is drawn, which always is.
    assertTrue(console.show(new SseEvent("checking", checking(2, 2097152, 400))));
    assertTrue(console.show(new SseEvent("checking", checking(4, 4194304, 500))));

    assertEquals("Checking the 4 files (4.0 MiB) an earlier run saved in flags, to keep those still complete\n"
        + "progress: checked 4/4 files, 4.0 MiB of 4.0 MiB, 0.5s\n", shown());
  }

  @Test
  void runsJobShowsRunsHeaderWithTheOutputDirAsGivenItsProgressAsItComesAndItsSummary() {
    EventConsole console = console(EventConsole.Kind.RUN, null);
    assertTrue(console.show(new SseEvent("created", CREATED)));
    assertTrue(console.show(new SseEvent("start", START)));
    assertTrue(console.show(new SseEvent("progress", PROGRESS)));
    assertFalse(console.show(new SseEvent("end", END)), "the end");
    console.showEnd(null, "j1");

    assertEquals("""
        Removed 2 temporary files an earlier run left behind.
        Site: http://127.0.0.1:8001
        Downloading 3 URLs into flags
        Listed more than once, fetched once: http://127.0.0.1:8001/a (1 repeated line left out)
        Resuming: 1 file already complete from an earlier run is kept.
        2 concurrent connections will be used.
        progress: 2/3 done (2 saved), 1 in flight, 4.9 KiB at 3.3 KiB/s, 1.5s, about 1s left
        --------------------
          2 downloaded.
          1 already complete from an earlier run (kept).
        Elapsed time: 2.50s
        """, shown());
  }

  @Test
  void runsCancelSaysItsGraceAndWhatAbortsAsRunSaysIt() {
    EventConsole console = console(EventConsole.Kind.RUN, CancelSource.INTERRUPT);
    console.show(new SseEvent("created", CREATED));
    console.show(new SseEvent("start", START));
    console.show(new SseEvent("cancel", "{\"source\": \"INTERRUPT\", \"reason\": \"\", \"inFlight\": 4, \"graceMs\": 5000}"));
    console.show(new SseEvent("cancel", "{\"source\": \"DEADLINE\", \"reason\": \"30 s passed\", \"inFlight\": 2,"
        + " \"graceMs\": 0}"));
    console.show(new SseEvent("abort", "{\"reason\": \"Ctrl-C again\", \"inFlight\": 4}"));

    assertTrue(shown().contains("Cancelling (Ctrl-C): 4 in flight, waiting up to 5 s -- Ctrl-C again to abort now\n"),
        shown());
    assertTrue(shown().contains("Cancelling (deadline: 30 s passed): 2 in flight, no grace (cancel.grace = 0 s)\n"),
        shown());
    assertTrue(shown().contains("Aborting (Ctrl-C again): cutting off 4 in flight\n"), shown());
  }

  @Test
  void aProgressBeforeTheStartOfRunsJobIsNotDrawnAndAFollowedJobsHeaderComesFromItsStatusWhenNoStartCame() {
    EventConsole run = console(EventConsole.Kind.RUN, null);
    run.show(new SseEvent("created", CREATED));
    run.show(new SseEvent("progress", PROGRESS));
    assertEquals("", shown(), "the header comes first, from the start event");

    EventConsole followed = new EventConsole(EventConsole.Kind.FOLLOWED, new Submitted.Progress("plain", 100, 0.001),
        false, new PrintStream(out, true, StandardCharsets.UTF_8), null, () -> null);
    followed.show(new SseEvent("progress", PROGRESS.replace("\"total\"", "\"outputDir\": \"/home/u/flags\", \"total\"")));
    assertTrue(shown().startsWith("Site: http://127.0.0.1:8001\nDownloading 3 URLs into /home/u/flags\n"), shown());
  }
}
