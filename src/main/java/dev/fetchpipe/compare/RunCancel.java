package dev.fetchpipe.compare;

import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.report.CancelSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a cancel means for compare and sweep, in run's two stages: Ctrl-C and SIGTERM reach it as they reach run
 * ({@code RunSignals.cancelWith}), and it cancels the engine that runs. The actors engine gets the pipeline's own
 * Cancel messages. The blocking engines start no URL after the first (the rest are SKIPPED) and let
 * the requests in flight finish; the second interrupts their threads, which cuts those requests off (CANCELLED).
 * Either way the runner runs no further engine or value.
 */
public final class RunCancel {
  private final AtomicInteger received = new AtomicInteger();
  private volatile CancelSource source;
  private volatile ActorRef<PipelineSupervisor.Command> job;
  /** Threads of the blocking engines busy with a URL now: what a second cancel interrupts. */
  private final Set<Thread> working = ConcurrentHashMap.newKeySet();

  /** Cancels now (a signal's thread may call it); the second call aborts. */
  public void cancel(CancelSource from) {
    if (source == null) source = from;
    int count = received.incrementAndGet();
    ActorRef<PipelineSupervisor.Command> running = job;
    if (running != null) running.tell(new PipelineSupervisor.Cancel(from, ""));
    if (count >= 2) working.forEach(Thread::interrupt);
  }

  public boolean requested() {
    return source != null;
  }

  /** What cancelled, or null. */
  public CancelSource source() {
    return source;
  }

  /** The actors engine's job is running: cancel it, at once if a cancel came before it started. */
  void attach(ActorRef<PipelineSupervisor.Command> supervisor) {
    job = supervisor;
    CancelSource already = source;
    if (already != null) supervisor.tell(new PipelineSupervisor.Cancel(already, ""));
  }

  void detach() {
    job = null;
  }

  /** The calling thread works on a URL until {@link #done()}: a second cancel interrupts it. */
  void working() {
    working.add(Thread.currentThread());
    if (received.get() >= 2) Thread.currentThread().interrupt();
  }

  void done() {
    working.remove(Thread.currentThread());
    Thread.interrupted(); // an abort that came as the URL ended must not reach the next thing the thread does
  }
}
