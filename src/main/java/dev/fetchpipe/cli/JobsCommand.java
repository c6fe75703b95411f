package dev.fetchpipe.cli;

import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.JobsTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "jobs", description = "List the daemon's jobs, newest first.",
    footer = {"", "Exit status: 0 listed, 2 no daemon to ask or it refused."})
final class JobsCommand implements Callable<Integer> {

  @ParentCommand
  Terminal main;

  @Mixin
  DaemonOptions daemon;

  @Override
  public Integer call() {
    try (DaemonClient client = daemon.connect()) {
      main.out().print(JobsTable.render(client.jobs()));
    }
    main.out().flush();
    return ExitCodes.OK;
  }
}
