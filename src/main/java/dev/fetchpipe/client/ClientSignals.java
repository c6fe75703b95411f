package dev.fetchpipe.client;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.signal.Signals;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Ctrl-C and SIGTERM mean while the client waits for a daemon's job ({@link Signals}), as for {@code run}: the
 * first cancels the job gracefully, the second aborts what is in flight, and a third exits at once, leaving the job to
 * the daemon. The client keeps following the job meanwhile, so its summary still shows how it ended.
 */
final class ClientSignals implements AutoCloseable {
  private final DaemonClient client;
  private final String id;
  private final PrintStream err;
  private final AtomicReference<CancelSource> first = new AtomicReference<>();
  private final Signals signals;

  /** Handles both signals until {@link #close()}, which puts the previous handlers back. */
  ClientSignals(DaemonClient client, String id, PrintStream err) {
    this.client = client;
    this.id = id;
    this.err = err;
    this.signals = new Signals(this::signalled);
  }

  /** The signal that cancelled the job from here, or null when none came. */
  CancelSource source() {
    return first.get();
  }

  // The JVM runs each signal's handler on a thread of its own, so the request may block here.
  private void signalled(CancelSource source, int count) {
    first.compareAndSet(null, source);
    if (count >= Signals.HALT_AT) {
      Signals.halt(source, "\nfetchpipe: " + source.label() + " a third time: exiting now; the daemon goes on with job "
          + id + ".", err, Signals::haltJvm);
      return;
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
    signals.close();
  }
}
