package dev.fetchpipe.client;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.signal.Signals;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Ctrl-C and SIGTERM mean while the client follows a daemon's job ({@link Signals}). Following a job it submitted
 * ({@code submit --wait}) or run's own job, as for {@code run}: the first cancels the job gracefully, the second aborts
 * what is in flight, and a third ends the client at once. The cancel names the signal, so the job ends as run's would
 * (exit 130 for Ctrl-C, 143 for SIGTERM), and the client keeps following it meanwhile, so its summary still shows how
 * it ended. Watching a job ({@code watch}), the first detaches, and the job goes on.
 */
final class ClientSignals implements AutoCloseable {
  /** What the signals stand for. */
  enum Mode {
    /** submit --wait: cancel, abort; a third leaves the job to the daemon. */
    SUBMITTED,
    /** run's job: cancel, abort, as run says it; a third halts, and the daemon aborts the job its client left. */
    RUN,
    /** watch: detach; a second halts. */
    WATCH
  }

  private final DaemonClient client;
  private final Mode mode;
  private final PrintStream err;
  private final Runnable detach;
  private final AtomicReference<CancelSource> first = new AtomicReference<>();
  private final Signals signals;
  /** The job followed; null until it exists (run: before the daemon has it, a signal only ends the client). */
  private volatile String id;
  /** The job's end has come: a signal only waits for the client's exit, moments away. */
  private volatile boolean ended;

  /**
   * Handles both signals until {@link #close()}, which puts the previous handlers back.
   *
   * @param id     the job, or null until {@link #following} names it
   * @param detach what stops the following (watch), or null
   */
  ClientSignals(DaemonClient client, String id, Mode mode, PrintStream err, Runnable detach) {
    this.client = client;
    this.id = id;
    this.mode = mode;
    this.err = err;
    this.detach = detach;
    this.signals = new Signals(this::signalled);
  }

  /** From now on a signal cancels (or detaches from) this job. */
  void following(String job) {
    id = job;
  }

  /** The job has ended: nothing left to cancel. */
  void ended() {
    ended = true;
  }

  /** The signal that cancelled the job from here (or detached), or null when none came. */
  CancelSource source() {
    return first.get();
  }

  // The JVM runs each signal's handler on a thread of its own, so the request may block here.
  private void signalled(CancelSource source, int count) {
    first.compareAndSet(null, source);
    String job = id;
    if (ended) {
      err.println("\nfetchpipe: " + source.label() + ": the job has ended; finishing its exit.");
    } else if (job == null) {
      Signals.halt(source, "\nfetchpipe: " + source.label() + " before the job started: exiting.", err, Signals::haltJvm);
    } else if (count >= (mode == Mode.WATCH ? 2 : Signals.HALT_AT)) {
      String left = mode == Mode.SUBMITTED ? " a third time: exiting now; the daemon goes on with job " + job + "."
          : mode == Mode.RUN ? " a third time: halting now." : " again: exiting now.";
      Signals.halt(source, "\nfetchpipe: " + source.label() + left, err, Signals::haltJvm);
    } else if (mode == Mode.WATCH) {
      detach.run();
    } else {
      try {
        client.cancel(job, count > 1, "", source);
      } catch (ClientException e) {
        // The job may have ended just now (409): the end event is on its way, and says how it went.
        err.println("fetchpipe: cannot cancel job " + job + ": " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    signals.close();
  }
}
