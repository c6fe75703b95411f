package dev.fetchpipe.client;

import dev.fetchpipe.config.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * How the daemon's clients announce a cancel, in run's words: what cancelled, how many requests are in flight, how
 * long they may still take (the job's cancel.grace), and how to cut them off now.
 */
public final class CancelText {
  private CancelText() {}

  /**
   * "Cancelling (Ctrl-C): 5 in flight, waiting up to 5 s -- Ctrl-C again to abort now".
   *
   * @param graceMs   the job's cancel.grace in milliseconds, or null when the daemon did not say
   * @param abortHow  what aborts now, e.g. "Ctrl-C again"
   */
  public static String cancelling(String who, int inFlight, Double graceMs, String abortHow) {
    String text = String.format(Locale.ROOT, "Cancelling (%s): %d in flight", who, inFlight);
    if (graceMs != null && graceMs <= 0) return text + ", no grace (cancel.grace = 0 s)";
    if (graceMs != null) text += ", waiting up to " + Durations.words(Duration.ofNanos(Math.round(graceMs * 1e6)));
    return text + " -- " + abortHow + " to abort now";
  }

  /** "Aborting (fetchpipe cancel --abort): cutting off 5 in flight". */
  public static String aborting(String who, int inFlight) {
    return "Aborting (" + who + "): cutting off " + inFlight + " in flight";
  }
}
