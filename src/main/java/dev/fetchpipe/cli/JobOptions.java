package dev.fetchpipe.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** `run`'s shortcuts for the job (--urls, --out, -m), shared by the commands that run the same job another way. */
final class JobOptions {

  @Option(names = "--urls", paramLabel = "FILE",
      description = "File with one URL a line (# comments); replaces the config's URL source.")
  Path urls;

  @Option(names = "--out", paramLabel = "DIR", description = "Output dir (fetchpipe.job.output-dir).")
  String out;

  @Option(names = "-m", paramLabel = "N", description = "Most requests in flight at once (fetchpipe.fetch.max-in-flight).")
  String maxInFlight;

  /** --urls, --out and -m, as the config keys they stand for. */
  Map<String, Object> shortcuts() {
    Map<String, Object> keys = new HashMap<>();
    // Replaces the config file's source (urls, or base-url and codes): ConfigLayers lets the higher source win.
    if (urls != null) keys.put("fetchpipe.job.url-file", urls.toString());
    if (out != null) keys.put("fetchpipe.job.output-dir", out);
    if (maxInFlight != null) keys.put("fetchpipe.fetch.max-in-flight", maxInFlight);
    return keys;
  }
}
