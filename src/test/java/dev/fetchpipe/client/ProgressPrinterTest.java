package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client's progress, drawn as run's spinner draws it: in place on a terminal, plain lines elsewhere. */
class ProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndClearedForAnAnnouncement() {
    ProgressPrinter line = new ProgressPrinter(ProgressPrinter.Mode.SPINNER, Duration.ZERO, out);

    line.show("1/20 done, 5 in flight");
    line.show("2/20 done");
    line.announce("Cancelling (Ctrl-C): 5 in flight");
    line.show("3/20 done");
    line.clear();

    assertEquals("\r| 1/20 done, 5 in flight" + "\r/ 2/20 done" + " ".repeat(13)
        + "\r" + " ".repeat(24) + "\r" + "Cancelling (Ctrl-C): 5 in flight\n"
        + "\r- 3/20 done" + "\r" + " ".repeat(11) + "\r", printed());
  }

  @Test
  void offATerminalPlainLinesComeAtMostOnceAnIntervalAndNoCarriageReturn() {
    ProgressPrinter line = new ProgressPrinter(ProgressPrinter.Mode.PLAIN, Duration.ofHours(1), out);
    line.show("too soon");
    line.announce("Aborting (Ctrl-C again): cutting off 2 in flight");
    ProgressPrinter often = new ProgressPrinter(ProgressPrinter.Mode.PLAIN, Duration.ZERO, out);
    often.show("1/2 done");
    often.clear();

    assertEquals("Aborting (Ctrl-C again): cutting off 2 in flight\nprogress: 1/2 done\n", printed());
  }

  @Test
  void offDrawsNothingButAnnouncementsStillShow() {
    ProgressPrinter line = new ProgressPrinter(ProgressPrinter.Mode.OFF, Duration.ZERO, out);
    line.show("1/2 done");
    line.announce("Resized at 1.00s: max-in-flight 5, max-per-host 5, writers 4");

    assertEquals("Resized at 1.00s: max-in-flight 5, max-per-host 5, writers 4\n", printed());
  }
}
