package dev.fetchpipe.demo;

import dev.fetchpipe.console.ProgressDrawing;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The spinner of Fluent Python's spinner_thread.py: a platform thread that redraws {@code \r<frame> <label>} until a
 * latch (Python's {@code threading.Event}) is counted down, then clears its line. It draws the same frames as the
 * {@link ActorSpinner}.
 */
public final class ThreadSpinner {

  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread thread;

  public ThreadSpinner(String label, Duration interval, PrintStream out) {
    this.thread = new Thread(() -> spin(label, interval, out), "spinner");
  }

  /** The spinner's thread: what the demo prints as the spinner object, as Python prints the Thread. */
  public Thread thread() {
    return thread;
  }

  public void start() {
    thread.start();
  }

  /** Python's {@code done.set()} then {@code spinner.join()}: returns once the line is cleared. */
  public void stop() {
    done.countDown();
    try {
      thread.join();
    } catch (InterruptedException e) {
      // The spinner still stops on its own within one interval; keep the flag for whoever owns this thread.
      Thread.currentThread().interrupt();
    }
  }

  private void spin(String label, Duration interval, PrintStream out) {
    String status = "";
    try {
      for (int frame = 0; ; frame++) {
        status = ProgressDrawing.FRAMES.charAt(frame % ProgressDrawing.FRAMES.length()) + " " + label;
        out.print("\r" + status);
        out.flush();
        // Sleeps one interval, but wakes at once when stopped: Python's `if done.wait(.1): break`.
        if (done.await(interval.toMillis(), TimeUnit.MILLISECONDS)) break;
      }
    } catch (InterruptedException e) {
      // Nobody else interrupts this private thread; if something does, stop spinning as if told to.
      Thread.currentThread().interrupt();
    }
    out.print("\r" + " ".repeat(status.length()) + "\r");
    out.flush();
  }
}
