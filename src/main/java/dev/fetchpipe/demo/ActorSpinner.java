package dev.fetchpipe.demo;

import dev.fetchpipe.console.ProgressDrawing;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The spinner of Fluent Python's spinner_async.py, as an actor: it redraws {@code \r<frame> <label>} on a timer until
 * its supervisor sends {@link Stop} (the message that plays {@code Task.cancel()}), then clears its line and stops. It
 * draws the same frames as a job's progress line on a terminal.
 */
final class ActorSpinner {

  interface Command {}

  /** Clear the line and stop. */
  enum Stop implements Command { INSTANCE }

  private enum Tick implements Command { INSTANCE }

  private ActorSpinner() {}

  static Behavior<Command> create(String label, Duration interval, PrintStream out) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      ProgressDrawing drawing = new ProgressDrawing(true, out);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            drawing.draw(label);
            return Behaviors.same();
          })
          .onMessageEquals(Stop.INSTANCE, () -> {
            drawing.clear();
            return Behaviors.stopped();
          })
          .build();
    }));
  }
}
