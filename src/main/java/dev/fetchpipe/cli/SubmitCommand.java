package dev.fetchpipe.cli;

import com.typesafe.config.Config;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.JobBody;
import dev.fetchpipe.client.JobFollower;
import dev.fetchpipe.client.Submitted;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.ProgressSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "submit", description = "Hand a job to the running daemon (the same job options as run).",
    footer = {"", "Exit status: 0 submitted; with --wait, run's: 0 every URL OK, 1 some not found",
        "or failed, 3 cancelled, 130 cut short by Ctrl-C, 143 by SIGTERM; 2 a bad job or",
        "no daemon to take it."})
final class SubmitCommand implements Callable<Integer> {

  @ParentCommand
  Terminal main;

  @Mixin
  ConfigOptions config;

  @Mixin
  JobOptions job;

  @Mixin
  DaemonOptions daemon;

  @Option(names = "--report", paramLabel = "FILE", description = {"The daemon also writes the result of every URL", "there as JSON."})
  Path report;

  @Option(names = "--timeline", paramLabel = "FILE.html",
      description = {"The daemon also draws every URL's bar over time", "there, as one self-contained HTML page."})
  Path timeline;

  @Option(names = "--wait", description = {"Show the job's progress and summary as run does,", "and exit with run's exit status."})
  boolean await;

  /** Not a daemon's: refused in words that say where a dry run is (hidden from --help). */
  @Option(names = "--dry-run", hidden = true)
  boolean dryRun;

  @Override
  public Integer call() {
    if (dryRun) {
      throw new dev.fetchpipe.config.SettingsException("--dry-run", "a dry run is run's, not a daemon's: it asks the "
          + "servers from here and writes nothing; use fetchpipe run --dry-run with the same options");
    }
    Path workDir = Path.of("").toAbsolutePath();
    java.util.Map<String, Object> shortcuts = job.shortcuts();
    JobBody body = JobBody.of(config.file(shortcuts), shortcuts, config.sets, workDir);
    // The daemon writes them, but a path the user cannot write is better named now than after the job.
    if (report != null) OutputFileOptions.check(workDir.resolve(report), "--report");
    if (timeline != null) OutputFileOptions.check(workDir.resolve(timeline), "--timeline");
    try (DaemonClient client = daemon.connect()) {
      Submitted submitted = client.submit(body.json(), absolute(workDir, report), absolute(workDir, timeline));
      if (!await) {
        main.out().println("Submitted job " + submitted.id() + ": " + client.address().resolve(submitted.self()));
        main.out().flush();
        return ExitCodes.OK;
      }
      return new JobFollower(client, main.stdoutIsTerminal(), main.out(), main.err())
          .followCancellableBySignals(submitted.id(), progress(submitted, body));
    }
  }

  /**
   * How to show the job's progress: as the daemon merged the job's settings (its own config under the job's), else,
   * from a daemon that does not say, as this client reads the job over fetchpipe's defaults.
   */
  static Submitted.Progress progress(Submitted submitted, JobBody body) {
    if (submitted.progress() != null && submitted.progress().style() != null) return submitted.progress();
    ProgressSettings own = FetchpipeSettings.progress(body.withDefaults());
    return new Submitted.Progress(own.style().name(), own.spinnerInterval().toNanos() / 1e6,
        own.plainInterval().toNanos() / 1e6);
  }

  private static Path absolute(Path workDir, Path file) {
    return file == null ? null : workDir.resolve(file).normalize();
  }
}
