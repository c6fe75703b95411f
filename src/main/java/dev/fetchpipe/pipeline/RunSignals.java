package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.signal.Signals;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What Ctrl-C and SIGTERM mean for {@code run}, and for compare and sweep ({@link Signals}): the first cancels the job
 * gracefully ({@link PipelineSupervisor.Cancel}, or whatever cancels the run under way), the second aborts what is in
 * flight, and a third halts the JVM at once as a last resort. Before a job has started there is nothing to finish or
 * to lose, so a signal exits at once.
 *
 * <p>Once the job has ended and its actor system is shutting down, a signal no longer halts: the exit is already under
 * way, and halting then would leave the temporary files of cut-off bodies and the output dir's lock behind, which the
 * normal end removes moments later.
 */
public final class RunSignals implements AutoCloseable {
  private final IntConsumer halt;
  private final Signals signals;
  /** What a signal cancels; null until a job has started. */
  private volatile Consumer<CancelSource> target;
  /** The job has ended and its actor system is stopping: nothing left to cancel. */
  private volatile boolean finishing;

  /** Handles both signals until {@link #close()}, which puts the previous handlers back. */
  public RunSignals() {
    this(Signals::haltJvm);
  }

  /** @param halt ends the JVM with a status: Runtime.halt, or a test's stand-in */
  RunSignals(IntConsumer halt) {
    this.halt = halt;
    this.signals = new Signals(this::signalled);
  }

  /** From now on a signal cancels this job; when its actor system starts to shut down, signals only wait. */
  void attach(ActorRef<PipelineSupervisor.Command> job, ActorSystem<?> system) {
    finishing = false;
    target = source -> job.tell(new PipelineSupervisor.Cancel(source, ""));
    // The system stops once the job has ended and its watchers have shown the end.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "signals-only-wait", () -> {
      finishing = true;
      return CompletableFuture.completedFuture(Done.done());
    });
  }

  /** From now on a signal calls {@code cancel} (compare and sweep: it cancels the engine that runs). */
  public void cancelWith(Consumer<CancelSource> cancel) {
    finishing = false;
    target = cancel;
  }

  void signalled(CancelSource source, int count) {
    if (finishing) {
      System.err.println("\nfetchpipe: " + source.label() + ": the job has ended; finishing its exit.");
      return;
    }
    Consumer<CancelSource> cancel = target;
    if (cancel == null) {
      Signals.halt(source, "\nfetchpipe: " + source.label() + " before the job started: exiting.", System.err, halt);
    } else if (count >= Signals.HALT_AT) {
      Signals.halt(source, "\nfetchpipe: " + source.label() + " a third time: halting now.", System.err, halt);
    } else {
      // Telling an actor is safe from any thread, the signal thread included.
      cancel.accept(source);
    }
  }

  @Override
  public void close() {
    signals.close();
  }
}
