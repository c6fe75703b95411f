package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** After a cancel no retry starts, and the cancel's messages say what happens in plain words. */
class CancelRetriesTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  @Test
  void afterMaxErrorsNoUrlInFlightIsRetried(@TempDir Path out) {
    // One URL fails for good at once (403, never retried); five others fail three times with 503 before they succeed,
    // which the default 5 s grace would give them time to do if they were retried.
    List<String> urls = new ArrayList<>(List.of(ORIGIN.get().url("/status/403")));
    for (int i = 0; i < 5; i++) urls.add(ORIGIN.get().url("/fault/503/no-retry-" + i + "?times=3"));
    TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, urls, "cancel.max-errors=1", "fetch.max-in-flight=6",
        "fetch.retry.min-backoff=300ms"), ProgressStyle.OFF);

    JobReport report = job.report();
    assertEquals(CancelSource.MAX_ERRORS, report.cancellation().source());
    assertEquals(1, report.counts().errors(), "the one that set it off, and no more: " + report.items());
    for (int i = 0; i < 5; i++) {
      assertEquals(1, ORIGIN.get().requestCount("/fault/503/no-retry-" + i), "URL " + i + " was not tried again");
    }
    for (ItemResult item : report.items().subList(1, 6)) {
      assertEquals(Outcome.CANCELLED, item.outcome(), item.toString());
      assertTrue(item.error().contains("HTTP 503"), item.error());
    }
  }

  @Test
  void aDeadlineSaysItOnceAndNoGraceSaysSo(@TempDir Path out) {
    List<String> urls = List.of(ORIGIN.get().url("/delay/5000?n=1"), ORIGIN.get().url("/delay/5000?n=2"));
    TestJobs.Finished job = TestJobs.run(TestJobs.settings(out, urls, "cancel.deadline=300ms", "cancel.grace=0s"),
        ProgressStyle.OFF);

    String output = job.output();
    assertTrue(output.contains("Cancelling (deadline: 300 ms passed): 2 in flight, no grace (cancel.grace = 0 s)\n"), output);
    assertTrue(output.contains("Aborting (no grace): cutting off 2 in flight\n"), output);
    assertFalse(output.contains("waiting up to"), output);
    assertEquals(2, job.report().counts().cancelled());
  }
}
