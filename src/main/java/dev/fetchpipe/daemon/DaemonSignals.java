package dev.fetchpipe.daemon;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.signal.Signals;
import java.time.Duration;

/**
 * What Ctrl-C and SIGTERM mean for the daemon ({@link Signals}), in the stages {@code run} has: the first cancels
 * every running job gracefully (each is kept, and carried on at the next start), the second aborts what is still in
 * flight, a third halts the JVM at once as a last resort. The handlers stay for the daemon's life. The whole stop is
 * bounded by daemon.shutdown-timeout: the jobs abort at half of it by themselves ({@link JobRegistry}), and a process
 * still there at its end is halted, as by a third signal. A halt loses nothing: every journal line is the system's the
 * moment it is written, and a job cut off is carried on from its journal at the next start, as after a kill -9.
 */
final class DaemonSignals {

  private DaemonSignals() {}

  static void install(Daemon daemon, Duration bound) {
    new Signals((source, count) -> onSignal(daemon, bound, source, count));
  }

  private static void onSignal(Daemon daemon, Duration bound, CancelSource source, int count) {
    if (count == 1) haltAfter(bound, source);
    if (count >= Signals.HALT_AT) {
      Signals.halt(source, "fetchpipe daemon: " + source.label() + " a third time: halting now.", System.err,
          Signals::haltJvm);
      return;
    }
    System.err.println(count == 1
        ? "fetchpipe daemon: " + source.label() + ": stopping; running jobs are cancelled and carried on at the next start"
            + " (again to abort them)."
        : "fetchpipe daemon: " + source.label() + " again: aborting the jobs still running.");
    daemon.stop(source);
  }

  /** A thread of its own, so that nothing the daemon's threads are stuck in can hold the halt up. */
  private static void haltAfter(Duration bound, CancelSource source) {
    Thread watch = new Thread(() -> {
      try {
        Thread.sleep(bound.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      Signals.halt(source, "fetchpipe daemon: not stopped within daemon.shutdown-timeout (" + bound.toSeconds()
          + " s): ending now; unfinished jobs carry on from their journals at the next start.", System.err,
          Signals::haltJvm);
    }, "shutdown-bound");
    watch.setDaemon(true);
    watch.start();
  }
}
