package dev.fetchpipe.cli;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.console.DryRunText;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.pipeline.DryRun;
import dev.fetchpipe.report.DryRunResult;
import dev.fetchpipe.report.Probe;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * {@code run --dry-run}: the job's URLs asked about in this process, never through a daemon (a dry run writes nothing
 * a daemon would keep, and asks from where the user is), each printed as it is known, then the totals. Exit status 0
 * when every URL answered 2xx (or would be kept), else 1; 2 for a mistake in the command or config, as run.
 */
final class DryRunConsole {
  private DryRunConsole() {}

  static int run(RunCommand command) {
    if (command.report != null || command.timeline != null || command.metricsPort != null) {
      throw new SettingsException("--dry-run", "a dry run writes nothing and serves nothing: it takes no --report, "
          + "--timeline or --metrics-port");
    }
    // Start Logback before Pekko's threads log anything, as run in process does.
    LoggerFactory.getILoggerFactory();
    FetchpipeSettings settings = FetchpipeSettings.from(command.config.merge(command.job.shortcuts()));
    PrintStream out = command.main.out();
    if (settings.fetch().net().insecure()) command.main.err().println(RunCommand.INSECURE);
    DryRunResult result = DryRun.run(settings, OriginServer.forJob(settings), new DryRun.Listener() {
      @Override
      public void started(String site, int urls, int concurrency) {
        out.print(DryRunText.header(site, urls, concurrency, settings.job().outputDir().toString()));
        out.flush();
      }

      @Override
      public void asked(Probe probe) {
        out.print(DryRunText.line(probe));
        out.flush();
      }
    });
    out.print(DryRunText.footer(result));
    out.flush();
    return result.exitCode();
  }
}
