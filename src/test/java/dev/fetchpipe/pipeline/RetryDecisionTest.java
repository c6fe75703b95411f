package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.config.RetrySettings;
import dev.fetchpipe.report.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** After a transient failure: another attempt after the backoff or Retry-After, or the URL's end, and why. */
class RetryDecisionTest {
  /** 3 attempts; backoff 200 ms doubling to at most 1 s, no random stretch; Retry-After at most 5 s. */
  private static final RetrySettings RETRY =
      new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(1), 0.0, Duration.ofSeconds(5));

  private static RetryDecision after(int attempt, Duration retryAfter, boolean cancelled) {
    return RetryDecision.after(RETRY, attempt, "HTTP 503 Service Unavailable", retryAfter, cancelled, 0.5);
  }

  @Test
  void anAttemptWithAttemptsLeftIsTriedAgainAfterTheBackoff() {
    assertEquals(new RetryDecision.Retry(Duration.ofMillis(200)), after(1, null, false));
    assertEquals(new RetryDecision.Retry(Duration.ofMillis(400)), after(2, null, false));
  }

  @Test
  void aLongerRetryAfterWinsOverTheBackoffAndAShorterOneDoesNot() {
    assertEquals(new RetryDecision.Retry(Duration.ofSeconds(3)), after(1, Duration.ofSeconds(3), false));
    assertEquals(new RetryDecision.Retry(Duration.ofMillis(200)), after(1, Duration.ofMillis(50), false));
  }

  @Test
  void theLastAttemptEndsTheUrlAsAnErrorSayingHowManyThereWere() {
    assertEquals(new RetryDecision.GiveUp(Outcome.ERROR, "HTTP 503 Service Unavailable (after 3 attempts)"),
        after(3, null, false));
  }

  @Test
  void withOneAttemptOnlyTheErrorIsTheFailureItself() {
    RetrySettings once = new RetrySettings(1, Duration.ofMillis(200), Duration.ofSeconds(1), 0.0, Duration.ofSeconds(5));
    assertEquals(new RetryDecision.GiveUp(Outcome.ERROR, "timed out"),
        RetryDecision.after(once, 1, "timed out", null, false, 0.5));
  }

  @Test
  void aRetryAfterLongerThanTheMostAllowedEndsTheUrlAtOnce() {
    assertEquals(new RetryDecision.GiveUp(Outcome.ERROR, "HTTP 503 Service Unavailable, Retry-After 1 min is longer"
        + " than fetch.retry.max-retry-after (5 s)"), after(1, Duration.ofMinutes(1), false));
  }

  @Test
  void afterACancelNoRetryStartsAndTheUrlIsCancelledWithItsFailure() {
    assertEquals(new RetryDecision.GiveUp(Outcome.CANCELLED, "not retried after the cancel: HTTP 503 Service Unavailable"),
        after(1, null, true));
  }
}
