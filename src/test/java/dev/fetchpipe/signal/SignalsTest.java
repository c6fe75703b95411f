package dev.fetchpipe.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fetchpipe.report.CancelSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Real SIGINT and SIGTERM raised in this JVM, counted together and handed to the entry point's stages. */
class SignalsTest {

  @Test
  void bothSignalsAreCountedTogetherInTheOrderTheyCameAndThePreviousHandlersComeBackAtClose() throws Exception {
    BlockingQueue<String> previous = new LinkedBlockingQueue<>();
    SignalHandler recording = signal -> previous.add(signal.getName());
    SignalHandler originalInt = Signal.handle(new Signal("INT"), recording);
    SignalHandler originalTerm = Signal.handle(new Signal("TERM"), recording);
    try {
      BlockingQueue<String> heard = new LinkedBlockingQueue<>();
      try (Signals signals = new Signals((source, count) -> heard.add(source + " " + count))) {
        // The JVM hands each signal to a thread of its own: one at a time keeps their order.
        Signal.raise(new Signal("INT"));
        assertEquals("INTERRUPT 1", heard.poll(10, TimeUnit.SECONDS));
        Signal.raise(new Signal("TERM"));
        assertEquals("TERMINATE 2", heard.poll(10, TimeUnit.SECONDS));
        Signal.raise(new Signal("INT"));
        assertEquals("INTERRUPT 3", heard.poll(10, TimeUnit.SECONDS));
        assertNull(previous.poll(100, TimeUnit.MILLISECONDS), "the handler from before heard none of them");
      }
      Signal.raise(new Signal("INT"));
      assertEquals("INT", previous.poll(10, TimeUnit.SECONDS), "closed: the handler from before is back");
      assertNull(heard.poll(100, TimeUnit.MILLISECONDS));
    } finally {
      Signal.handle(new Signal("INT"), originalInt);
      Signal.handle(new Signal("TERM"), originalTerm);
    }
  }

  @Test
  void theLastResortSaysWhyAndEndsWithTheSignalsStatus() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<Integer> halted = new ArrayList<>();
    Signals.halt(CancelSource.TERMINATE, "fetchpipe: SIGTERM a third time: halting now.",
        new PrintStream(err, true, StandardCharsets.UTF_8), halted::add);
    assertEquals(List.of(143), halted);
    assertEquals("fetchpipe: SIGTERM a third time: halting now.\n", err.toString(StandardCharsets.UTF_8));
  }
}
