package dev.fetchpipe.config;

import java.time.Duration;

/**
 * When a failed request is tried again, and how long to wait first. Only transient failures are retried: connection
 * failures, timeouts, a body cut off midway, and HTTP 408, 429, 500, 502, 503 and 504.
 *
 * @param maxAttempts   requests made for one URL at most, the first included: 1 turns retries off
 * @param minBackoff    the wait before the first retry; it doubles for each one after
 * @param maxBackoff    the doubling stops here
 * @param randomFactor  each wait is stretched by up to this share at random, so retries from many URLs spread out
 * @param maxRetryAfter the longest Retry-After fetchpipe honours; a server asking for longer fails the URL instead
 */
public record RetrySettings(int maxAttempts, Duration minBackoff, Duration maxBackoff, double randomFactor,
    Duration maxRetryAfter) {

  /**
   * How long to wait after failed attempt number {@code attempt} (1 for the first request): min-backoff doubled per
   * earlier retry, capped at max-backoff, then stretched by {@code random} (from 0 to 1) times the random factor.
   */
  public Duration backoff(int attempt, double random) {
    // A double, so that doubling past the cap cannot overflow.
    double doubled = minBackoff.toMillis() * Math.pow(2, attempt - 1);
    double capped = Math.min(doubled, maxBackoff.toMillis());
    return Duration.ofMillis(Math.round(capped * (1.0 + randomFactor * random)));
  }
}
