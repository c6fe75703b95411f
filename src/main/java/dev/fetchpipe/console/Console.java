package dev.fetchpipe.console;

import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.RateWords;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A job on the terminal, drawn from its {@link ConsoleEvent}s: the header as it starts, a progress line while it runs
 * (redrawn in place on a terminal, plain lines elsewhere, none when off), each cancel, abort and resize as a line of its
 * own above it, and the summary at the end, after which it shows nothing more. The one place both {@code run} and
 * {@code submit --wait} print a job from: plain Java, since the daemon's client loads no Pekko. One thread shows.
 */
public final class Console {
  private final ProgressStyle style;
  private final long paceNanos;
  private final PrintStream out;
  private final ProgressDrawing drawing;
  private long drawnNanos = System.nanoTime();
  private boolean ended;
  /** The check of an earlier run's files has been announced: later checking events only move the progress line. */
  private boolean checking;

  /**
   * @param pace at most one progress line an interval, the first an interval after the start (as a timer's first tick
   *             would come): for events that come more often than lines should; {@link Duration#ZERO} draws every
   *             progress event, for a producer that sends them at the pace it wants them drawn
   */
  public Console(ProgressStyle style, Duration pace, PrintStream out) {
    this.style = style;
    this.paceNanos = pace.toNanos();
    this.out = out;
    this.drawing = new ProgressDrawing(style == ProgressStyle.SPINNER, out);
  }

  public void show(ConsoleEvent event) {
    if (ended) return;
    if (event instanceof ConsoleEvent.Checking check) {
      checking(check);
    } else if (event instanceof ConsoleEvent.Started started) {
      drawing.clear();
      out.print(Summary.header(started.job()));
      out.flush();
    } else if (event instanceof ConsoleEvent.Progress progress) {
      draw(progress);
    } else if (event instanceof ConsoleEvent.Cancelling cancelling) {
      drawing.announce(cancelling(cancelling));
    } else if (event instanceof ConsoleEvent.Aborting aborting) {
      drawing.announce(aborting(aborting));
    } else if (event instanceof ConsoleEvent.Resized resized) {
      drawing.announce(String.format(Locale.ROOT, "Resized at %.2fs: max-in-flight %d, max-per-host %d, writers %d",
          resized.atMs() / 1000.0, resized.maxInFlight(), resized.maxPerHost(), resized.writerThreads())
          + RateWords.after(resized.maxBytesPerSecond(), resized.maxBytesPerSecondPerUrl())
          + RateWords.pace(resized.perHostDelayMs(), resized.perHostRate()));
    } else if (event instanceof ConsoleEvent.HostPaused paused) {
      drawing.announce(paused(paused.pause()));
    } else if (event instanceof ConsoleEvent.Warning warning) {
      drawing.announce(warning.text());
    } else if (event instanceof ConsoleEvent.Detached) {
      ended = true;
      drawing.clear();
    } else if (event instanceof ConsoleEvent.Ended end) {
      ended = true;
      drawing.clear();
      out.print(Summary.footer(end.report()));
      out.flush();
    }
  }

  /**
   * The first says what is checked and why (a rerun can otherwise sit silent for seconds on big files); the others
   * draw how far it is, as the progress line does, paced the same.
   */
  private void checking(ConsoleEvent.Checking c) {
    if (!checking) {
      checking = true;
      out.println(checkingLine(c));
      out.flush();
      return;
    }
    if (style == ProgressStyle.OFF) return;
    long now = System.nanoTime();
    // The last always: the check's end is not left looking unfinished.
    if (now - drawnNanos < paceNanos && c.files() != c.ofFiles()) return;
    drawnNanos = now;
    drawing.draw(String.format(Locale.ROOT, "checked %d/%d files, %s of %s, %.1fs", c.files(), c.ofFiles(),
        ProgressText.humanBytes(c.bytes()), ProgressText.humanBytes(c.ofBytes()), c.elapsedMs() / 1000.0));
  }

  /** "Checking the 500 files (1.2 GiB) an earlier run saved in out, to keep those still complete". */
  public static String checkingLine(ConsoleEvent.Checking c) {
    return "Checking the " + Summary.plural(c.ofFiles(), "file") + " (" + ProgressText.humanBytes(c.ofBytes())
        + ") an earlier run saved in " + c.outputDir() + ", to keep those still complete";
  }

  private void draw(ConsoleEvent.Progress p) {
    if (style == ProgressStyle.OFF) return;
    long now = System.nanoTime();
    if (now - drawnNanos < paceNanos) return;
    drawnNanos = now;
    drawing.draw(ProgressText.line(p.saved(), p.failed(), p.skipped(), p.inFlight(), p.waitingToRetry(), p.total(),
        p.bytes(), p.elapsedMs(), p.msLeft()));
  }

  /** "Aborting (Ctrl-C again): cutting off 5 in flight". */
  public static String aborting(ConsoleEvent.Aborting a) {
    return "Aborting (" + a.why() + "): cutting off " + a.inFlight() + " in flight";
  }

  /**
   * With the grace known, how long the fetches in flight may take; without it, only how to cut them off. Also the
   * line {@code fetchpipe cancel} prints, so a cancel reads the same wherever it is sent from.
   */
  public static String cancelling(ConsoleEvent.Cancelling c) {
    if (c.grace() == null) {
      return String.format(Locale.ROOT, "Cancelling (%s): %d in flight -- %s to abort now", c.who(), c.inFlight(), c.again());
    }
    String wait = c.grace().isZero() ? "no grace (cancel.grace = 0 s)"
        : "waiting up to " + Cancellation.duration(c.grace()) + " -- " + c.again() + " to abort now";
    return String.format(Locale.ROOT, "Cancelling (%s): %d in flight, %s", c.who(), c.inFlight(), wait);
  }

  /** "Paused http://h:80 at 1.20s for 30.0s: HTTP 429 Too Many Requests, Retry-After 30 s; its URLs wait". */
  static String paused(dev.fetchpipe.report.HostPause pause) {
    return String.format(Locale.ROOT, "Paused %s at %.2fs for %.1fs: %s; its URLs wait", pause.host(),
        pause.atMs() / 1000.0, (pause.untilMs() - pause.atMs()) / 1000.0, pause.reason());
  }
}
