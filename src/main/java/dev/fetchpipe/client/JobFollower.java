package dev.fetchpipe.client;

import dev.fetchpipe.console.Console;
import dev.fetchpipe.console.ConsoleEvent;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobStart;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Follows one of the daemon's jobs to its end ({@code submit --wait}) and shows it as run does, on the same
 * {@link Console}: the daemon's events (header from the first status, progress, each cancel, abort and resize) become
 * {@link ConsoleEvent}s, then the summary from the job's end. Ctrl-C meanwhile cancels the job ({@link ClientSignals}).
 */
public final class JobFollower {
  private final DaemonClient client;
  private final String id;
  private final PrintStream err;
  private final Console console;
  private boolean headerShown;
  private JobStatus end;
  private EndSummary endSummary;
  /** Ctrl-C and SIGTERM while following; null until then. */
  private ClientSignals signals;
  /** The job's cancel.grace, from its statuses; null until one says (a daemon that does not). */
  private Double graceMs;

  /**
   * @param progressStyle    auto, spinner, plain or off, as fetchpipe.progress.style
   * @param stdoutIsTerminal whether auto means the spinner
   */
  public JobFollower(DaemonClient client, String id, String progressStyle, boolean stdoutIsTerminal,
      Duration spinnerInterval, Duration plainInterval, PrintStream out, PrintStream err) {
    this.client = client;
    this.id = id;
    this.err = err;
    ProgressStyle style = ProgressStyle.of(progressStyle, stdoutIsTerminal);
    // The daemon sends progress a few times a second: the interval, not the events, sets the pace, as in run.
    this.console = new Console(style, style == ProgressStyle.SPINNER ? spinnerInterval : plainInterval, out);
  }

  /** Waits for the job's end with Ctrl-C and SIGTERM cancelling it; returns run's exit code for how it ended. */
  public int followCancellableBySignals() {
    try (ClientSignals signals = new ClientSignals(client, id, err)) {
      this.signals = signals;
      follow();
      return exitCode(signals.source());
    }
  }

  private void follow() {
    client.events(id, event -> {
      switch (event.type()) {
        case "progress" -> onProgress(DaemonClient.parse(event, JobStatus::from));
        case "cancel" -> console.show(cancelling(DaemonClient.parse(event, json -> json)));
        case "abort" -> DaemonClient.parse(event, abort -> {
          console.show(new ConsoleEvent.Aborting(abort.text("reason", "abort"), abort.integer("inFlight")));
          return abort;
        });
        case "resize" -> DaemonClient.parse(event, resize -> {
          console.show(new ConsoleEvent.Resized(resize.number("atMs"), resize.integer("maxInFlight"),
              resize.integer("maxPerHost"), resize.integer("writerThreads")));
          return resize;
        });
        case "end" -> DaemonClient.parse(event, json -> {
          end = JobStatus.from(json);
          endSummary = EndSummary.from(json);
          return json;
        });
        default -> { } // a kind of event this client does not know: a later daemon's
      }
      return end == null;
    });
    if (end == null) throw new ClientException("the daemon ended job " + id + "'s event stream before the job ended", 1);
    // A job carried on after a restart may find it cannot start (its output dir gone): it has no report to show.
    if (end.error() != null) throw new ClientException("job " + id + " could not start: " + end.error());
    showHeader(end);
    // The report only from a daemon whose end did not carry the summary: it lists every URL, where the summary shows ten.
    JobReport report = endSummary.present() ? endSummary.report(end, concurrency(end)) : client.report(id);
    console.show(new ConsoleEvent.Ended(report));
  }

  private void onProgress(JobStatus status) {
    if (status.cancelGraceMs() != null) graceMs = status.cancelGraceMs();
    showHeader(status);
    console.show(new ConsoleEvent.Progress(status.ok() + status.kept(), status.failed(), status.skipped(),
        status.inFlight(), status.waitingToRetry(), status.total(), status.bytes(), status.elapsedMs(), status.msLeft()));
  }

  /** run's header, from the first status: the job's counts stand for its plan. */
  private void showHeader(JobStatus status) {
    if (headerShown || status.site() == null) return;
    headerShown = true;
    // In a cluster max-in-flight is each node's: the header says so.
    console.show(new ConsoleEvent.Started(JobStart.ofCounts(status.site(), status.total(), concurrency(status),
        status.outputDir(), status.kept(), status.nodes() != null)));
  }

  /** As run counts it: requests in flight at once at most, fewer when fewer URLs are left to fetch. */
  private static int concurrency(JobStatus status) {
    int toFetch = status.total() - status.kept();
    return Math.max(1, Math.min(status.settings() == null ? toFetch : status.settings().maxInFlight(), toFetch));
  }

  /**
   * As run announces a cancel, with the job's grace period (the cancel event's, else its statuses'); a Ctrl-C here is
   * named as run names it, though the daemon only saw a request.
   */
  private ConsoleEvent.Cancelling cancelling(JsonFields cancel) {
    CancelSource mine = signals == null ? null : signals.source();
    CancelSource source = source(cancel.text("source", ""));
    String who = mine != null ? mine.label()
        : source == null ? cancel.text("source", "cancel") : source.describe(cancel.text("reason", ""));
    // Someone else's cancel: a Ctrl-C here is then the second cancel, which aborts.
    String abortBy = mine == CancelSource.INTERRUPT ? "Ctrl-C again" : "Ctrl-C";
    Double grace = cancel.numberOrNull("graceMs") != null ? cancel.numberOrNull("graceMs") : graceMs;
    return new ConsoleEvent.Cancelling(who, cancel.integer("inFlight"),
        grace == null ? null : Duration.ofNanos(Math.round(grace * 1e6)), abortBy);
  }

  /**
   * The job's exit code, as the daemon gives it. The daemon knows a cancel only as a request; when it was this
   * client's Ctrl-C (or SIGTERM) that cut the job short, the code is the signal's, as run's would be.
   */
  private int exitCode(CancelSource signal) {
    int code = end.exitCode() != null ? end.exitCode() : 1;
    Cancellation cancellation = end.cancellation();
    boolean cutByRequest = cancellation != null && cancellation.source() == CancelSource.REQUEST
        && code == CancelSource.REQUEST.exitCode();
    return signal != null && cutByRequest ? signal.exitCode() : code;
  }

  private static CancelSource source(String name) {
    try {
      return CancelSource.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }
}
