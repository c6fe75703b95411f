package dev.fetchpipe.console;

import java.io.PrintStream;

/**
 * How a progress line reaches the screen, for {@link Console} and the spinner demo alike: on a terminal one line redrawn
 * in place ({@code \r<frame> <text>}, padded so a shorter line covers a longer one), elsewhere a plain
 * {@code progress: <text>} line; lines for good go above it. Plain Java (the client loads no Pekko); one thread draws.
 */
public final class ProgressDrawing {
  /** The frames drawn in turn; the thread spinner of the demo draws the same ones. */
  public static final String FRAMES = "|/-\\";

  private final boolean redrawn;
  private final PrintStream out;
  private int frame;
  private int drawnWidth;

  /** @param redrawn one line redrawn in place (a terminal), else a new plain line each time */
  public ProgressDrawing(boolean redrawn, PrintStream out) {
    this.redrawn = redrawn;
    this.out = out;
  }

  public void draw(String text) {
    if (redrawn) {
      String line = FRAMES.charAt(frame++ % FRAMES.length()) + " " + text;
      out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
      drawnWidth = Math.max(drawnWidth, line.length());
    } else {
      out.println("progress: " + text);
    }
    out.flush();
  }

  /** A line for good (e.g. "Cancelling ..."), above the progress line, which goes on. */
  public void announce(String line) {
    clear();
    out.println(line);
    out.flush();
  }

  /** Wipes the redrawn line, so what follows starts on a clean one. */
  public void clear() {
    if (drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
      out.flush();
      drawnWidth = 0;
    }
  }
}
