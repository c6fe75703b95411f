package dev.fetchpipe.cli;

import dev.fetchpipe.client.DaemonEndpoint;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.config.SettingsException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a client command finds the daemon: its state dir's daemon.json, or the URL it printed. */
final class DaemonOptions {

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = {"The daemon's state dir, where it wrote daemon.json", "(default: $FETCHPIPE_STATE_DIR, else",
          "~/.local/state/fetchpipe)."})
  Path stateDir;

  @Option(names = "--daemon", paramLabel = "URL",
      description = {"The URL the daemon printed, ?token= included,", "instead of its state dir."})
  String url;

  /** A client of the daemon these options name; a one-line error when there is none to reach. */
  DaemonClient connect() {
    if (url != null && stateDir != null) throw new SettingsException("--daemon", "give --daemon or --state-dir, not both");
    DaemonEndpoint address = url != null ? DaemonEndpoint.fromUrl(url)
        : DaemonEndpoint.fromStateDir(DaemonEndpoint.stateDir(stateDir, System.getenv(), System.getProperty("user.home")));
    return new DaemonClient(address);
  }
}
