package dev.fetchpipe.cli;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.metrics.MetricsServer;
import dev.fetchpipe.metrics.MetricsWatcher;
import dev.fetchpipe.pipeline.JobRunner;
import dev.fetchpipe.pipeline.Watcher;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;

/** `run --metrics-port N`: the job's metrics served on 127.0.0.1:N while it runs; without the option, nothing at all. */
final class RunMetrics implements AutoCloseable {
  static final String OPTION = "--metrics-port";
  /** The job_id label of run's one job: a daemon's jobs have ids, a one-shot job has none. */
  static final String JOB_ID = "run";

  private final MetricsServer server;
  private final JobRunner.Watch watch;

  private RunMetrics(MetricsServer server, JobRunner.Watch watch) {
    this.server = server;
    this.watch = watch;
  }

  /** @param port the option's value, or null when it was not given */
  static RunMetrics start(String port, FetchpipeSettings settings) {
    if (port == null) return new RunMetrics(null, null);
    int number = parsePort(port);
    // One job, kept to the end: there is no later job to make room for.
    FetchpipeMetrics metrics = new FetchpipeMetrics(1);
    try {
      MetricsServer server = MetricsServer.start(metrics, number);
      return new RunMetrics(server, new JobRunner.Watch("metrics",
          MetricsWatcher.create(metrics, JOB_ID, settings.writer().dispatcher()), Watcher.Pace.STATUS, true));
    } catch (IOException e) {
      throw new SettingsException(OPTION, "cannot listen on " + MetricsServer.HOST + ":" + number + ": " + PlainWords.of(e));
    }
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 1 && port <= 65_535) return port;
    } catch (NumberFormatException e) {
      // said below, as for a number out of range
    }
    throw new SettingsException(OPTION, "must be a port number from 1 to 65535, got \"" + text + "\"");
  }

  /** What hears the job's events, or null when no metrics are served. */
  JobRunner.Watch watch() {
    return watch;
  }

  @Override
  public void close() {
    if (server != null) server.close();
  }
}
