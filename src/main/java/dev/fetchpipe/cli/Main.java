package dev.fetchpipe.cli;

import dev.fetchpipe.client.ClientException;
import dev.fetchpipe.client.ClientPreload;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.origin.OriginStartException;
import dev.fetchpipe.report.PlainWords;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The fetchpipe command line: picocli parses it, each subcommand is one class beside this one. */
@Command(name = "fetchpipe", mixinStandardHelpOptions = true, version = Main.VERSION, scope = ScopeType.INHERIT,
    description = "Download many URLs concurrently with Pekko actors, and see how the concurrency behaves.",
    subcommands = {RunCommand.class, CompareCommand.class, SweepCommand.class, ServeCommand.class, SpinnerCommand.class,
        DaemonCommand.class, ClusterKeysCommand.class, SubmitCommand.class, JobsCommand.class, WatchCommand.class,
        CancelCommand.class, ResizeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer>, Terminal {
  static final String VERSION = "fetchpipe 0.1.0";
  /** The daemon's thin clients, which start no actor system: quick to start is what they are for. */
  private static final Map<String, Class<?>> CLIENT_COMMANDS = Map.of("submit", SubmitCommand.class,
      "jobs", JobsCommand.class, "watch", WatchCommand.class, "cancel", CancelCommand.class, "resize", ResizeCommand.class);

  private final PrintStream out;
  private final PrintStream err;
  private final boolean stdoutIsTerminal;

  Main(PrintStream out, boolean stdoutIsTerminal) {
    this(out, System.err, stdoutIsTerminal);
  }

  Main(PrintStream out, PrintStream err, boolean stdoutIsTerminal) {
    this.out = out;
    this.err = err;
    this.stdoutIsTerminal = stdoutIsTerminal;
  }

  public static void main(String[] args) {
    // A client runs no job, so neither the job's warm-up nor logging is its to pay for; it has a warm-up of its own.
    // So is run whose job will likely go to a daemon (InProcessRun starts them when it does run the job here after all).
    if (args.length > 0 && (CLIENT_COMMANDS.containsKey(args[0]) || (args[0].equals("run") && RunCommand.toDaemon(args)))) {
      ClientPreload.start();
    } else {
      Preload.start();
      // Start Logback before Pekko's threads log anything, or SLF4J warns that it replayed early calls.
      LoggerFactory.getILoggerFactory();
    }
    System.exit(execute(args, System.out, System.err, System.console() != null));
  }

  /** Runs one command line and returns its exit status; tests call this in process. */
  static int execute(String[] args, PrintStream out, PrintStream err, boolean stdoutIsTerminal) {
    Main main = new Main(out, err, stdoutIsTerminal);
    Class<?> client = args.length == 0 ? null : CLIENT_COMMANDS.get(args[0]);
    // A plain line of run or of a client command is read without picocli, whose set-up is a large part of a start.
    Optional<Callable<Integer>> quick = QuickClientLine.parse(args, main);
    if (quick.isPresent()) return call(quick.get(), err);
    CommandLine commandLine = client != null ? ClientMain.commandLine(main, client) : new CommandLine(main);
    commandLine
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler((e, line, parsed) -> failed(e, err));
    return commandLine.execute(args);
  }

  /** Runs a command as picocli's execute does, with the same handling of what it throws. */
  private static int call(Callable<Integer> command, PrintStream err) {
    try {
      Integer code = command.call();
      return code == null ? ExitCodes.OK : code;
    } catch (Exception e) {
      return failed(e, err);
    }
  }

  /** A command that threw: one line on stderr, and the exit code its kind of failure has. */
  private static int failed(Exception e, PrintStream err) {
    err.println("fetchpipe: " + message(e));
    if (e instanceof ClientException refused) return refused.exitCode();
    return e instanceof SettingsException || e instanceof OriginStartException ? ExitCodes.USAGE : ExitCodes.SOME_FAILED;
  }

  /** Without a subcommand there is nothing to do: say what there is, as a usage error. */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return ExitCodes.USAGE;
  }

  @Override
  public PrintStream out() {
    return out;
  }

  @Override
  public PrintStream err() {
    return err;
  }

  @Override
  public boolean stdoutIsTerminal() {
    return stdoutIsTerminal;
  }

  private static String message(Exception e) {
    if (e instanceof SettingsException || e instanceof OriginStartException || e instanceof ClientException) return e.getMessage();
    return "failed: " + PlainWords.of(e);
  }
}
