package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.CancelSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into {@link PipelineSupervisor.Cancel} messages while a job runs (or, for compare
 * and sweep, into whatever cancels the run under way), instead of the JVM's default of exiting through its shutdown
 * hooks, which would allow no second stage. The first signal cancels gracefully, the second aborts what is in flight,
 * and a third halts the JVM at once as a last resort.
 *
 * <p>Once the job has printed its result and its actor system is shutting down, a signal no longer halts: the exit is
 * already under way, and halting then would leave the temporary files of cut-off bodies and the output dir's lock
 * behind, which the normal end removes moments later.
 */
public final class SignalCancel implements AutoCloseable {
  private static final int HALT_AT = 3;

  private final AtomicInteger received = new AtomicInteger();
  private final IntConsumer halt;
  private final SignalHandler previousInt;
  private final SignalHandler previousTerm;
  /** What a signal cancels; null until a job has started. */
  private volatile Consumer<CancelSource> target;
  /** The job's result is printed and its actor system is stopping: nothing left to cancel. */
  private volatile boolean finishing;

  /** Handles both signals until {@link #close()}, which puts the previous handlers back. */
  public SignalCancel() {
    this(status -> Runtime.getRuntime().halt(status));
  }

  /** @param halt ends the JVM with a status: Runtime.halt, or a test's stand-in */
  SignalCancel(IntConsumer halt) {
    this.halt = halt;
    previousInt = Signal.handle(new Signal("INT"), signal -> onSignal(CancelSource.INTERRUPT));
    previousTerm = Signal.handle(new Signal("TERM"), signal -> onSignal(CancelSource.TERMINATE));
  }

  /** From now on a signal cancels this job; when its actor system starts to shut down, signals only wait. */
  void attach(ActorRef<PipelineSupervisor.Command> job) {
    finishing = false;
    target = source -> job.tell(new PipelineSupervisor.Cancel(source, ""));
    if (job instanceof ActorSystem<?> system) {
      // The guardian (the supervisor) stops right after it printed the summary; that starts the system's shutdown.
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "signals-only-wait", () -> {
        finishing = true;
        return CompletableFuture.completedFuture(Done.done());
      });
    }
  }

  /** From now on a signal calls {@code cancel} (compare and sweep: it cancels the engine that runs). */
  public void cancelWith(Consumer<CancelSource> cancel) {
    finishing = false;
    target = cancel;
  }

  void onSignal(CancelSource source) {
    if (finishing) {
      System.err.println("\nfetchpipe: " + source.label() + ": the job has ended; finishing its exit.");
      return;
    }
    int count = received.incrementAndGet();
    Consumer<CancelSource> cancel = target;
    if (cancel == null) {
      // Nothing has been fetched yet, so there is nothing to finish or to lose.
      System.err.println("\nfetchpipe: " + source.label() + " before the job started: exiting.");
      halt.accept(source.exitCode());
      return;
    }
    if (count >= HALT_AT) {
      System.err.println("\nfetchpipe: " + source.label() + " a third time: halting now.");
      halt.accept(source.exitCode());
      return;
    }
    // Telling an actor is safe from any thread, the signal thread included.
    cancel.accept(source);
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
  }
}
