package dev.fetchpipe.cli;

import com.typesafe.config.Config;
import dev.fetchpipe.client.BackgroundDaemon;
import dev.fetchpipe.client.DaemonEndpoint;
import dev.fetchpipe.client.DaemonStop;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.daemon.Daemon;
import dev.fetchpipe.daemon.DaemonProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "daemon", description = {"Run jobs submitted over an HTTP API until Ctrl-C or SIGTERM.",
    "See docs/daemon-api.md. Jobs start from reference.conf's defaults and the",
    "daemon's own --config and --set, never from the demo job's config."},
    footer = {"", "Prints one line, 'fetchpipe daemon at http://HOST:PORT/?token=...', and writes",
        "the same to STATE-DIR/daemon.json (mode 0600) for the clients: submit, jobs,",
        "watch, cancel, resize.",
        "Ctrl-C or SIGTERM cancels running jobs gracefully (again: aborts them); they",
        "are carried on at the next start. 'fetchpipe daemon --stop' stops it so.",
        "run starts one in the background when none is up; this one takes the place of",
        "such a daemon when it has no job.",
        "Exit status: 0 stopped, 2 bad usage or configuration (or the address or state",
        "dir is in use)."})
final class DaemonCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Option(names = "--host", paramLabel = "HOST", description = {"Interface to listen on", "(fetchpipe.daemon.host; default 127.0.0.1)."})
  String host;

  @Option(names = "--port", paramLabel = "N", description = {"Port to listen on", "(fetchpipe.daemon.port; 0 picks a free one)."})
  String port;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = {"Where daemon.json and the jobs are kept", "(fetchpipe.daemon.state-dir; default",
          "$FETCHPIPE_STATE_DIR, else", "~/.local/state/fetchpipe)."})
  Path stateDir;

  @Option(names = "--cluster", description = {"Be a node of a cluster of daemons: every job is", "spread over all nodes",
      "(fetchpipe.daemon.cluster.enabled; docs/cluster.md)."})
  boolean cluster;

  @Option(names = "--cluster-host", paramLabel = "HOST",
      description = {"The address other nodes reach this one at", "(fetchpipe.daemon.cluster.host; default 127.0.0.1)."})
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "N",
      description = {"The cluster's port on this node", "(fetchpipe.daemon.cluster.port; default 25520)."})
  String clusterPort;

  @Option(names = "--cluster-keys", paramLabel = "DIR",
      description = "The node's keys, made by `fetchpipe cluster-keys` (fetchpipe.daemon.cluster.keys; needed with --cluster).")
  Path clusterKeys;

  @Option(names = "--seed", paramLabel = "HOST:PORT",
      description = {"A node to join through; repeat for each, the same", "on every node",
          "(fetchpipe.daemon.cluster.seed-nodes)."})
  List<String> seeds;

  @Option(names = "--stop", description = {"Stop the daemon running with the state dir (and",
      "those of other builds run started beside it), as", "SIGTERM does, and wait until it has stopped."})
  boolean stop;

  /** Started by run in the background: from reference.conf and --set alone, and stopping after daemon.idle-timeout. */
  @Option(names = "--background", hidden = true)
  boolean background;

  @Override
  public Integer call() {
    if (stop) return DaemonStop.stop(DaemonEndpoint.stateDir(stateDir, System.getenv(), System.getProperty("user.home")),
        main.out(), main.err());
    Map<String, Object> shortcuts = new HashMap<>();
    if (host != null) shortcuts.put("fetchpipe.daemon.host", host);
    if (port != null) shortcuts.put("fetchpipe.daemon.port", port);
    if (stateDir != null) shortcuts.put("fetchpipe.daemon.state-dir", stateDir.toAbsolutePath().toString());
    if (cluster) shortcuts.put("fetchpipe.daemon.cluster.enabled", true);
    if (clusterHost != null) shortcuts.put("fetchpipe.daemon.cluster.host", clusterHost);
    if (clusterPort != null) shortcuts.put("fetchpipe.daemon.cluster.port", clusterPort);
    if (seeds != null) shortcuts.put("fetchpipe.daemon.cluster.seed-nodes", seeds);
    if (clusterKeys != null) shortcuts.put("fetchpipe.daemon.cluster.keys", clusterKeys.toAbsolutePath().toString());
    // The daemon is not the demo job: its jobs start from reference.conf (and its own --config), never from the demo's
    // conf/application.conf, so a job handed to it over the API has the documented defaults.
    Config merged = config.mergeOnlyGivenFile(shortcuts);
    DaemonSettings settings = DaemonSettings.from(merged, System.getenv());
    if (!background) BackgroundDaemon.replaceIdle(settings.stateDir(), main.err());
    return DaemonProcess.run(merged, settings, Path.of("").toAbsolutePath(), main.out(), background);
  }
}
