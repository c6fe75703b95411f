package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.config.DaemonSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndedJobsTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void theOldestPastTheCountGoAndAnyPastTheAgeButNotOneStillBeingWritten() {
    EndedJobs ended = new EndedJobs(new DaemonSettings.KeepEnded(2, Duration.ofHours(1)));
    ended.ended("a", T0);
    ended.ended("b", T0.plusSeconds(10));
    ended.ended("c", T0.plusSeconds(20));
    ended.ended("d", T0.plusSeconds(30));
    assertEquals(List.of("b", "c"), ended.prune(T0.plusSeconds(40), Set.of("a")),
        "two too many, the oldest but a, whose end is still being written");
    assertEquals(List.of(), ended.prune(T0.plusSeconds(40), Set.of()), "two left: the count");
    assertEquals(List.of("a", "d"), ended.prune(T0.plusSeconds(3700), Set.of()), "both past the age");
  }
}
