package dev.fetchpipe.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.CompareSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import java.util.Map;

/**
 * One job as the user configured it (the merged config of `run`'s layers), and the variants compare and sweep make
 * of it: the same job pointed at a shared origin, into a fresh subfolder, or cut down for a warm-up. The variant's
 * keys go on top of every layer, --set included, and the result is read and validated like any config.
 */
public final class JobConfig {
  private final Config merged;
  private final FetchpipeSettings settings;

  /** @throws dev.fetchpipe.config.SettingsException when the job's settings (compare's included) are not valid */
  public JobConfig(Config merged) {
    this.merged = merged;
    this.settings = FetchpipeSettings.from(merged);
    CompareSettings.from(settings);
  }

  /** The job's own settings, checked when this was made. */
  public FetchpipeSettings settings() {
    return settings;
  }

  /** The job with these full keys changed, e.g. {@code fetchpipe.job.output-dir}. */
  public FetchpipeSettings with(Map<String, Object> keys) {
    return FetchpipeSettings.from(ConfigFactory.parseMap(keys, "set by fetchpipe for this run").withFallback(merged));
  }
}
