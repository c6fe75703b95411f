package dev.fetchpipe.config;

import java.time.Duration;

/** How the spinner shows a job's progress. */
public record ProgressSettings(Style style, Duration spinnerInterval, Duration plainInterval) {

  public enum Style {
    /** A spinner on a terminal, plain lines otherwise. */
    AUTO,
    /** A line redrawn in place with carriage returns. */
    SPINNER,
    /** A new line every plain-interval, fit for logs and pipes. */
    PLAIN,
    /** Nothing until the summary. */
    OFF
  }
}
