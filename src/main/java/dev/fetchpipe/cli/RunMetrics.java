package dev.fetchpipe.cli;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.metrics.MetricsServer;
import dev.fetchpipe.metrics.MetricsWatcher;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import org.apache.pekko.actor.typed.Behavior;

/** `run --metrics-port N`: the job's metrics served on 127.0.0.1:N while it runs; without the option, nothing at all. */
final class RunMetrics implements AutoCloseable {
  static final String OPTION = "--metrics-port";
  /** The job_id label of run's one job: a daemon's jobs have ids, a one-shot job has none. */
  static final String JOB_ID = "run";

  private final MetricsServer server;
  private final Behavior<JobEvent> watcher;

  private RunMetrics(MetricsServer server, Behavior<JobEvent> watcher) {
    this.server = server;
    this.watcher = watcher;
  }

  /** @param port the option's value, or null when it was not given */
  static RunMetrics start(String port, FetchpipeSettings settings) {
    if (port == null) return new RunMetrics(null, null);
    int number = parsePort(port);
    // One job, kept to the end: there is no later job to make room for.
    FetchpipeMetrics metrics = new FetchpipeMetrics(1);
    try {
      MetricsServer server = MetricsServer.start(metrics, number);
      return new RunMetrics(server, MetricsWatcher.create(metrics, JOB_ID, settings.writer().dispatcher()));
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
  Behavior<JobEvent> watcher() {
    return watcher;
  }

  @Override
  public void close() {
    if (server != null) server.close();
  }
}
