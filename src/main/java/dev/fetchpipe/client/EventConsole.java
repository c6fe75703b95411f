package dev.fetchpipe.client;

import dev.fetchpipe.console.Console;
import dev.fetchpipe.console.ConsoleEvent;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.HostPause;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JobStart;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A daemon's job on the terminal: its events (docs/daemon-api.md) shown on a {@link Console}, as {@code run} shows a
 * job it runs in process. The header from the {@code start} event (from the first status, when a daemon sends none),
 * the progress line, each cancel, abort and resize, and the summary from the {@code end}.
 */
final class EventConsole {
  /**
   * How the job came to this client: run's own job (its progress comes at the pace its console draws, and its lines
   * say what run's say), or another's followed (progress a few times a second, drawn at the console's own pace).
   */
  enum Kind { RUN, FOLLOWED }

  private final Kind kind;
  private final boolean stdoutIsTerminal;
  private final PrintStream out;
  /** The output dir as the user wrote it, shown in the header instead of the daemon's absolute one; or null. */
  private final String outputDirAsGiven;
  /** The cancel this client itself sent (its Ctrl-C or SIGTERM), or null. */
  private final Supplier<CancelSource> mine;
  private Console console;
  private boolean headerShown;
  private RemoteJobStatus end;
  private EndSummary endSummary;
  /** The job's cancel.grace, from its statuses; null until one says (a daemon that does not). */
  private Double graceMs;

  /** @param progress how to show the progress, when known before the events (submit's 201); else null */
  EventConsole(Kind kind, Submitted.Progress progress, boolean stdoutIsTerminal, PrintStream out,
      String outputDirAsGiven, Supplier<CancelSource> mine) {
    this.kind = kind;
    this.stdoutIsTerminal = stdoutIsTerminal;
    this.out = out;
    this.outputDirAsGiven = outputDirAsGiven;
    this.mine = mine;
    if (progress != null) console = console(progress);
  }

  private Console console(Submitted.Progress progress) {
    ProgressStyle style = ProgressStyle.of(progress.style() == null ? "auto" : progress.style(), stdoutIsTerminal);
    Duration every = style.interval(progress.spinnerInterval(), progress.plainInterval());
    // run's progress comes at the pace it is drawn; a followed job's more often, and the interval sets the pace.
    return new Console(style, kind == Kind.RUN || every == null ? Duration.ZERO : every, out);
  }

  /** Shows one of the job's events; returns false once the job's end has come (nothing more is shown but the end). */
  boolean show(SseEvent event) {
    switch (event.type()) {
      case "created" -> DaemonClient.parse(event, json -> {
        if (console == null) console = console(Submitted.from(json).progress());
        return json;
      });
      case "checking" -> DaemonClient.parse(event, json -> {
        // The check of the files an earlier run saved, before the job starts: the line run in process shows.
        console().show(new ConsoleEvent.Checking(outputDirAsGiven != null ? outputDirAsGiven : json.text("outputDir"),
            json.integer("files"), json.integer("ofFiles"), json.longNumber("bytes"), json.longNumber("ofBytes"),
            json.longNumber("elapsedMs")));
        return json;
      });
      case "start" -> DaemonClient.parse(event, json -> {
        showHeader(start(json));
        return json;
      });
      case "progress" -> onProgress(DaemonClient.parse(event, ProgressEvent::from));
      case "cancel" -> console().show(cancelling(DaemonClient.parse(event, json -> json)));
      case "abort" -> DaemonClient.parse(event, abort -> {
        console().show(new ConsoleEvent.Aborting(abort.text("reason", "abort"), abort.integer("inFlight")));
        return abort;
      });
      case "resize" -> DaemonClient.parse(event, resize -> {
        console().show(new ConsoleEvent.Resized(resize.number("atMs"), resize.integer("maxInFlight"),
            resize.integer("maxPerHost"), resize.integer("writerThreads"), resize.longNumber("maxBytesPerSecond"),
            resize.longNumber("maxBytesPerSecondPerUrl"), resize.longNumber("perHostDelayMs"),
            resize.number("perHostRate")));
        return resize;
      });
      case "hostPause" -> DaemonClient.parse(event, pause -> {
        console().show(new ConsoleEvent.HostPaused(new HostPause(pause.text("host"), pause.number("atMs"),
            pause.number("untilMs"), pause.text("reason"))));
        return pause;
      });
      // The daemon's job: its log is the daemon's, so the warning is shown here (run's own job logs it to the terminal).
      case "robots" -> DaemonClient.parse(event, warning -> {
        console().show(new ConsoleEvent.Warning("robots.txt: " + warning.text("warning")));
        return warning;
      });
      case "end" -> DaemonClient.parse(event, json -> {
        end = RemoteJobStatus.from(json);
        endSummary = EndSummary.from(json);
        return json;
      });
      default -> { } // a kind of event this client does not know: a later daemon's
    }
    return end == null;
  }

  /** The job's final status, once its end came; else null. */
  RemoteJobStatus end() {
    return end;
  }

  /** The summary, from the end event (or, from a daemon whose end lacks it, the job's report). */
  void showEnd(DaemonClient client, String id) {
    showHeader(ofCounts(end));
    JobReport report = endSummary.present() ? endSummary.report(end, concurrency(end)) : client.report(id);
    console().show(new ConsoleEvent.Ended(report));
  }

