package dev.fetchpipe.cli;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.demo.SpinnerDemo;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "spinner",
    description = {
        "Fluent Python's spinner demo (thread vs. task), on Pekko actors.",
        "A spinner spins while a slow computation runs, then 'Answer: 42' is printed.",
        "The modes:",
        "  actor     an actor spinner stopped by a message; Pekko's scheduler times",
        "            the slow work, so no thread waits (spinner_async.py)",
        "  thread    a thread spinner stopped by a latch while the calling thread",
        "            sleeps (spinner_thread.py)",
        "  blocking  both actors share one thread, like asyncio's one event loop, and",
        "            the slow work is a blocking sleep (spinner_async_experiment.py).",
        "            With --dispatcher default it sleeps on that thread, so no frame",
        "            is drawn; with --dispatcher blocking it sleeps on",
        "            fetchpipe.blocking-io-dispatcher (our run_in_executor), so the",
        "            spinner spins again."},
    footer = {"", "Exit status: 0 done, 1 fetchpipe itself failed, 2 bad usage."})
final class SpinnerCommand implements Callable<Integer> {

  /** A day: far more than a demo needs, and a bound that keeps the value well inside what Duration can hold. */
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(86_400);

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  // Options are read as strings and checked in call(), so a bad value is one line naming the option (exit 2), as
  // in `run`, rather than picocli's message followed by the whole usage text.
  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "actor",
      description = "actor, thread or blocking (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--dispatcher", paramLabel = "WHERE",
      description = {"default or blocking (default: default): where", "--mode blocking sleeps. Other modes ignore it,",
          "with a note on stderr."})
  String dispatcher;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "3",
      description = {"How long the slow computation takes, in seconds;", "decimals allowed (default: ${DEFAULT-VALUE})."})
  String seconds;

  @Override
  public Integer call() {
    SpinnerDemo.Mode chosenMode = choice("--mode", mode, SpinnerDemo.Mode.class);
    SpinnerDemo.WorkDispatcher chosenDispatcher = dispatcher == null
        ? SpinnerDemo.WorkDispatcher.DEFAULT
        : choice("--dispatcher", dispatcher, SpinnerDemo.WorkDispatcher.class);
    Duration slow = duration("--seconds", seconds);
    if (dispatcher != null && chosenMode != SpinnerDemo.Mode.BLOCKING) {
      spec.commandLine().getErr().println("fetchpipe: note: --dispatcher only matters with --mode blocking; ignored");
    }
    SpinnerDemo.run(chosenMode, chosenDispatcher, slow, main.out());
    return ExitCodes.OK;
  }

  /** One of the enum's constants, by its name in any case; the help and the error show it in lower case. */
  private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) return constant;
    }
    String expected = Arrays.stream(type.getEnumConstants())
        .map(constant -> constant.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    throw new SettingsException(option, "expected one of " + expected + ", got '" + value + "'");
  }

  private static Duration duration(String option, String value) {
    BigDecimal parsed;
    try {
      parsed = new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw new SettingsException(option, "expected a number of seconds such as 0.5, got '" + value + "'");
    }
    if (parsed.signum() <= 0 || parsed.compareTo(MAX_SECONDS) > 0) {
      throw new SettingsException(option, "expected more than 0 and at most " + MAX_SECONDS + " seconds, got " + value);
    }
    // Whole nanoseconds: finer than any sleep, and never rounded down to zero.
    long nanos = parsed.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
    return Duration.ofNanos(nanos);
  }
}
