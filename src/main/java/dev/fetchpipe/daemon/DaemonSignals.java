package dev.fetchpipe.daemon;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.signal.Signals;

/**
 * What Ctrl-C and SIGTERM mean for the daemon ({@link Signals}), in the stages {@code run} has: the first cancels
 * every running job gracefully (each is kept, and carried on at the next start), the second aborts what is still in
 * flight, a third halts the JVM at once as a last resort. The handlers stay for the daemon's life.
 */
final class DaemonSignals {

  private DaemonSignals() {}

  static void install(Daemon daemon) {
    new Signals((source, count) -> onSignal(daemon, source, count));
  }

  private static void onSignal(Daemon daemon, CancelSource source, int count) {
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
}
