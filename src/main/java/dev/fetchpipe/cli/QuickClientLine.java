package dev.fetchpipe.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A client command's command line, or {@code run}'s, read without picocli when it is a plain one: picocli takes 0.1 to
 * 0.2 s of a cold JVM's time to set itself up (its model, its type converters), the same with a model built in code as
 * with annotations (measured), where a client command should take a few tenths in all and a small job about a second. Only lines this reads wholly are
 * taken: each word a known option of the command with its value after it or after '=', a known flag, the job's id,
 * or (run's and submit's) a URL.
 * Anything else (--help, --version, an unknown or repeated option, a missing value, a value that looks like an option,
 * an @file, '--') is left to picocli, which reads it as before, with its own messages. {@code QuickClientLineTest}
 * holds every line this takes to what picocli makes of it, so the two cannot drift apart.
 */
final class QuickClientLine {
  private QuickClientLine() {}

  /** The command {@code args} asks for, its options set as picocli would set them; empty when picocli is to read it. */
  static Optional<Callable<Integer>> parse(String[] args, Main main) {
    if (args.length == 0) return Optional.empty();
    Reader line = switch (args[0]) {
      case "run" -> run(main);
      case "submit" -> submit(main);
      case "jobs" -> jobs(main);
      case "watch" -> watch(main);
      case "cancel" -> cancel(main);
      case "resize" -> resize(main);
      default -> null;
    };
    return line == null || !line.read(args) ? Optional.empty() : Optional.of(line.command);
  }

  private static Reader submit(Terminal terminal) {
    SubmitCommand submit = new SubmitCommand();
    submit.main = terminal;
    submit.config = new ConfigOptions();
    submit.job = new JobOptions();
    submit.daemon = new DaemonOptions();
    Reader line = new Reader(submit);
    daemonOptions(line, submit.daemon);
    jobOptions(line, submit.config, submit.job);
    line.option("--report", value -> submit.report = Path.of(value));
    line.option("--timeline", value -> submit.timeline = Path.of(value));
    line.flag("--wait", () -> submit.await = true);
    return line;
  }

  private static Reader run(Main main) {
    RunCommand run = new RunCommand();
    run.main = main;
    run.config = new ConfigOptions();
    run.job = new JobOptions();
    Reader line = new Reader(run);
    jobOptions(line, run.config, run.job);
    line.option("--report", value -> run.report = Path.of(value));
    line.option("--timeline", value -> run.timeline = Path.of(value));
    line.option("--metrics-port", value -> run.metricsPort = value);
    line.flag("--no-daemon", () -> run.noDaemon = true);
    line.option("--state-dir", value -> run.stateDir = Path.of(value));
    return line;
  }

  /** What run and submit share: the config and the job's shortcuts. */
  private static void jobOptions(Reader line, ConfigOptions config, JobOptions job) {
    line.option("--config", value -> config.configFile = Path.of(value));
    line.repeatable("--set", value -> config.sets.add(value));
    line.option("--urls", value -> job.urls = Path.of(value));
    line.option("--out", value -> job.out = value);
    line.option("-m", value -> job.maxInFlight = value);
    line.alias("-j", "-m");
    line.alias("--max-in-flight", "-m");
    line.repeatable("--header", value -> job.headers.add(value));
    line.alias("-H", "--header");
    line.option("--proxy", value -> job.proxy = value);
    line.alias("-x", "--proxy");
    line.option("--cacert", value -> job.cacert = value);
    line.flag("--insecure", () -> job.insecure = true);
    line.flag("-k", () -> job.insecure = true);
    line.positionals(url -> job.urlArguments.add(url));
  }

  private static Reader jobs(Terminal terminal) {
    JobsCommand jobs = new JobsCommand();
    jobs.main = terminal;
    jobs.daemon = new DaemonOptions();
    Reader line = new Reader(jobs);
    daemonOptions(line, jobs.daemon);
    return line;
  }

  private static Reader watch(Terminal terminal) {
    WatchCommand watch = new WatchCommand();
    watch.main = terminal;
    watch.daemon = new DaemonOptions();
    Reader line = new Reader(watch);
    daemonOptions(line, watch.daemon);
    line.id(id -> watch.id = id);
    return line;
  }

