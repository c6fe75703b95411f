package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in origins of one compare or sweep. A job with base-url = embedded would have its own origin started for
 * each run (as run does); here one is started for all runs that want the same origin (same delay, jitter, error rate),
 * and every run is pointed at its URL, so every engine and every value fetches from the same server, warmed up alike.
 * A sweep over origin.* keys gets one origin per value.
 */
public final class SharedOrigins implements AutoCloseable {
  private final Map<OriginSettings, RunningOrigin> started = new LinkedHashMap<>();

  /** The keys that point this job at a started origin: base-url set to its flags URL; none for other jobs. */
  public Map<String, Object> pointAt(FetchpipeSettings settings) {
    if (!(settings.job().source() instanceof UrlSource.Flags flags) || !flags.embedded()) return Map.of();
    OriginSettings wanted = settings.origin();
    // As run does for an embedded origin (OriginServer.forJob): loopback, a free port.
    OriginSettings loopback = wanted.onFreeLoopbackPort();
    RunningOrigin origin = started.computeIfAbsent(loopback, key -> OriginServer.start(settings.config(), key));
    return Map.of("fetchpipe.job.base-url", origin.flagsUrl());
  }

  @Override
  public void close() {
    started.values().forEach(RunningOrigin::close);
    started.clear();
  }
}
