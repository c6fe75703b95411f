package dev.fetchpipe.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The command line of one of the daemon's client commands, alone. picocli reads every option of every subcommand it
 * is given, by reflection, when it builds the command line: {@link Main} names them all, and reading the nine that a
 * client command does not need took about 80 ms, a seventh of {@code fetchpipe jobs}. Here only the one is given.
 */
@Command(name = "fetchpipe", mixinStandardHelpOptions = true, version = Main.VERSION, scope = ScopeType.INHERIT)
final class ClientMain implements Terminal {
  private final Main main;

  private ClientMain(Main main) {
    this.main = main;
  }

  /** {@code fetchpipe COMMAND}, COMMAND being one of the client's; it prints where {@code main} does. */
  static CommandLine commandLine(Main main, Class<?> command) {
    return new CommandLine(new ClientMain(main)).addSubcommand(command);
  }

  @Override
  public PrintStream out() {
    return main.out();
  }

  @Override
  public PrintStream err() {
    return main.err();
  }

  @Override
  public boolean stdoutIsTerminal() {
    return main.stdoutIsTerminal();
  }
}
