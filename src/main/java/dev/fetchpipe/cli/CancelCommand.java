package dev.fetchpipe.cli;

import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.RemoteJobStatus;
import dev.fetchpipe.console.Console;
import dev.fetchpipe.console.ConsoleEvent;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cancel", description = {"Cancel one of the daemon's jobs, as Ctrl-C cancels run.",
    "The first cancel is graceful: fetches in flight get cancel.grace to finish.",
    "A second one, or --abort, cuts them off at once."},
    footer = {"", "Exit status: 0 cancelled, 2 no such job, a job that has ended, or no daemon to",
        "ask."})
final class CancelCommand implements Callable<Integer> {

  @ParentCommand
  Terminal main;

  @Mixin
  DaemonOptions daemon;

  @Parameters(paramLabel = "ID", description = "The job's id (fetchpipe jobs lists them).")
  String id;

  @Option(names = "--abort", description = {"Cut off the fetches in flight now instead of", "giving them the grace period."})
  boolean abort;

  @Override
  public Integer call() {
    RemoteJobStatus status;
    try (DaemonClient client = daemon.connect()) {
      status = client.cancel(id, abort, abort ? "fetchpipe cancel --abort" : "fetchpipe cancel");
    }
    // As run announces a cancel: the grace the requests in flight get, and how to cut them off sooner.
    String who = abort ? "fetchpipe cancel --abort" : "fetchpipe cancel";
    Duration grace = status.cancelGraceMs() == null ? null : Duration.ofNanos(Math.round(status.cancelGraceMs() * 1e6));
    String line = status.ended() ? "it has ended, " + status.state()
        : "ABORTING".equals(status.state()) ? Console.aborting(new ConsoleEvent.Aborting(who, status.inFlight()))
        : Console.cancelling(new ConsoleEvent.Cancelling(who, status.inFlight(), grace,
            "'fetchpipe cancel " + status.id() + "' again"));
    int skipped = status.counts().skipped();
    main.out().println(status.id() + ": " + line + (skipped > 0 ? "; " + skipped + " queued URLs skipped" : ""));
    main.out().flush();
    return ExitCodes.OK;
  }
}
