package dev.fetchpipe.cli;

import dev.fetchpipe.console.Console;
import dev.fetchpipe.console.ConsoleEvent;
import dev.fetchpipe.journal.Resume;
import java.time.Duration;

/**
 * How far the check of an earlier run's files is, shown on {@code run}'s console: the first report at once (it says
 * what is checked), then at most one an interval, the pace of the progress line, and the last one always. It is
 * called on the thread that checks (run's main thread, before the job's actors start), every few hundred KiB read.
 */
final class CheckProgress implements Resume.Progress {
  private final Console console;
  private final String outputDir;
  private final long intervalNanos;
  private final long startNanos = System.nanoTime();
  private long shownNanos;
  private boolean shown;

  CheckProgress(Console console, String outputDir, Duration interval) {
    this.console = console;
    this.outputDir = outputDir;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void checked(int files, int ofFiles, long bytes, long ofBytes) {
    if (ofFiles == 0) return; // nothing to hash: nothing to say
    long now = System.nanoTime();
    boolean last = files == ofFiles;
    if (shown && !last && now - shownNanos < intervalNanos) return;
    shown = true;
    shownNanos = now;
    console.show(new ConsoleEvent.Checking(outputDir, files, ofFiles, bytes, ofBytes, (now - startNanos) / 1_000_000));
  }
}
