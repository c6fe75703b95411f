package dev.fetchpipe.client;

import dev.fetchpipe.report.CancelSource;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while the client waits for a daemon's job, taken as run takes them (see the pipeline's
 * SignalCancel): the first cancels the job gracefully, the second aborts what is in flight, and a third exits at once,
 * leaving the job to the daemon. The client keeps following the job meanwhile, so its summary still shows how it ended.
 */
final class CancelOnSignal implements AutoCloseable {
  private static final int HALT_AT = 3;

  private final DaemonClient client;
  private final String id;
  private final PrintStream err;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicReference<CancelSource> first = new AtomicReference<>();
  private final SignalHandler previousInt;
  private final SignalHandler previousTerm;

  /** Handles both signals until {@link #close()}, which puts the previous handlers back. */
  CancelOnSignal(DaemonClient client, String id, PrintStream err) {
    this.client = client;
    this.id = id;
    this.err = err;
    previousInt = Signal.handle(new Signal("INT"), signal -> onSignal(CancelSource.INTERRUPT));
    previousTerm = Signal.handle(new Signal("TERM"), signal -> onSignal(CancelSource.TERMINATE));
  }

  /** The signal that cancelled the job from here, or null when none came. */
  CancelSource source() {
    return first.get();
  }

  // The JVM runs each signal's handler on a thread of its own, so the request may block here.
  private void onSignal(CancelSource source) {
    int count = received.incrementAndGet();
    first.compareAndSet(null, source);
    if (count >= HALT_AT) {
      err.println("\nfetchpipe: " + source.label() + " a third time: exiting now; the daemon goes on with job " + id + ".");
      Runtime.getRuntime().halt(source.exitCode());
    }
    try {
      client.cancel(id, count > 1, source.label());
    } catch (ClientException e) {
      // The job may have ended just now (409): the end event is on its way, and says how it went.
      err.println("fetchpipe: cannot cancel job " + id + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
  }
}
