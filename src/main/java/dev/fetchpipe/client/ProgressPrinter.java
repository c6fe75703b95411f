package dev.fetchpipe.client;

import dev.fetchpipe.report.ProgressDrawing;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A job's progress as run shows it, drawn from the daemon's progress events instead of a timer: on a terminal one
 * line redrawn in place with {@code \r}, elsewhere a plain {@code progress: ...} line at most once an interval. The
 * daemon sends progress a few times a second, so the interval, not the events, sets the pace, as run's timer does.
 * Not thread-safe: one thread draws.
 */
final class ProgressPrinter {
  /** How progress is drawn; "auto" is resolved before this is made. */
  enum Mode { SPINNER, PLAIN, OFF }

  private final Mode mode;
  private final long intervalNanos;
  private final long startedNanos = System.nanoTime();
  private long drawnNanos;
  private final ProgressDrawing drawing;

  ProgressPrinter(Mode mode, Duration interval, PrintStream out) {
    this.mode = mode;
    this.intervalNanos = interval.toNanos();
    this.drawing = new ProgressDrawing(mode == Mode.SPINNER, out);
    // The first line comes an interval after the start, as run's first timer tick does.
    this.drawnNanos = startedNanos;
  }

  /** The latest progress; drawn when an interval has passed since the last time. */
  void show(String text) {
    if (mode == Mode.OFF) return;
    long now = System.nanoTime();
    if (now - drawnNanos < intervalNanos) return;
    drawnNanos = now;
    drawing.draw(text);
  }

  /** A line for good (e.g. "Cancelling ..."), above the progress line, which goes on. */
  void announce(String line) {
    drawing.announce(line);
  }

  /** Wipes the redrawn line, so what follows starts on a clean one. */
  void clear() {
    drawing.clear();
  }
}
