package dev.fetchpipe.cli;

import dev.fetchpipe.client.BackgroundDaemon;
import dev.fetchpipe.client.ClientException;
import dev.fetchpipe.client.DaemonEndpoint;
import dev.fetchpipe.client.DaemonClient;
import dev.fetchpipe.client.DaemonFile;
import dev.fetchpipe.client.JobBody;
import dev.fetchpipe.client.JobFollower;
import dev.fetchpipe.config.RunSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fetchpipe run}: the job handed to the user's daemon of this build and followed to its end on the terminal as
 * if it ran here ({@link JobFollower#run}); or, when it cannot go through a daemon (--no-daemon, run.daemon = off,
 * Pekko keys, --metrics-port), run in this process ({@link InProcessRun}). When no daemon is up, the job runs in this
 * process and a daemon starts in the background as it ends, for the runs after it ({@link BackgroundDaemon}). This
 * path loads no Pekko class before it knows which.
 */
@Command(name = "run", description = {"Run a download job: the URLs given, or a config file's.",
    "Without --config and without URLs of its own, it runs the demo job,",
    "conf/application.conf: 20 flags from the built-in origin, 5 at a time."},
    footer = {"", "The first run starts a daemon in the background as it ends; the runs after it",
        "hand it their jobs and start sooner ('fetchpipe daemon --stop' stops it).",
        "--no-daemon, or run.daemon = off, runs every job in this process.",
        "", "Exit status: 0 every URL OK (or kept), 1 some URL not found or failed,",
        "2 bad usage or configuration, 3 cancelled (deadline, max-errors) with some URL",
        "cut off or skipped, 130 the same by Ctrl-C, 143 by SIGTERM."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Mixin
  ConfigOptions config;

  @Mixin
  JobOptions job;

  @Option(names = "--report", paramLabel = "FILE", description = {"Also write the result of every URL as JSON."})
  Path report;

  @Option(names = "--timeline", paramLabel = "FILE.html",
      description = {"Also draw every URL's bar over time as one", "self-contained HTML page."})
  Path timeline;

  @Option(names = "--metrics-port", paramLabel = "N",
      description = {"While the job runs, serve its Prometheus metrics", "on http://127.0.0.1:N/metrics (in process)."})
  String metricsPort;

  @Option(names = "--dry-run", description = {"Ask each URL for its head only (HEAD) and print",
      "its status, size and file name: nothing is", "fetched or written. Exit 0 when all answer 2xx."})
  boolean dryRun;

  @Option(names = "--no-daemon", description = {"Run the job in this process, not through a", "daemon (run.daemon = off)."})
  boolean noDaemon;

  @Option(names = "--state-dir", paramLabel = "DIR", description = {"The daemon's state dir, where run finds it or",
      "starts it (default: $FETCHPIPE_STATE_DIR, else", "~/.local/state/fetchpipe)."})
  Path stateDir;

  static final String INSECURE_KEY = "fetchpipe.fetch.tls.insecure";
  /** Printed when a job starts with fetch.tls.insecure on, in process or through a daemon. */
  static final String INSECURE = "warning: fetch.tls.insecure is on: no server certificate is checked, any server may answer";

  @Override
  public Integer call() {
    if (dryRun) return DryRunConsole.run(this);
    if (noDaemon || metricsPort != null) return InProcessRun.run(this);
    Path workDir = Path.of("").toAbsolutePath();
    // The config file is read here, as in process: a mistake in it is the same one line, exit 2.
    JobBody body = JobBody.of(config.file(job.shortcuts()), job.shortcuts(), config.sets, workDir);
    RunSettings settings = RunSettings.from(body.layers());
    // Pekko's settings are a process's own, not a job's: such a job runs in a process of its own.
    if (!settings.daemon() || body.layers().hasPath("pekko")) return InProcessRun.run(this);
    if ("true".equals(String.valueOf(body.layers().hasPath(INSECURE_KEY) ? body.layers().getValue(INSECURE_KEY).unwrapped() : null))
        || "on".equals(String.valueOf(body.layers().hasPath(INSECURE_KEY) ? body.layers().getValue(INSECURE_KEY).unwrapped() : null))) {
      main.err().println(INSECURE);
    }
    if (report != null) OutputFileOptions.check(report, "--report");
    if (timeline != null) OutputFileOptions.check(timeline, "--timeline");
    Path daemonState = DaemonEndpoint.stateDir(stateDir, System.getenv(), System.getProperty("user.home"));
    for (int attempt = 1; ; attempt++) {
      Optional<DaemonFile> daemon = BackgroundDaemon.find(daemonState);
      if (daemon.isEmpty()) return inProcessThenStartDaemon(daemonState, settings);
      boolean[] accepted = new boolean[1];
      try (DaemonClient client = new DaemonClient(daemon.get().address())) {
        return new JobFollower(client, main.stdoutIsTerminal(), main.out(), main.err())
            .run(body.forDaemon(), absolute(workDir, report), absolute(workDir, timeline), body.outputDirAsGiven(),
                () -> accepted[0] = true);
      } catch (ClientException refused) {
        // The daemon found was stopping (its idle time ran out a moment ago, or daemon --stop): once it is gone, the
        // job is run's as if there had been none. It never had it.
        if (!accepted[0] && refused.daemonUnavailable() && attempt == 1
            && BackgroundDaemon.awaitGone(daemon.get())) {
          continue;
        }
        // A job the daemon refused (400): the mistake said as run in process says it, naming where it was made.
        if (refused.exitCode() == ExitCodes.USAGE) InProcessRun.check(this);
        throw refused;
      }
    }
  }

  /**
   * No daemon is up: the job runs here, as it always did (a daemon's own start would make this run slower than it),
   * and as it ends a daemon starts in the background for the runs after it, which run says the first time.
   */
  private int inProcessThenStartDaemon(Path daemonState, RunSettings settings) {
    int code = InProcessRun.run(this);
    String note = BackgroundDaemon.startForNextRuns(daemonState, settings.idleTimeout());
    if (note != null) {
      main.err().print(note);
      main.err().flush();
    }
    return code;
  }

  /**
   * A guess from the bare command line, before anything is read: will this run's job go to a daemon? Not with
   * --no-daemon or --metrics-port, nor when no daemon of this build is up (the job then runs here, and its start-up
   * work should begin at once). Only start-up work follows from it: a wrong guess costs time, never a wrong result.
   */
  static boolean toDaemon(String[] args) {
    Path given = null;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--no-daemon") || arg.equals("--dry-run") || arg.startsWith("--metrics-port")) return false;
      try {
        if (arg.equals("--state-dir") && i + 1 < args.length) given = Path.of(args[i + 1]);
        if (arg.startsWith("--state-dir=")) given = Path.of(arg.substring("--state-dir=".length()));
      } catch (java.nio.file.InvalidPathException notAPath) {
        return false; // picocli says what is wrong with it, on the in-process path's terms
      }
    }
    return BackgroundDaemon.likelyUp(DaemonEndpoint.stateDir(given, System.getenv(), System.getProperty("user.home")));
  }

  private static Path absolute(Path workDir, Path file) {
    return file == null ? null : workDir.resolve(file).normalize();
  }
}
