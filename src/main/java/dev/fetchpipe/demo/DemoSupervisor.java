package dev.fetchpipe.demo;

import dev.fetchpipe.config.FetchpipeSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.Patterns;

/**
 * The {@code supervisor()} coroutine of Fluent Python's spinner_async.py, as an actor: it spawns an
 * {@link ActorSpinner}, prints it, starts the slow work, stops the spinner with a message once the work is done (the
 * message plays {@code Task.cancel()}), waits until the spinner has stopped, prints the answer, hands it to
 * {@code whenDone}, and stops, which ends the actor system when it is the guardian.
 */
public final class DemoSupervisor extends AbstractBehavior<DemoSupervisor.Command> {

  public interface Command {}

  private record WorkDone(int answer) implements Command {}

  private record WorkFailed(Throwable cause) implements Command {}

  private enum SpinnerStopped implements Command { INSTANCE }

  /** How the slow work runs: all that differs between the actor mode and the two blocking ones. */
  public enum SlowWork {
    /** Pekko's scheduler completes it later and no thread waits meanwhile: {@code await asyncio.sleep(3)}. */
    SCHEDULED,
    /** A blocking sleep right in this actor's turn, holding its thread: {@code time.sleep(3)} in a coroutine. */
    BLOCKING_IN_PLACE,
    /** A blocking sleep on fetchpipe.blocking-io-dispatcher, the answer piped back: {@code run_in_executor}. */
    BLOCKING_ON_IO_DISPATCHER
  }

  public static Behavior<Command> create(
      SlowWork work, Duration duration, PrintStream out, CompletableFuture<Integer> whenDone) {
    return Behaviors.setup(context -> new DemoSupervisor(context, out, whenDone).start(work, duration));
  }

  private final PrintStream out;
  private final CompletableFuture<Integer> whenDone;
  private final ActorRef<ActorSpinner.Command> spinner;
  private int answer;
  private Throwable failure;

  private DemoSupervisor(ActorContext<Command> context, PrintStream out, CompletableFuture<Integer> whenDone) {
    super(context);
    this.out = out;
    this.whenDone = whenDone;
    // Same dispatcher as this actor: in blocking mode that is the one thread, which the two must then share.
    this.spinner = context.spawn(ActorSpinner.create(SpinnerDemo.LABEL, SpinnerDemo.INTERVAL, out), "spinner",
        DispatcherSelector.sameAsParent());
    context.watchWith(spinner, SpinnerStopped.INSTANCE);
  }

  private Behavior<Command> start(SlowWork work, Duration duration) {
    out.println("spinner object: " + spinner);
    out.flush();
    switch (work) {
      case SCHEDULED -> pipeAnswer(Patterns.after(duration, getContext().getSystem(),
          () -> CompletableFuture.completedFuture(SpinnerDemo.ANSWER)));
      case BLOCKING_ON_IO_DISPATCHER -> {
        Executor blockingIo = getContext().getSystem().dispatchers()
            .lookup(DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
        pipeAnswer(CompletableFuture.supplyAsync(() -> SpinnerDemo.slow(duration), blockingIo));
      }
      case BLOCKING_IN_PLACE -> {
        // The mistake on purpose: the spinner cannot draw until this returns, as it needs this very thread. And,
        // like the coroutine that goes from time.sleep straight to cancel() without yielding, the answer is handled
        // in this same turn, so the spinner gets its Stop before it ever runs.
        return onWorkDone(new WorkDone(SpinnerDemo.slow(duration)));
      }
    }
    return this;
  }

  /** The outcome comes back as a message, so this actor's state is only ever touched in its own turns. */
  private void pipeAnswer(CompletionStage<Integer> work) {
    getContext().pipeToSelf(work, (value, error) -> error == null ? new WorkDone(value) : new WorkFailed(error));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WorkDone.class, this::onWorkDone)
        .onMessage(WorkFailed.class, this::onWorkFailed)
        .onMessageEquals(SpinnerStopped.INSTANCE, this::onSpinnerStopped)
        .build();
  }

  private Behavior<Command> onWorkDone(WorkDone done) {
    answer = done.answer();
    spinner.tell(ActorSpinner.Stop.INSTANCE);
    return this;
  }

  private Behavior<Command> onWorkFailed(WorkFailed failed) {
    failure = failed.cause();
    spinner.tell(ActorSpinner.Stop.INSTANCE);
    return this;
  }

  /** Only now is the spinner's line cleared, so the answer starts on a clean line, as after Python's join(). */
  private Behavior<Command> onSpinnerStopped() {
    if (failure != null) {
      whenDone.completeExceptionally(failure);
    } else {
      out.println("Answer: " + answer);
      out.flush();
      whenDone.complete(answer);
    }
    return Behaviors.stopped();
  }
}
