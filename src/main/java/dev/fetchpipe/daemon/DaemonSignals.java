package dev.fetchpipe.daemon;

import dev.fetchpipe.report.CancelSource;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM stop the daemon in the stages {@code run} has: the first cancels every running job gracefully
 * (each is kept, and carried on at the next start), the second aborts what is still in flight, a third halts the JVM
 * at once as a last resort. Handled here rather than by the JVM's shutdown hooks, which would allow no second stage.
 */
final class DaemonSignals {
  private static final int HALT_AT = 3;

  private DaemonSignals() {}

  static void install(Daemon daemon) {
    AtomicInteger received = new AtomicInteger();
    Signal.handle(new Signal("INT"), signal -> onSignal(daemon, CancelSource.INTERRUPT, received.incrementAndGet()));
    Signal.handle(new Signal("TERM"), signal -> onSignal(daemon, CancelSource.TERMINATE, received.incrementAndGet()));
  }

  private static void onSignal(Daemon daemon, CancelSource source, int count) {
    if (count >= HALT_AT) {
      System.err.println("fetchpipe daemon: " + source.label() + " a third time: halting now.");
      Runtime.getRuntime().halt(source.exitCode());
    }
    System.err.println(count == 1
        ? "fetchpipe daemon: " + source.label() + ": stopping; running jobs are cancelled and carried on at the next start"
            + " (again to abort them)."
        : "fetchpipe daemon: " + source.label() + " again: aborting the jobs still running.");
    daemon.stop(source);
  }
}
