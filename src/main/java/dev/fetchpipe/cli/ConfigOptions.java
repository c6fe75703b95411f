package dev.fetchpipe.cli;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads configuration shares: --config and --set. */
final class ConfigOptions {

  @Option(names = "--config", paramLabel = "FILE", description = {"HOCON config file, over reference.conf's defaults.",
      "A job without it and without URLs of its own is the", "demo job, the project's conf/application.conf."})
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = {"Override one config key; wins over everything else.", "Repeatable. The leading 'fetchpipe.' may be left",
          "out, e.g. --set fetch.max-in-flight=50."})
  List<String> sets = new ArrayList<>();

  /** reference.conf, then the config file, then the shortcuts, then --set. */
  Config merge(Map<String, Object> shortcuts) {
    return merge(shortcuts, List.of());
  }

  /** Like {@link #merge(Map)}, with {@code lastSets} (KEY=VALUE, read as --set reads them) after every --set. */
  Config merge(Map<String, Object> shortcuts, List<String> lastSets) {
    List<String> all = new ArrayList<>(sets);
    all.addAll(lastSets);
    return ConfigLayers.merge(file(shortcuts), shortcuts, all);
  }

  /**
   * --config's file; else, for a job whose URLs the command line gives, none (reference.conf's defaults: the demo's
   * slow origin and 5 at once are the demo's own); else the demo job, the project's conf/application.conf.
   */
  Path file(Map<String, Object> shortcuts) {
    if (configFile != null) return configFile;
    return ConfigLayers.ownUrls(shortcuts, sets) ? null : defaultConfigFile();
  }

  /**
   * reference.conf, then --config only when given, then the shortcuts, then --set: for `serve`, whose user expects
   * the origin's documented defaults, not the demo job's slow origin from conf/application.conf.
   */
  Config mergeOnlyGivenFile(Map<String, Object> shortcuts) {
    return ConfigLayers.merge(configFile, shortcuts, sets);
  }

  /** The project's conf/application.conf when it exists; the launcher says where the project is. */
  private static Path defaultConfigFile() {
    String home = System.getProperty("fetchpipe.home");
    Path file = Path.of(home != null ? home : ".").resolve("conf").resolve("application.conf");
    return Files.isRegularFile(file) ? file : null;
  }
}
