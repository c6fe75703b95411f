package dev.fetchpipe.cli;

import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.config.ByteRates;
import dev.fetchpipe.config.PerHostPace;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.RateWords;
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

  @Option(names = "--rate", paramLabel = "RATE",
      description = "Body bytes a second for the whole job, e.g. 2MiB or 500KiB; off for none.")
  String rate;

  @Option(names = "--rate-per-url", paramLabel = "RATE", description = "Body bytes a second for each URL; off for none.")
  String ratePerUrl;

  @Option(names = "--per-host-delay", paramLabel = "DELAY",
      description = "Least time between two request starts to one host, e.g. 500ms; off for none.")
  String perHostDelay;

  @Option(names = "--per-host-rate", paramLabel = "N",
      description = "Most requests a second to one host, e.g. 2 or 0.5; off for none.")
  String perHostRate;

  @Override
  public Integer call() {
    // Checked here, before any request, so a typo is named as the option the user typed.
    Map<String, Object> limits = new LinkedHashMap<>();
    if (maxInFlight != null) limits.put("maxInFlight", wholeNumber("-m", maxInFlight, Integer.MAX_VALUE));
    if (maxPerHost != null) limits.put("maxPerHost", wholeNumber("--max-per-host", maxPerHost, Integer.MAX_VALUE));
    if (writers != null) limits.put("writerThreads", wholeNumber("--writers", writers, MAX_WRITERS));
    if (rate != null) limits.put("maxBytesPerSecond", ByteRates.parse("--rate", rate));
    if (ratePerUrl != null) limits.put("maxBytesPerSecondPerUrl", ByteRates.parse("--rate-per-url", ratePerUrl));
    if (perHostDelay != null) limits.put("perHostDelay", PerHostPace.delay("--per-host-delay", perHostDelay).toMillis() + "ms");
    if (perHostRate != null) limits.put("perHostRate", PerHostPace.rate("--per-host-rate", perHostRate));
    if (limits.isEmpty()) {
      throw new SettingsException("resize", "give at least one of -m (--max-in-flight), --max-per-host, --writers, --rate,"
          + " --rate-per-url, --per-host-delay, --per-host-rate");
    }
    RemoteJobStatus status;
    try (DaemonClient client = daemon.connect()) {
      status = client.resize(id, limits);
    }
    RemoteJobStatus.Limits now = status.limits();
    if (now == null) {
      main.out().printf("%s: %s; its limits are not known yet%n", status.id(), status.state());
    } else {
      main.out().printf("%s: max-in-flight %d, max-per-host %d, writers %d%s%n",
          status.id(), now.maxInFlight(), now.maxPerHost(), now.writerThreads(),
          RateWords.after(now.maxBytesPerSecond(), now.maxBytesPerSecondPerUrl())
          + RateWords.pace(now.perHostDelayMs(), now.perHostRate(), perHostDelay != null || perHostRate != null));
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
