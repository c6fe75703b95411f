package dev.fetchpipe.config;

import java.time.Duration;

/**
 * When a job stops early, and how gently.
 *
 * @param grace     after the first cancel, how long requests in flight may still finish before they are aborted
 * @param deadline  cancel the job after it has run this long, or null for no deadline
 * @param maxErrors cancel the job once this many URLs ended in ERROR, or 0 for no limit
 */
public record CancelSettings(Duration grace, Duration deadline, int maxErrors) {

  public boolean hasDeadline() {
    return deadline != null;
  }

  public boolean hasErrorBudget() {
    return maxErrors > 0;
  }
}
