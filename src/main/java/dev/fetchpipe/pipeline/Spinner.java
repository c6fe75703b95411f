package dev.fetchpipe.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Shows a job's progress while it runs, like the spinner of Fluent Python's spinner_async.py: on a terminal it
 * redraws {@code \r<frame> <text>} on a timer; elsewhere it prints a plain line now and then. The supervisor keeps
 * it up to date with {@link Progress} and ends it with {@link Stop} (the message that plays {@code Task.cancel()}),
 * after which it clears its line and prints nothing more.
 */
public final class Spinner extends AbstractBehavior<Spinner.Command> {

  public interface Command {}

  /** The latest counts. */
  public record Progress(int done, int inFlight, long bytes) implements Command {}

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

  private static final String FRAMES = "|/-\\";

  public static Behavior<Command> create(Mode mode, Duration interval, int total, JobClock clock, PrintStream out) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      if (mode != Mode.OFF) timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return new Spinner(context, mode, total, clock, out);
    }));
  }

  private final Mode mode;
  private final int total;
  private final JobClock clock;
  private final PrintStream out;
  private Progress latest = new Progress(0, 0, 0);
  private int frame;
  private int drawnWidth;

  private Spinner(ActorContext<Command> context, Mode mode, int total, JobClock clock, PrintStream out) {
    super(context);
    this.mode = mode;
    this.total = total;
    this.clock = clock;
    this.out = out;
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
    String text = describe(latest);
    if (mode == Mode.SPINNER) {
      String line = FRAMES.charAt(frame++ % FRAMES.length()) + " " + text;
      // Pad with spaces so a shorter line fully covers the longer one drawn before it.
      out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
      drawnWidth = Math.max(drawnWidth, line.length());
    } else {
      out.println("progress: " + text);
    }
    out.flush();
    return this;
  }

  private Behavior<Command> onAnnounce(Announce announce) {
    clearLine();
    out.println(announce.line());
    out.flush();
    return this;
  }

  private Behavior<Command> onStop() {
    clearLine();
    return Behaviors.stopped();
  }

  private void clearLine() {
    if (drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
      out.flush();
      drawnWidth = 0;
    }
  }

  private String describe(Progress p) {
    return String.format(Locale.ROOT, "%d/%d done, %d in flight, %s, %.1fs",
        p.done(), total, p.inFlight(), humanBytes(p.bytes()), clock.elapsedMillis() / 1000.0);
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
