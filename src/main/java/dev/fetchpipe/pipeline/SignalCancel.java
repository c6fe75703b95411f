package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.CancelSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into {@link PipelineSupervisor.Cancel} messages while a job runs, instead of the
 * JVM's default of exiting through its shutdown hooks, which would allow no second stage. The first signal cancels
 * gracefully, the second aborts what is in flight, and a third halts the JVM at once as a last resort.
 */
final class SignalCancel implements AutoCloseable {
  private static final int HALT_AT = 3;

  private final AtomicInteger received = new AtomicInteger();
  private final SignalHandler previousInt;
  private final SignalHandler previousTerm;
  /** The job to cancel; null until its actor system has started. */
  private volatile ActorRef<PipelineSupervisor.Command> supervisor;

  /** Handles both signals until {@link #close()}, which puts the previous handlers back. */
  SignalCancel() {
    previousInt = Signal.handle(new Signal("INT"), signal -> onSignal(CancelSource.INTERRUPT));
    previousTerm = Signal.handle(new Signal("TERM"), signal -> onSignal(CancelSource.TERMINATE));
  }

  /** From now on a signal cancels this job. */
  void attach(ActorRef<PipelineSupervisor.Command> job) {
    supervisor = job;
  }

  private void onSignal(CancelSource source) {
    int count = received.incrementAndGet();
    ActorRef<PipelineSupervisor.Command> job = supervisor;
    if (job == null) {
      // Nothing has been fetched yet, so there is nothing to finish or to lose.
      System.err.println("\nfetchpipe: " + source.label() + " before the job started: exiting.");
      Runtime.getRuntime().halt(source.exitCode());
    }
    if (count >= HALT_AT) {
      System.err.println("\nfetchpipe: " + source.label() + " a third time: halting now.");
      Runtime.getRuntime().halt(source.exitCode());
    }
    // Telling an actor is safe from any thread, the signal thread included.
    job.tell(new PipelineSupervisor.Cancel(source, ""));
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
  }
}
