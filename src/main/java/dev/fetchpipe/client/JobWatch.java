package dev.fetchpipe.client;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.ProgressText;
import dev.fetchpipe.report.Summary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows one of the daemon's jobs to its end and shows it as run would: the header, progress, each cancel, abort and
 * resize as it happens, then the summary from the job's report. Ctrl-C meanwhile cancels the job (see
 * {@link CancelOnSignal}).
 */
public final class JobWatch {
  private final DaemonClient client;
  private final String id;
  private final PrintStream out;
  private final PrintStream err;
  private final ProgressPrinter progress;
  private boolean headerShown;
  private JobStatus end;
  private EndSummary endSummary;
  /** Ctrl-C and SIGTERM while following; null until then. */
  private CancelOnSignal signals;
  /** The job's cancel.grace, from its statuses; null until one says. */
  private Double graceMs;

  /**
   * @param progressStyle    auto, spinner, plain or off, as fetchpipe.progress.style
   * @param stdoutIsTerminal whether auto means the spinner
   */
  public JobWatch(DaemonClient client, String id, String progressStyle, boolean stdoutIsTerminal,
      Duration spinnerInterval, Duration plainInterval, PrintStream out, PrintStream err) {
    this.client = client;
    this.id = id;
    this.out = out;
    this.err = err;
    ProgressPrinter.Mode mode = switch (progressStyle.toLowerCase(Locale.ROOT)) {
      case "spinner" -> ProgressPrinter.Mode.SPINNER;
      case "plain" -> ProgressPrinter.Mode.PLAIN;
      case "off" -> ProgressPrinter.Mode.OFF;
      default -> stdoutIsTerminal ? ProgressPrinter.Mode.SPINNER : ProgressPrinter.Mode.PLAIN;
    };
    this.progress = new ProgressPrinter(mode, mode == ProgressPrinter.Mode.SPINNER ? spinnerInterval : plainInterval, out);
  }

  /** Waits for the job's end with Ctrl-C and SIGTERM cancelling it; returns run's exit code for how it ended. */
  public int followCancellableBySignals() {
    try (CancelOnSignal signals = new CancelOnSignal(client, id, err)) {
      this.signals = signals;
      follow();
      return exitCode(signals.source());
    }
  }

  private void follow() {
    client.events(id, event -> {
      switch (event.type()) {
        case "progress" -> onProgress(DaemonClient.parse(event, JobStatus::from));
        case "cancel" -> onCancel(DaemonClient.parse(event, json -> json));
        case "abort" -> onAbort(DaemonClient.parse(event, json -> json));
        case "resize" -> onResize(DaemonClient.parse(event, json -> json));
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
    progress.clear();
    // The report only from a daemon whose end did not carry the summary: it lists every URL, where the summary shows ten.
    JobReport report = endSummary.present() ? endSummary.report(end, concurrency(end)) : client.report(id);
    out.print(Summary.footer(report));
    out.flush();
  }

  private void onProgress(JobStatus status) {
    if (status.cancelGraceMs() != null) graceMs = status.cancelGraceMs();
    showHeader(status);
    progress.show(ProgressText.line(status.ok() + status.kept(), status.failed(), status.skipped(), status.inFlight(),
        status.total(), status.bytes(), status.elapsedMs()));
  }

  /** run's header, from the first status: the job's counts stand for its plan. */
  private void showHeader(JobStatus status) {
    if (headerShown || status.site() == null) return;
    headerShown = true;
    out.print(Summary.header(status.site(), status.total(), concurrency(status), status.outputDir(), status.nodes() != null));
    if (status.kept() > 0) out.print(Summary.resumed(status.kept(), 0));
    out.flush();
  }

  /** As run announces a cancel; a Ctrl-C here is named as run names it, though the daemon only saw a request. */
  /** As run counts it: requests in flight at once at most, fewer when fewer URLs are left to fetch. */
  private static int concurrency(JobStatus status) {
    int toFetch = status.total() - status.kept();
    return Math.max(1, Math.min(status.settings() == null ? toFetch : status.settings().maxInFlight(), toFetch));
  }

  private void onCancel(JsonFields cancel) {
    CancelSource mine = signals == null ? null : signals.source();
    CancelSource source = source(cancel.text("source", ""));
    String who = mine != null ? mine.label()
        : source == null ? cancel.text("source", "cancel") : source.describe(cancel.text("reason", ""));
    // Someone else's cancel: a Ctrl-C here is then the second cancel, which aborts.
    String abortBy = mine == CancelSource.INTERRUPT ? "Ctrl-C again" : "Ctrl-C";
    Double grace = cancel.numberOrNull("graceMs") != null ? cancel.numberOrNull("graceMs") : graceMs;
    progress.announce(CancelText.cancelling(who, cancel.integer("inFlight"), grace, abortBy));
  }

  private void onAbort(JsonFields abort) {
    progress.announce("Aborting (" + abort.text("reason", "abort") + "): cutting off "
        + abort.integer("inFlight") + " in flight");
  }

  private void onResize(JsonFields resize) {
    progress.announce(String.format(Locale.ROOT, "Resized at %.2fs: max-in-flight %d, max-per-host %d, writers %d",
        resize.number("atMs") / 1000.0, resize.integer("maxInFlight"), resize.integer("maxPerHost"),
        resize.integer("writerThreads")));
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
