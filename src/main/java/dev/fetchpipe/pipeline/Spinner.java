package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.ProgressDrawing;
import dev.fetchpipe.report.ProgressText;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Shows a job's progress while it runs, like the spinner of Fluent Python's spinner_async.py: on a terminal it
 * redraws {@code \r<frame> <text>} on a timer; elsewhere it prints a plain line now and then. The supervisor keeps
 * it up to date with {@link Progress} and ends it with {@link Stop} (the message that plays {@code Task.cancel()}),
 * after which it clears its line and prints nothing more. {@link #labelled} makes one that draws a fixed label
 * instead of counts, for the spinner demo.
 */
public final class Spinner extends AbstractBehavior<Spinner.Command> {

  public interface Command {}

  /**
   * The latest counts of URLs.
   *
   * @param saved  downloaded, or kept from an earlier run
   * @param failed NOT_FOUND, ERROR or CANCELLED
   * @param skipped never started (a cancel)
   */
  public record Progress(int saved, int failed, int skipped, int inFlight) implements Command {}

  /** Print this line for good (e.g. "Cancelling ..."), above the spinner's own line, which goes on. */
  public record Announce(String line) implements Command {}

  /** Clear the line and stop. */
  public enum Stop implements Command { INSTANCE }

  private enum Tick implements Command { INSTANCE }

  /** How the progress is drawn; "auto" is resolved to one of these before the job starts. */
  public enum Mode {
    /** Redraw one line in place with carriage returns: for a terminal. */
    SPINNER,
    /** A new line at each tick and no carriage returns: for pipes and logs. */
    PLAIN,
    /** Draw nothing. */
    OFF
  }

  /** The frames drawn in turn; the thread spinner of the demo draws the same ones. */
  public static final String FRAMES = ProgressDrawing.FRAMES;

  /**
   * A job's spinner: draws the latest {@link Progress} counts out of {@code total}, the bytes received so far (read at
   * each redraw, so a long body shows as it arrives), and the time since the start ({@link ProgressLine}).
   */
  public static Behavior<Command> create(Mode mode, Duration interval, int total, JobClock clock, PrintStream out,
      LongSupplier bytesReceived) {
    return start(mode, interval, progress -> ProgressLine.of(progress, total, bytesReceived.getAsLong(), clock.elapsedMillis()), out);
  }

  /**
   * A terminal spinner that draws {@code \r<frame> <label>}, like Fluent Python's {@code spin('thinking!')}; it
   * ignores {@link Progress}.
   */
  public static Behavior<Command> labelled(String label, Duration interval, PrintStream out) {
    return start(Mode.SPINNER, interval, progress -> label, out);
  }

  private static Behavior<Command> start(Mode mode, Duration interval, Function<Progress, String> describe, PrintStream out) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      if (mode != Mode.OFF) timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return new Spinner(context, mode, describe, out);
    }));
  }

  /** What follows the frame: the factory chooses it, so one actor serves both the job and the demo. */
  private final Function<Progress, String> describe;
  private final ProgressDrawing drawing;
  private Progress latest = new Progress(0, 0, 0, 0);

  private Spinner(ActorContext<Command> context, Mode mode, Function<Progress, String> describe, PrintStream out) {
    super(context);
    this.describe = describe;
    this.drawing = new ProgressDrawing(mode == Mode.SPINNER, out);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Progress.class, this::onProgress)
        .onMessage(Announce.class, this::onAnnounce)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<Command> onProgress(Progress progress) {
    latest = progress;
    return this;
  }

  private Behavior<Command> onTick() {
    drawing.draw(describe.apply(latest));
    return this;
  }

  private Behavior<Command> onAnnounce(Announce announce) {
    drawing.announce(announce.line());
    return this;
  }

  private Behavior<Command> onStop() {
    drawing.clear();
    return Behaviors.stopped();
  }

  static String humanBytes(long bytes) {
    return ProgressText.humanBytes(bytes);
  }
}
