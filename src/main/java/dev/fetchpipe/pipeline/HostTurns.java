package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.RetrySettings;
import java.time.Duration;

/**
 * A fetcher's side of its job's {@link HostGate}: it claims each attempt's start from the gate right before it sends
 * the request (a wait when the host is paused or paced), and pauses a host that answered 429, or 503 with
 * Retry-After, for every URL of the job. Plain code beside the fetcher, which acts on what it says.
 */
final class HostTurns {
  /**
   * Longest a fetcher waits for its host before it claims again: a resize may clear or raise the host's pace (or
   * a slow rate's wait be long), and its URL should not sit out the wait the old pace gave it.
   */
  static final double LOOK_AGAIN_MS = 1_000;

  private final HostGate gate;
  private final RetrySettings retry;
  private final JobClock clock;

  HostTurns(HostGate gate, RetrySettings retry, JobClock clock) {
    this.gate = gate;
    this.retry = retry;
    this.clock = clock;
  }

  /**
   * Null when {@code attempt} may send its request now (its start, as it says, counted); else how long to wait before
   * it claims again, at most {@link #LOOK_AGAIN_MS}.
   */
  Duration claim(FetchAttempt attempt) {
    if (!gate.engaged()) return null;
    double waitMs = gate.claim(WorkQueue.hostOf(attempt.item()), attempt.item().index(), attempt.startedMs());
    return waitMs <= 0 ? null : Duration.ofNanos((long) Math.ceil(Math.min(waitMs, LOOK_AGAIN_MS) * 1e6));
  }

  /**
   * {@code attempt} got a transient status: a 429, or a 503 with Retry-After, pauses its host for as long as the
   * server asked (a 429 without Retry-After: the first retry's backoff), never longer than
   * fetch.retry.max-retry-after. The host paused is the URL's (the queue's unit), even when a redirect led elsewhere:
   * its other URLs would be led there too.
   */
  void answered(FetchAttempt attempt, HeadDecision.Transient failure) {
    Duration pause = pauseFor(attempt.status(), failure.retryAfter(), retry);
    if (pause == null || pause.isZero()) return;
    double now = clock.millis();
    gate.pause(WorkQueue.hostOf(attempt.item()), now, now + pause.toNanos() / 1e6, failure.error()
        + (failure.retryAfter() == null ? "" : ", Retry-After " + failure.retryAfter().toSeconds() + " s"));
  }

  /** How long a response pauses its host: null when it does not. */
  static Duration pauseFor(Integer status, Duration retryAfter, RetrySettings retry) {
    if (status == null || !(status == 429 || status == 503 && retryAfter != null)) return null;
    Duration asked = retryAfter != null ? retryAfter : retry.minBackoff();
    return asked.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : asked;
  }
}
