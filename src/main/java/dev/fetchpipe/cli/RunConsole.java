package dev.fetchpipe.cli;

import dev.fetchpipe.config.ProgressSettings;
import dev.fetchpipe.console.Console;
import dev.fetchpipe.console.ConsoleEvent;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobRunner;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.Watcher;
import dev.fetchpipe.report.CancelSource;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code run}'s console: a watcher of the job's {@link JobEvent}s that shows each on a {@link Console} (the plain one
 * {@code submit --wait} shows a daemon's job on), and stops once it has shown the end. It hears the progress at the
 * pace it draws (the spinner's interval on a terminal, the plain interval elsewhere, never when off): the job's
 * supervisor times it, so the line moves even while no URL ends, with the bytes of bodies still arriving.
 */
public final class RunConsole {

  private RunConsole() {}

  /** The console as a watcher for {@link JobRunner}: progress drawn in {@code style}, as {@code progress} paces it. */
  public static JobRunner.Watch watch(ProgressStyle style, ProgressSettings progress, PrintStream out) {
    return watch(new Console(style, Duration.ZERO, out), style, progress);
  }

  /** As {@link #watch(ProgressStyle, ProgressSettings, PrintStream)}, on a console that may have shown the check. */
  static JobRunner.Watch watch(Console console, ProgressStyle style, ProgressSettings progress) {
    Duration every = style.interval(progress.spinnerInterval(), progress.plainInterval());
    Watcher.Pace pace = every == null ? Watcher.Pace.NONE : Watcher.Pace.display(every);
    return new JobRunner.Watch("console", create(console), pace, false);
  }

  /** How often the check of an earlier run's files moves its line: as often as the progress line would. */
  static Duration interval(ProgressStyle style, ProgressSettings progress) {
    return style == ProgressStyle.SPINNER ? progress.spinnerInterval() : progress.plainInterval();
  }

  static Behavior<JobEvent> create(Console console) {
    return Behaviors.receiveMessage(event -> {
      ConsoleEvent shown = of(event);
      if (shown != null) console.show(shown);
      return event instanceof JobEvent.Ended ? Behaviors.stopped() : Behaviors.same();
    });
  }

  /** What the console shows of the event; null for one it does not show (a URL's end: the counts show it). */
  static ConsoleEvent of(JobEvent event) {
    if (event instanceof JobEvent.Started started) return new ConsoleEvent.Started(started.job());
    if (event instanceof JobEvent.Progress progress) {
      JobStatus s = progress.status();
      return new ConsoleEvent.Progress(s.counts().saved(), s.counts().failed(), s.counts().skipped(),
          s.inFlight(), s.waitingToRetry(), s.total(), progress.received(), s.elapsedMs(), s.msLeft());
    }
    if (event instanceof JobEvent.Cancelling c) {
      String again = c.source() == CancelSource.INTERRUPT ? "Ctrl-C again" : "cancel again";
      return new ConsoleEvent.Cancelling(c.source().describe(c.reason()), c.inFlight(), c.grace(), again);
    }
    if (event instanceof JobEvent.Aborting a) return new ConsoleEvent.Aborting(a.reason(), a.inFlight());
    if (event instanceof JobEvent.Resized resized) {
      JobLimits now = resized.limits();
      return new ConsoleEvent.Resized(resized.atMs(), now.maxInFlight(), now.maxPerHost(), now.writerThreads(),
          now.maxBytesPerSecond(), now.maxBytesPerSecondPerUrl(), now.perHostDelayMs(), now.perHostRate());
    }
    if (event instanceof JobEvent.HostPaused paused) return new ConsoleEvent.HostPaused(paused.pause());
    if (event instanceof JobEvent.Ended ended) return new ConsoleEvent.Ended(ended.report());
    return null;
  }
}
