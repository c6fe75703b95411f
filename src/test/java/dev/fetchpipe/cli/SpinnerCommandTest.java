package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** `fetchpipe spinner` through the real command line: its options, exit codes and stderr. */
class SpinnerCommandTest {

  private static MainTest.Result fetchpipe(String... args) {
    return MainTest.fetchpipe(args);
  }

  @Test
  void badValuesExit2WithOneLineNamingTheOptionAndNoStackTrace() {
    String[][] cases = {
        {"--mode", "spinner", "--mode", "foo"},
        {"--mode", "spinner", "--mode", ""},
        {"--dispatcher", "spinner", "--mode", "blocking", "--dispatcher", "elsewhere"},
        {"--seconds", "spinner", "--seconds", "0"},
        {"--seconds", "spinner", "--seconds", "-1"},
        {"--seconds", "spinner", "--seconds", "soon"},
        {"--seconds", "spinner", "--seconds", "1e9"},
    };
    for (String[] c : cases) {
      String[] args = Arrays.copyOfRange(c, 1, c.length);
      MainTest.Result result = fetchpipe(args);
      assertEquals(2, result.exitCode(), String.join(" ", args));
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().startsWith("fetchpipe: " + c[0] + ": "), result.err());
      assertFalse(result.err().contains("Exception"), result.err());
      assertEquals("", result.out(), "nothing runs");
    }
  }

  @Test
  void theErrorForABadModeListsTheModes() {
    MainTest.Result result = fetchpipe("spinner", "--mode", "foo");
    assertEquals("fetchpipe: --mode: expected one of actor, thread, blocking, got 'foo'",
        result.err().strip());
  }

  @Test
  void aDispatcherOutsideBlockingModeIsIgnoredWithANoteOnStderr() {
    MainTest.Result result = fetchpipe("spinner", "--mode", "thread", "--dispatcher", "blocking", "--seconds", "0.3");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals("fetchpipe: note: --dispatcher only matters with --mode blocking; ignored", result.err().strip());
    assertTrue(result.out().startsWith("spinner object: Thread["), result.out());
    assertTrue(result.out().endsWith("Answer: 42" + System.lineSeparator()), result.out());
  }

  @Test
  void helpExplainsTheModesAndTheDispatcher() {
    MainTest.Result result = fetchpipe("spinner", "--help");
    assertEquals(0, result.exitCode());
    for (String word : new String[] {"actor", "thread", "blocking", "--dispatcher", "--seconds", "run_in_executor"}) {
      assertTrue(result.out().contains(word), word + " in " + result.out());
    }
  }
}
