package dev.fetchpipe.cli;

import dev.fetchpipe.compare.WarmUp;
import dev.fetchpipe.config.SettingsException;
import java.util.Map;
import picocli.CommandLine.Option;

/** What compare and sweep share beyond the job: the warm-up, and the threads engine's pool size. */
final class MeasureOptions {

  @Option(names = "--warmup", paramLabel = "N",
      description = {"URLs each engine fetches once, unmeasured, before", "the measured runs; 0 for none (default: "
          + WarmUp.DEFAULT_URLS + ")."})
  String warmup;

  @Option(names = "--threads", paramLabel = "N",
      description = {"The threads engine's pool size", "(fetchpipe.compare.thread-pool.size; default:",
          "max-in-flight)."})
  String threads;

  /** --threads as the config key it stands for. */
  Map<String, Object> shortcuts() {
    return threads == null ? Map.of() : Map.of("fetchpipe.compare.thread-pool.size", threads);
  }

  int warmupUrls() {
    if (warmup == null) return WarmUp.DEFAULT_URLS;
    try {
      int n = Integer.parseInt(warmup.trim());
      if (n >= 0 && n <= 10_000) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException("--warmup", "expected a whole number of URLs from 0 to 10000, got \"" + warmup + "\"");
  }
}
