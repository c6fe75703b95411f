package dev.fetchpipe.cli;

import com.typesafe.config.Config;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", description = "Run the built-in origin server alone until Ctrl-C.",
    footer = {"", "Without --config it starts from reference.conf's defaults (no delay, no errors),",
        "not from conf/application.conf, whose slow origin is the demo job's."})
final class ServeCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Option(names = "--port", paramLabel = "N", description = {"Port to listen on (fetchpipe.origin.port; 0 picks", "a free one)."})
  String port;

  @Override
  public Integer call() {
    Config merged = merged();
    OriginSettings settings = FetchpipeSettings.originFrom(merged);
    RunningOrigin origin = OriginServer.start(merged, settings);
    main.out().printf(Locale.ROOT, "Serving on %s (flags at %s/{cc}/{cc}.gif), delay %d ms +/- %d ms, error rate %.0f%% (HTTP %d).%n",
        origin.baseUrl(), origin.flagsUrl(), settings.delay().toMillis(), settings.jitter().toMillis(),
        settings.errorRate() * 100, settings.errorStatus());
    main.out().println("Press Ctrl-C to stop.");
    main.out().flush();
    // Ctrl-C runs the JVM's shutdown hooks, and Pekko's CoordinatedShutdown among them unbinds and terminates.
    origin.whenTerminated().toCompletableFuture().join();
    return ExitCodes.OK;
  }

  /** The layers serve reads: no project config file unless --config names one. */
  Config merged() {
    Map<String, Object> shortcuts = new HashMap<>();
    if (port != null) shortcuts.put("fetchpipe.origin.port", port);
    return config.mergeOnlyGivenFile(shortcuts);
  }
}
