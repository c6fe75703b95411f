package dev.fetchpipe.demo;

import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Fluent Python's spinner examples (chapter 19), on Pekko: a supervisor starts a spinner, runs a slow computation,
 * stops the spinner and prints {@code Answer: 42}. The {@link Mode} picks which example is replayed; the output is
 * {@code spinner object: <the spinner>}, then frames redrawn in place with {@code \r}, then the answer.
 */
public final class SpinnerDemo {

  /** Which of Fluent Python's spinners to replay. */
  public enum Mode {
    /** spinner_async.py: an actor spinner stopped by a message while Pekko's scheduler times the slow work. */
    ACTOR,
    /** spinner_thread.py: a platform thread spins while the calling thread sleeps. */
    THREAD,
    /** spinner_async_experiment.py: both actors share one thread, and the slow work is a blocking sleep. */
    BLOCKING
  }

  /** Where {@link Mode#BLOCKING} runs its blocking slow work; the other modes ignore it. */
  public enum WorkDispatcher {
    /** In the supervisor's own turn, on the one thread the spinner needs too: {@code time.sleep} in a coroutine. */
    DEFAULT,
    /** On {@code fetchpipe.blocking-io-dispatcher}, the result piped back: {@code run_in_executor}. */
    BLOCKING
  }

  /** What the spinner draws after its frame, as in Fluent Python. */
  public static final String LABEL = "thinking!";
  /** How often a frame is drawn: Fluent Python's {@code .1} seconds. */
  public static final Duration INTERVAL = Duration.ofMillis(100);
  /** How long the slow work takes unless told otherwise: Fluent Python's {@code slow()} sleeps 3 seconds. */
  public static final Duration DEFAULT_SLOW = Duration.ofSeconds(3);
  /** The config path of the one-thread dispatcher that plays asyncio's event loop. */
  public static final String SINGLE_THREAD_DISPATCHER = "fetchpipe.demo.single-thread-dispatcher";

  static final int ANSWER = 42;

  private SpinnerDemo() {}

  /**
   * Runs one demo to the end on the calling thread and returns the answer, after printing it.
   *
   * @param slow how long the slow work takes; tests use well under the default 3 seconds
   */
  public static int run(Mode mode, WorkDispatcher dispatcher, Duration slow, PrintStream out) {
    return switch (mode) {
      case THREAD -> threadSupervisor(slow, out);
      case ACTOR -> actorSupervisor(DemoSupervisor.SlowWork.SCHEDULED, DispatcherSelector.defaultDispatcher(), slow, out);
      case BLOCKING -> actorSupervisor(
          dispatcher == WorkDispatcher.BLOCKING
              ? DemoSupervisor.SlowWork.BLOCKING_ON_IO_DISPATCHER
              : DemoSupervisor.SlowWork.BLOCKING_IN_PLACE,
          DispatcherSelector.fromConfig(SINGLE_THREAD_DISPATCHER), slow, out);
    };
  }

  /** Fluent Python's {@code slow()}: blocks the calling thread for the given time, then returns the answer. */
  static int slow(Duration duration) {
    try {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    } catch (InterruptedException e) {
      // Keep the flag for whoever owns the thread; there is no answer to give.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while thinking", e);
    }
    return ANSWER;
  }

  /** spinner_thread.py's supervisor(): this thread does the slow work while the spinner thread draws. */
  private static int threadSupervisor(Duration slow, PrintStream out) {
    ThreadSpinner spinner = new ThreadSpinner(LABEL, INTERVAL, out);
    out.println("spinner object: " + spinner.thread());
    out.flush();
    spinner.start();
    int answer;
    try {
      answer = slow(slow);
    } finally {
      // Stop the spinner even when the work failed, or its non-daemon thread would keep the JVM alive.
      spinner.stop();
    }
    out.println("Answer: " + answer);
    out.flush();
    return answer;
  }

  /**
   * An actor system whose guardian is the {@link DemoSupervisor}, on the given dispatcher; waits until the
   * supervisor has printed the answer and stopped, which ends the system.
   */
  private static int actorSupervisor(
      DemoSupervisor.SlowWork work, DispatcherSelector dispatcher, Duration slow, PrintStream out) {
    CompletableFuture<Integer> answer = new CompletableFuture<>();
    ActorSystem<DemoSupervisor.Command> system = ActorSystem.create(
        DemoSupervisor.create(work, slow, out, answer), "fetchpipe", ConfigFactory.load(), dispatcher);
    system.getWhenTerminated().toCompletableFuture().join();
    if (!answer.isDone()) throw new IllegalStateException("the demo's actor system ended before the answer");
    return answer.join();
  }
}
