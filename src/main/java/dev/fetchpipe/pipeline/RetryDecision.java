package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.RetrySettings;
import dev.fetchpipe.report.Durations;
import dev.fetchpipe.report.Outcome;
import java.time.Duration;

/**
 * What a transient failure of a URL's attempt leads to: another attempt after a wait, or the URL's end. Plain logic,
 * apart from the fetcher that acts on it, so that every rule is tested on its own.
 */
sealed interface RetryDecision {

  /** Try again after {@code delay}: the backoff, or the server's Retry-After when that is longer. */
  record Retry(Duration delay) implements RetryDecision {}

  /** No more attempts: the URL ends with this outcome and error. */
  record GiveUp(Outcome outcome, String error) implements RetryDecision {}

  /**
   * @param attempt    the attempt that failed, 1 for the first request
   * @param error      why it failed
   * @param retryAfter the server's Retry-After, or null
   * @param cancelled  the job was cancelled: no retry may start
   * @param random     from 0 to 1, for the backoff's random stretch
   */
  static RetryDecision after(RetrySettings retry, int attempt, String error, Duration retryAfter, boolean cancelled,
      double random) {
    if (attempt >= retry.maxAttempts()) {
      return new GiveUp(Outcome.ERROR, attempt == 1 ? error : error + " (after " + attempt + " attempts)");
    }
    if (retryAfter != null && retryAfter.compareTo(retry.maxRetryAfter()) > 0) {
      return new GiveUp(Outcome.ERROR, error + ", Retry-After " + Durations.words(retryAfter)
          + " is longer than fetch.retry.max-retry-after (" + Durations.words(retry.maxRetryAfter()) + ")");
    }
    if (cancelled) return new GiveUp(Outcome.CANCELLED, "not retried after the cancel: " + error);
    Duration wait = retry.backoff(attempt, random);
    return new Retry(retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait);
  }
}
