package dev.fetchpipe.console;

import java.time.Duration;
import java.util.Locale;

/** How a job's progress is drawn, once {@code progress.style = auto} is resolved for where stdout goes. */
public enum ProgressStyle {
  /** One line redrawn in place with carriage returns: for a terminal. */
  SPINNER,
  /** A new line now and then, no carriage return: for pipes and logs. */
  PLAIN,
  /** No progress line; the header, announcements and summary still show. */
  OFF;

  /**
   * The style {@code progress.style} names (spinner, plain or off, in any case); anything else is auto: the spinner on
   * a terminal, plain lines elsewhere.
   */
  public static ProgressStyle of(String name, boolean stdoutIsTerminal) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "spinner" -> SPINNER;
      case "plain" -> PLAIN;
      case "off" -> OFF;
      default -> stdoutIsTerminal ? SPINNER : PLAIN;
    };
  }

  /** How often the line is drawn in this style: the spinner's interval, the plain one's, or null (never) when off. */
  public Duration interval(Duration spinnerInterval, Duration plainInterval) {
    return switch (this) {
      case SPINNER -> spinnerInterval;
      case PLAIN -> plainInterval;
      case OFF -> null;
    };
  }
}
