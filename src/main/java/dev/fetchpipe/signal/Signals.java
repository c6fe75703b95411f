package dev.fetchpipe.signal;

import dev.fetchpipe.report.CancelSource;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for one of fetchpipe's entry points, taken in stages instead of the JVM's default of
 * exiting through its shutdown hooks, which would allow no second stage. Every entry point counts the two signals
 * together, and says what the n-th means for it ({@link Stages}): {@code run} (and compare and sweep) cancels its job,
 * then aborts it; the daemon stops its jobs gracefully, then aborts them; the client cancels the job it waits for, then
 * aborts it. A third signal ends the process at once, as a last resort: {@link #halt}.
 *
 * <p>Plain Java, no actor: the daemon's thin client loads no Pekko. The JVM runs each signal's handler on a thread of
 * its own, so a stage may block (the client's request) and must be safe to run beside the entry point's own threads.
 */
public final class Signals implements AutoCloseable {
  /** The signal that ends the process at once, whatever the entry point: the last resort. */
  public static final int HALT_AT = 3;

  /** What the n-th signal means for an entry point. */
  public interface Stages {
    /** {@code count} signals have come, this one ({@code source}) included. */
    void signalled(CancelSource source, int count);
  }

  private final AtomicInteger received = new AtomicInteger();
  private final Stages stages;
  private final SignalHandler previousInt;
  private final SignalHandler previousTerm;

  /** Handles both signals until {@link #close()}, which puts the previous handlers back. */
  public Signals(Stages stages) {
    this.stages = stages;
    previousInt = Signal.handle(new Signal("INT"), signal -> signalled(CancelSource.INTERRUPT));
    previousTerm = Signal.handle(new Signal("TERM"), signal -> signalled(CancelSource.TERMINATE));
  }

  /** As the JVM calls it for a signal: counted, then handed to the stages. */
  void signalled(CancelSource source) {
    stages.signalled(source, received.incrementAndGet());
  }

  /**
   * Ends the process at once with the signal's exit status (130 for Ctrl-C, 143 for SIGTERM), after saying why on
   * {@code err}: no shutdown hook runs, since the ones a graceful end would wait for are what is stuck.
   *
   * @param halt {@code Runtime.getRuntime()::halt}, or a test's stand-in
   */
  public static void halt(CancelSource source, String why, PrintStream err, IntConsumer halt) {
    err.println(why);
    err.flush();
    halt.accept(source.exitCode());
  }

  /** The JVM's own halt, for {@link #halt}. */
  public static void haltJvm(int status) {
    Runtime.getRuntime().halt(status);
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
  }
}
