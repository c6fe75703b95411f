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

  private static final List<String> COMMANDS = List.of("run", "compare", "sweep", "serve", "spinner", "daemon", "submit",
      "jobs", "cancel", "resize");

  /**
   * picocli wraps at 80 columns wherever a line is too long, even inside a key, a path or a list of values
   * ({@code fetchpipe.fetch.} / {@code max-in-flight}, {@code fixed-pool-size=1,} / {@code 2,4,8}); lines wrapped
   * by hand are kept as written only when each fits.
   */
  @Test
  void noHelpLineIsWrappedInTheMiddleOfAPhrase() {
    picocli.CommandLine all = new picocli.CommandLine(new Main(System.out, false));
    for (String command : COMMANDS) {
      String help = helpWithPicocliWarnings(command, "--help")[0];
      List<String> lines = help.lines().toList();
      for (String line : lines) assertTrue(line.length() <= 80, command + ": longer than 80: " + line);
      picocli.CommandLine.Model.UsageMessageSpec usage = all.getSubcommands().get(command).getCommandSpec().usageMessage();
      List<String> written = new java.util.ArrayList<>(List.of(usage.description()));
      written.addAll(List.of(usage.footer()));
      for (String line : written) {
        String shown = line.replace("%%", "%").stripTrailing();
        assertTrue(shown.isEmpty() || lines.contains(shown), command + ": rewrapped by picocli: " + shown + "\n" + help);
      }
      for (int i = 1; i < lines.size(); i++) {
        String before = lines.get(i - 1);
        String after = lines.get(i);
        boolean continued = after.matches("\\s{10,}\\S.*") && !after.trim().startsWith("-");
        // A key, path or list cut where picocli found a break: after its dot, slash, '=' or hyphen, or inside a,b,c.
        boolean splitToken = before.matches(".*\\S[./=-]") && after.trim().matches("[a-z0-9~$].*")
            || before.matches(".*[^\\s,]+,[^\\s,]+,") || before.matches(".*\\S,") && after.trim().matches("[0-9].*");
        assertFalse(continued && splitToken, command + ": a word split over two lines:\n" + before + "\n" + after);
      }
    }
  }

  @Test
  void sweepHelpShowsItsPercentSign() {
    assertTrue(helpWithPicocliWarnings("sweep", "--help")[0].contains("within 5% of the fastest."));
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
