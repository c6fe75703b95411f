package dev.fetchpipe.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.demo.SpinnerDemo.Mode;
import dev.fetchpipe.demo.SpinnerDemo.WorkDispatcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each demo end to end, with a 0.6 s slow computation: about six frames' time at one frame per 100 ms. */
class SpinnerDemoTest {

  private static final Duration SLOW = Duration.ofMillis(600);

  /** The spinner object line, frames {@code \r<frame> thinking!}, the clearing of an 11-wide line, the answer. */
  private static final Pattern SPUN = Pattern.compile(
      "spinner object: ([^\r\n]*)\n((?:\r[|/\\-\\\\] thinking!)+)\r {11}\rAnswer: 42\n");

  /** What a demo printed, with the platform's line separator as \n so the patterns stay simple. */
  private static String run(Mode mode, WorkDispatcher dispatcher) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int answer = SpinnerDemo.run(mode, dispatcher, SLOW, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(42, answer);
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  /** Asserts the whole output is spinner object, frames in order (at least two), clear, answer; returns the object. */
  private static String assertSpun(String text) {
    Matcher matcher = SPUN.matcher(text);
    assertTrue(matcher.matches(), "unexpected output: " + printable(text));
    List<Character> frames = new ArrayList<>();
    for (String frame : matcher.group(2).substring(1).split("\r")) frames.add(frame.charAt(0));
    assertTrue(frames.size() >= 2, "at least two frames before the answer: " + printable(text));
    for (int i = 0; i < frames.size(); i++) {
      assertEquals("|/-\\".charAt(i % 4), frames.get(i), "frame " + i + " of " + printable(text));
    }
    return matcher.group(1);
  }

  private static String printable(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n");
  }

  @Test
  void threadModeSpinsAPlatformThreadWhileTheCallerSleeps() {
    String spinner = assertSpun(run(Mode.THREAD, WorkDispatcher.DEFAULT));
    assertTrue(spinner.matches("Thread\\[spinner,.*\\]"), spinner);
  }

  @Test
  void actorModeSpinsAnActorWhileTheSchedulerTimesTheWork() {
    String spinner = assertSpun(run(Mode.ACTOR, WorkDispatcher.DEFAULT));
    assertTrue(spinner.matches("Actor\\[pekko://fetchpipe/user/spinner#-?\\d+\\]"), spinner);
  }

  @Test
  void blockingOnTheActorsOwnThreadDrawsNoFrameAtAll() {
    String text = run(Mode.BLOCKING, WorkDispatcher.DEFAULT);
    // The spinner got its Stop before it ever ran, so it never drew, and with nothing drawn it has nothing to
    // clear: not a single \r, exactly like spinner_async_experiment.py's output.
    assertTrue(text.matches("spinner object: Actor\\[pekko://fetchpipe/user/spinner#-?\\d+\\]\nAnswer: 42\n"),
        printable(text));
    assertFalse(text.contains("thinking!"), printable(text));
    assertFalse(text.contains("\r"), printable(text));
  }

  @Test
  void blockingOnTheBlockingIoDispatcherLetsTheSpinnerSpinAgain() {
    String spinner = assertSpun(run(Mode.BLOCKING, WorkDispatcher.BLOCKING));
    assertTrue(spinner.startsWith("Actor[pekko://fetchpipe/user/spinner#"), spinner);
  }

  @Test
  void theDispatcherChoiceChangesNothingOutsideBlockingMode() {
    assertSpun(run(Mode.ACTOR, WorkDispatcher.BLOCKING));
  }
}