  private static Reader cancel(Terminal terminal) {
    CancelCommand cancel = new CancelCommand();
    cancel.main = terminal;
    cancel.daemon = new DaemonOptions();
    Reader line = new Reader(cancel);
    daemonOptions(line, cancel.daemon);
    line.flag("--abort", () -> cancel.abort = true);
    line.id(id -> cancel.id = id);
    return line;
  }

  private static Reader resize(Terminal terminal) {
    ResizeCommand resize = new ResizeCommand();
    resize.main = terminal;
    resize.daemon = new DaemonOptions();
    Reader line = new Reader(resize);
    daemonOptions(line, resize.daemon);
    line.option("-m", value -> resize.maxInFlight = value);
    line.alias("--max-in-flight", "-m");
    line.option("--max-per-host", value -> resize.maxPerHost = value);
    line.option("--writers", value -> resize.writers = value);
    line.option("--rate", value -> resize.rate = value);
    line.option("--rate-per-url", value -> resize.ratePerUrl = value);
    line.option("--per-host-delay", value -> resize.perHostDelay = value);
    line.option("--per-host-rate", value -> resize.perHostRate = value);
    line.id(id -> resize.id = id);
    return line;
  }

  private static void daemonOptions(Reader line, DaemonOptions daemon) {
    line.option("--state-dir", value -> daemon.stateDir = Path.of(value));
    line.option("--daemon", value -> daemon.url = value);
  }

  /** One command's options, and the reading of its words. */
  private static final class Reader {
    final Callable<Integer> command;
    private final Map<String, Consumer<String>> options = new HashMap<>();
    private final Set<String> repeatable = new HashSet<>();
    private final Map<String, Runnable> flags = new HashMap<>();
    /** Another name of an option, and the option's first name: picocli takes both as the one option. */
    private final Map<String, String> aliases = new HashMap<>();
    private Consumer<String> id;
    private Consumer<String> positionals;

    Reader(Callable<Integer> command) {
      this.command = command;
    }

    void option(String name, Consumer<String> set) {
      options.put(name, set);
    }

    void repeatable(String name, Consumer<String> add) {
      options.put(name, add);
      repeatable.add(name);
    }

    void flag(String name, Runnable set) {
      flags.put(name, set);
    }

    void alias(String name, String option) {
      aliases.put(name, option);
    }

    /** The command's one positional parameter, required. */
    void id(Consumer<String> set) {
      id = set;
    }

    /** The command's positional parameters, any number of them, in order. */
    void positionals(Consumer<String> add) {
      positionals = add;
    }

    /** Reads args[1..] into the command; false, having set part of it perhaps, when the line is picocli's to read. */
    boolean read(String[] args) {
      Set<String> seen = new HashSet<>();
      String givenId = null;
      try {
        for (int i = 1; i < args.length; i++) {
          String word = args[i];
          if (word.isEmpty() || word.startsWith("@")) return false;
          if (!word.startsWith("-")) {
            if (positionals != null) {
              positionals.accept(word);
              continue;
            }
            if (id == null || givenId != null) return false;
            givenId = word;
            continue;
          }
          int equals = word.indexOf('=');
          String typed = equals > 0 ? word.substring(0, equals) : word;
          String name = aliases.getOrDefault(typed, typed);
          if (!seen.add(name) && !repeatable.contains(name)) return false;
          Runnable flag = flags.get(name);
          if (flag != null) {
            if (equals > 0) return false;
            flag.run();
            continue;
          }
          Consumer<String> option = options.get(name);
          if (option == null) return false;
          String value;
          if (equals > 0) {
            value = word.substring(equals + 1);
          } else {
            if (i + 1 == args.length) return false;
            value = args[++i];
          }
          // picocli refuses a value that looks like an option, and unquotes a quoted one: its messages, its rules.
          if (value.startsWith("-") || value.startsWith("\"") || value.startsWith("'")) return false;
          option.accept(value);
        }
      } catch (InvalidPathException notAPath) {
        return false;
      }
      if (id != null) {
        if (givenId == null) return false;
        id.accept(givenId);
      }
      return true;
    }
  }
}
