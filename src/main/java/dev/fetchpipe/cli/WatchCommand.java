package dev.fetchpipe.cli;

import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.JobFollower;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "watch", description = "Show one of the daemon's jobs as run shows it (header, progress, summary) until"
    + " it ends; Ctrl-C stops watching, and the job goes on.",
    footer = {"", "Exit status: the job's, as run's (0, 1, 3, 130, 143) when it ended while watched; 130 when Ctrl-C",
        "stopped the watching; 2 no such job, or no daemon to ask."})
final class WatchCommand implements Callable<Integer> {

  @ParentCommand
  Terminal main;

  @Mixin
  DaemonOptions daemon;

  @Parameters(paramLabel = "ID", description = "The job's id (fetchpipe jobs lists them).")
  String id;

  @Override
  public Integer call() {
    try (DaemonClient client = daemon.connect()) {
      return new JobFollower(client, main.stdoutIsTerminal(), main.out(), main.err()).watch(id);
    }
  }
}
