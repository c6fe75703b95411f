package dev.fetchpipe.compare;

import dev.fetchpipe.config.CompareSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.JobReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three ways compare runs one job, in the order of Fluent Python's flags examples. */
public enum Engine {
  /** One blocking request at a time on one thread (flags.py). */
  SEQUENTIAL,
  /** A fixed pool of platform threads making blocking requests (flags_threadpool.py). */
  THREADS,
  /** The Pekko actor pipeline: fetchpipe run (flags2_asyncio.py). */
  ACTORS;

  /**
   * Refuses a job this engine cannot run as configured: the blocking engines use Java 17's HttpClient, which cannot
   * choose its local address, so they would send from another address than fetch.local-address says; nor can it send
   * a request with no User-Agent (an empty one in fetch.headers).
   */
  public void requireCanRun(FetchpipeSettings settings) {
    if (this != ACTORS && settings.fetch().localAddress().isPresent()) {
      throw new SettingsException("fetchpipe.fetch.local-address",
          "the " + label() + " engine cannot send from a chosen address (Java's HttpClient cannot); leave it \"\"");
    }
    var request = settings.fetch().request();
    boolean noUserAgent = java.util.stream.Stream.concat(request.headers().stream(),
            request.hostHeaders().values().stream().flatMap(java.util.List::stream))
        .anyMatch(header -> header.name().equalsIgnoreCase("User-Agent") && header.value().isEmpty());
    if (this != ACTORS && noUserAgent) {
      throw new SettingsException("fetchpipe.fetch.headers",
          "the " + label() + " engine cannot send a request without User-Agent (Java's HttpClient adds its own); give one");
    }
  }

  /** The name on the command line, in the table, and of the engine's subfolder. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Runs the whole job into {@code settings}' output dir and reports every URL. The job must not use the embedded
   * origin for the blocking engines: {@link SharedOrigins} points it at a started one.
   */
  public JobReport run(FetchpipeSettings settings) {
    return run(settings, new RunCancel());
  }

  /** Like {@link #run(FetchpipeSettings)}, stopped early by {@code cancel} as `run` stops at Ctrl-C. */
  public JobReport run(FetchpipeSettings settings, RunCancel cancel) {
    return switch (this) {
      case SEQUENTIAL -> SequentialEngine.run(settings, cancel);
      case THREADS -> ThreadPoolEngine.run(settings, CompareSettings.from(settings).threadPoolSize(), cancel);
      case ACTORS -> ActorEngine.run(settings, cancel);
    };
  }

  /** How much may run at once, in words, for the table. */
  public String concurrency(FetchpipeSettings settings) {
    return switch (this) {
      case SEQUENTIAL -> "1 at a time";
      case THREADS -> {
        int size = CompareSettings.from(settings).threadPoolSize();
        yield size == 1 ? "1 thread" : size + " threads";
      }
      case ACTORS -> "max-in-flight " + settings.fetch().maxInFlight();
    };
  }

  /** Comma-separated engine names, each at most once, in the order given. */
  public static List<Engine> parseList(String option, String names) {
    List<Engine> engines = new ArrayList<>();
    for (String name : names.split(",", -1)) {
      Engine engine = parse(option, name);
      if (engines.contains(engine)) throw new SettingsException(option, engine.label() + " given twice");
      engines.add(engine);
    }
    return List.copyOf(engines);
  }

  public static Engine parse(String option, String name) {
    for (Engine engine : values()) {
      if (engine.label().equals(name.trim().toLowerCase(Locale.ROOT))) return engine;
    }
    throw new SettingsException(option, "expected " + names() + ", got \"" + name.trim() + "\"");
  }

  private static String names() {
    return Arrays.stream(values()).map(Engine::label).collect(Collectors.joining(", "));
  }
}