  /** Ends the progress line where it is: the client stops showing the job (it detaches). */
  void leave() {
    if (console != null) console.show(new ConsoleEvent.Detached());
  }

  private Console console() {
    // A daemon that sent no 201 progress: the defaults, as fetchpipe's reference.conf has them.
    if (console == null) console = console(new Submitted.Progress("auto", 100, 2000));
    return console;
  }

  private void onProgress(ProgressEvent progress) {
    // run's header comes from the start event, which comes first; a progress overtaking it is not drawn.
    if (!headerShown && kind == Kind.RUN) return;
    RemoteJobStatus status = progress.status();
    // A job still being prepared (its earlier run's files checked) has nothing to draw yet.
    if ("STARTING".equals(status.state())) return;
    if (status.cancelGraceMs() != null) graceMs = status.cancelGraceMs();
    showHeader(ofCounts(status));
    Counts counts = status.counts();
    console().show(new ConsoleEvent.Progress(counts.saved(), counts.failed(), counts.skipped(), status.inFlight(), status.waitingToRetry(), status.total(), progress.received(), status.elapsedMs(),
        status.msLeft()));
  }

  private void showHeader(JobStart start) {
    if (headerShown || start == null) return;
    headerShown = true;
    console().show(new ConsoleEvent.Started(start));
  }

  /** The header as the start event has it, with the output dir as the user wrote it. */
  private JobStart start(JsonFields json) {
    String outputDir = outputDirAsGiven != null ? outputDirAsGiven : json.text("outputDir");
    return new JobStart(json.text("site"), json.integer("urls"), json.integer("repeats"), json.strings("repeatedExamples"),
        json.integer("connections"), outputDir, json.integer("kept"), json.integer("refetched"), json.integer("otherUrls"),
        urlChange(json.object("urlChange")), json.integer("staleTempFiles"),
        Boolean.parseBoolean(json.text("eachNode", "false")), json.integer("revalidated"), json.integer("unvalidated"));
  }

  /** One file an earlier run fetched from another URL, as the start event names it; null when it names none. */
  private static JobStart.UrlChange urlChange(JsonFields json) {
    return json == null || json.text("earlier") == null ? null : new JobStart.UrlChange(json.text("earlier"), json.text("now"));
  }

  /** A header from a status's counts alone (a daemon that sent no start event); null before the job has a site. */
  private JobStart ofCounts(RemoteJobStatus status) {
    if (status == null || status.site() == null) return null;
    String outputDir = outputDirAsGiven != null ? outputDirAsGiven : status.outputDir();
    // In a cluster max-in-flight is each node's: the header says so.
    return JobStart.ofCounts(status.site(), status.total(), concurrency(status), outputDir, status.counts().kept(),
        status.nodes() != null);
  }

  /** As run counts it: requests in flight at once at most, fewer when fewer URLs are left to fetch. */
  private static int concurrency(RemoteJobStatus status) {
    int toFetch = status.total() - status.counts().kept();
    return Math.max(1, Math.min(status.limits() == null ? toFetch : status.limits().maxInFlight(), toFetch));
  }

  /** As run announces a cancel, with the grace when the daemon says it. */
  private ConsoleEvent.Cancelling cancelling(JsonFields cancel) {
    CancelSource source = source(cancel.text("source", ""));
    String reason = cancel.text("reason", "");
    // The cancel event's grace, else its statuses' (a daemon that says it only there).
    Double ms = cancel.numberOrNull("graceMs") != null ? cancel.numberOrNull("graceMs") : graceMs;
    Duration grace = ms == null ? null : Duration.ofNanos(Math.round(ms * 1_000_000));
    if (kind == Kind.RUN) {
      String again = source == CancelSource.INTERRUPT ? "Ctrl-C again" : "cancel again";
      String who = source == null ? cancel.text("source", "cancel") : source.describe(reason);
      return new ConsoleEvent.Cancelling(who, cancel.integer("inFlight"), grace, again);
    }
    // A cancel from an older daemon is REQUEST even when it was this client's Ctrl-C: named as run names it.
    CancelSource own = mine.get();
    String who = own != null && source == CancelSource.REQUEST ? own.label()
        : source == null ? cancel.text("source", "cancel") : source.describe(reason);
    // Someone else's cancel: a Ctrl-C here is then the second cancel, which aborts.
    String abortBy = own == CancelSource.INTERRUPT ? "Ctrl-C again" : "Ctrl-C";
    return new ConsoleEvent.Cancelling(who, cancel.integer("inFlight"), grace, abortBy);
  }

  private static CancelSource source(String name) {
    try {
      return CancelSource.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /** A progress event: the status, and the body bytes received so far (bodies still arriving too). */
  private record ProgressEvent(RemoteJobStatus status, long received) {
    static ProgressEvent from(JsonFields json) {
      RemoteJobStatus status = RemoteJobStatus.from(json);
      // From a daemon that does not send them, the bytes of the saved files.
      return new ProgressEvent(status, json.has("received") ? json.longNumber("received") : status.bytes());
    }
  }
}
