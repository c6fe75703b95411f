package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command's --help: formatted without picocli's warnings, and saying what the README says. */
class HelpTextTest {

  /** picocli reports a description it cannot format on System.err itself, not on the command's err stream. */
  private static String[] helpWithPicocliWarnings(String... args) {
    PrintStream realErr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      MainTest.Result help = MainTest.fetchpipe(args);
      assertEquals(0, help.exitCode(), help.err());
      return new String[] {help.out(), help.err() + warnings.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(realErr);
    }
  }

  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    for (String command : List.of("run", "compare", "sweep", "serve", "spinner")) {
      String[] help = helpWithPicocliWarnings(command, "--help");
      assertFalse(help[1].contains("WARN"), command + ": " + help[1]);
      assertTrue(help[0].startsWith("Usage: fetchpipe " + command), help[0]);
    }
  }

  @Test
  void sweepHelpShowsItsPercentSign() {
    assertTrue(helpWithPicocliWarnings("sweep", "--help")[0].contains("less than 5% faster"));
  }

  @Test
  void runHelpListsEveryExitStatus() {
    String help = helpWithPicocliWarnings("run", "--help")[0].replaceAll("\\s+", " ");
    for (String code : List.of("0 every URL", "1 some URL", "2 bad usage", "3 cancelled", "130 ", "143 ")) {
      assertTrue(help.contains(code), code + " in " + help);
    }
  }

  @Test
  void topLevelHelpLinesAreSentences() {
    // A description wider than the screen goes on over lines indented past the command names: join them first.
    String help = helpWithPicocliWarnings("--help")[0].replaceAll("\n {6,}", " ");
    List<String> lines = help.lines().filter(l -> l.matches("\\s+(run|compare|sweep|serve|spinner)\\s.*")).toList();
    assertEquals(5, lines.size(), help);
    for (String line : lines) assertTrue(line.trim().endsWith("."), line);
  }
}
