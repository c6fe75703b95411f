package dev.fetchpipe.cli;

import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.config.SettingsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "resize", description = {"Change a running job's limits at once.",
    "More fetchers start now; fewer retire as they finish."},
    footer = {"", "Exit status: 0 changed, 2 a bad number, no such running job, or no daemon to",
        "ask."})
final class ResizeCommand implements Callable<Integer> {
  /** The writer pool's bound, as for fetchpipe.blocking-io-dispatcher's fixed-pool-size. */
  private static final int MAX_WRITERS = 1024;

  @ParentCommand
  Terminal main;

  @Mixin
  DaemonOptions daemon;

  @Parameters(paramLabel = "ID", description = "The job's id (fetchpipe jobs lists them).")
  String id;

  @Option(names = {"-m", "--max-in-flight"}, paramLabel = "N", description = "Most requests in flight at once.")
  String maxInFlight;

  @Option(names = "--max-per-host", paramLabel = "N", description = "Most requests in flight at once to one host.")
  String maxPerHost;

  @Option(names = "--writers", paramLabel = "N", description = "Writer threads: files written at the same moment.")
  String writers;

  @Override
  public Integer call() {
    // Checked here, before any request, so a typo is named as the option the user typed.
    Map<String, Integer> limits = new LinkedHashMap<>();
    if (maxInFlight != null) limits.put("maxInFlight", wholeNumber("-m", maxInFlight, Integer.MAX_VALUE));
    if (maxPerHost != null) limits.put("maxPerHost", wholeNumber("--max-per-host", maxPerHost, Integer.MAX_VALUE));
    if (writers != null) limits.put("writerThreads", wholeNumber("--writers", writers, MAX_WRITERS));
    if (limits.isEmpty()) throw new SettingsException("resize", "give at least one of -m (--max-in-flight), --max-per-host, --writers");
    RemoteJobStatus status;
    try (DaemonClient client = daemon.connect()) {
      status = client.resize(id, limits);
    }
    RemoteJobStatus.Limits now = status.settings();
    if (now == null) {
      main.out().printf("%s: %s; its limits are not known yet%n", status.id(), status.state());
    } else {
      main.out().printf("%s: max-in-flight %d, max-per-host %d, writers %d%n",
          status.id(), now.maxInFlight(), now.maxPerHost(), now.writerThreads());
    }
    main.out().flush();
    return ExitCodes.OK;
  }

  private static int wholeNumber(String option, String value, int max) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new SettingsException(option, "expected a whole number from 1 to " + max + ", got '" + value + "'");
    }
    if (n < 1 || n > max) throw new SettingsException(option, "expected a whole number from 1 to " + max + ", got " + n);
    return n;
  }
}
