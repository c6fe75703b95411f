package dev.fetchpipe.client;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Follows one of the daemon's jobs to its end and shows it as run does ({@link EventConsole}): a job it submitted
 * ({@code submit --wait}, Ctrl-C cancels it), a job it watches ({@code watch}, Ctrl-C detaches), or {@code run}'s own
 * job, handed to the daemon and followed on the same connection, which the job belongs to ({@link #run}).
 */
public final class JobFollower {
  private final DaemonClient client;
  private final boolean stdoutIsTerminal;
  private final PrintStream out;
  private final PrintStream err;

  public JobFollower(DaemonClient client, boolean stdoutIsTerminal, PrintStream out, PrintStream err) {
    this.client = client;
    this.stdoutIsTerminal = stdoutIsTerminal;
    this.out = out;
    this.err = err;
  }

  /**
   * {@code submit --wait}: waits for the job's end with Ctrl-C and SIGTERM cancelling it; returns run's exit code for
   * how it ended.
   *
   * @param progress how to show its progress, as the daemon's 201 said
   */
  public int followCancellableBySignals(String id, Submitted.Progress progress) {
    try (ClientSignals signals = new ClientSignals(client, id, ClientSignals.Mode.SUBMITTED, err, null)) {
      EventConsole console = new EventConsole(EventConsole.Kind.FOLLOWED, progress, stdoutIsTerminal, out, null,
          signals::source);
      client.events(id, console::show);
      signals.ended();
      return ended(console, id, signals.source());
    }
  }

  /**
   * {@code watch}: shows the job until its end (then exits with its exit code), or until Ctrl-C, which leaves the job
   * running and says how to cancel it (exit 130).
   */
  public int watch(String id) {
    try (ClientSignals signals = new ClientSignals(client, id, ClientSignals.Mode.WATCH, err, client::close)) {
      EventConsole console = new EventConsole(EventConsole.Kind.FOLLOWED, null, stdoutIsTerminal, out, null, () -> null);
      client.events(id, console::show);
      if (console.end() == null && signals.source() != null) {
        console.leave();
        out.flush();
        err.println("fetchpipe: stopped watching job " + id + "; it goes on in the daemon. To cancel it: fetchpipe"
            + " cancel " + id);
        return signals.source().exitCode();
      }
      signals.ended();
      return ended(console, id, null);
    }
  }

  /**
   * {@code run} through the daemon: hands the job over on a connection it then belongs to, shows it as run in process
   * does, with Ctrl-C and SIGTERM cancelling it in run's stages, and returns run's exit code. The files the daemon
   * writes for it ({@code --report}, {@code --timeline}) that it could not write are run's errors (exit 2).
   *
   * @param outputDirAsGiven the output dir as the user wrote it, shown in the header as run shows it
   * @param accepted         called once the daemon has the job, before anything of it is shown
   */
  public int run(String jobJson, Path report, Path timeline, String outputDirAsGiven, Runnable accepted) {
    try (ClientSignals signals = new ClientSignals(client, null, ClientSignals.Mode.RUN, err, null)) {
      EventConsole console = new EventConsole(EventConsole.Kind.RUN, null, stdoutIsTerminal, out, outputDirAsGiven,
          signals::source);
      String[] id = new String[1];
      client.attach(jobJson, report, timeline, stdoutIsTerminal, outputDirAsGiven, event -> {
        if (event.type().equals("created")) {
          id[0] = DaemonClient.parse(event, Submitted::from).id();
          signals.following(id[0]);
          accepted.run();
        }
        return console.show(event);
      });
      signals.ended();
      int code = ended(console, id[0], signals.source());
      RemoteJobStatus end = console.end();
      // As run in process fails on them: after its summary, one line, exit 2.
      if (end.reportError() != null) throw new SettingsException("--report", end.reportError());
      if (end.timelineError() != null) throw new SettingsException("--timeline", end.timelineError());
      return code;
    }
  }

  /** The summary, and the exit code; a stream that ended without the job's end is the daemon's failure. */
  private int ended(EventConsole console, String id, CancelSource signal) {
    RemoteJobStatus end = console.end();
    if (end == null) {
      throw new ClientException("the daemon ended job " + id + "'s event stream before the job ended", 1);
    }
    // A job carried on after a restart may find it cannot start (its output dir gone): it has no report to show.
    if (end.error() != null) throw new ClientException("job " + id + " could not start: " + end.error());
    console.showEnd(client, id);
    return exitCode(end, signal);
  }

  /**
   * The job's exit code, as the daemon gives it. A daemon that knew this client's Ctrl-C (or SIGTERM) only as a request
   * gives the request's code: the code is then the signal's, as run's would be.
   */
  private static int exitCode(RemoteJobStatus end, CancelSource signal) {
    int code = end.exitCode() != null ? end.exitCode() : 1;
    Cancellation cancellation = end.cancellation();
    boolean cutByRequest = cancellation != null && cancellation.source() == CancelSource.REQUEST
        && code == CancelSource.REQUEST.exitCode();
    return signal != null && cutByRequest ? signal.exitCode() : code;
  }
}
