package dev.fetchpipe.timeline;

import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Finished jobs made up from a seed, shaped like the real engines' reports: a pipeline with fetcher slots and a writer
 * pool, a pool of threads that each fetch and write, and the cancelled versions of both. For tests that need exact,
 * repeatable timings (a real job's are neither).
 */
final class SyntheticJobs {
  static final String WRITER = "fetchpipe-fetchpipe.blocking-io-dispatcher-";

  private SyntheticJobs() {}

  /**
   * {@code urls} URLs through {@code slots} fetcher slots and {@code writers} writer threads; each slot takes the next
   * URL the moment it is free. About one URL in 15 is 404 and one in 20 an ERROR. A cancel at {@code cancelAtMs}
   * (or none when null) stops new starts; URLs still in flight at {@code cancelAtMs + graceMs} are cut off.
   */
  static JobReport pipeline(long seed, int urls, int slots, int writers, Double cancelAtMs, double graceMs) {
    Random random = new Random(seed);
    double[] slotFree = new double[slots];
    Arrays.fill(slotFree, 3);
    double[] writerFree = new double[writers];
    List<ItemResult> items = new ArrayList<>();
    int inFlightAtCancel = 0;
    Double abortAt = cancelAtMs == null ? null : cancelAtMs + graceMs;
    for (int i = 0; i < urls; i++) {
      String url = "http://127.0.0.1:8001/flags/c" + i + "/c" + i + ".gif";
      int slot = earliest(slotFree);
      double started = slotFree[slot] + random.nextDouble() * 0.5;
      if (cancelAtMs != null && started >= cancelAtMs) {
        items.add(SyntheticJobs.withoutRequest(i, url, Outcome.SKIPPED, "not started: cancelled",
            new Timings(0.0, null, null, null, cancelAtMs)));
        continue;
      }
      double firstByte = started + 80 + random.nextDouble() * 400;
      double bodyDone = firstByte + 2 + random.nextDouble() * 40;
      int roll = random.nextInt(60);
      ItemResult item;
      if (abortAt != null && bodyDone > abortAt) {
        if (started < cancelAtMs) inFlightAtCancel++;
        Double fb = firstByte < abortAt ? firstByte : null;
        item = AnItem.of(i, url, Outcome.CANCELLED).status(fb == null ? null : 200)
            .error("cut off while " + (fb == null ? "waiting for the response" : "receiving the body"))
            .timings(new Timings(0.0, started, fb, null, abortAt)).build();
        slotFree[slot] = abortAt;
      } else if (roll < 4) {
        item = AnItem.of(i, url, Outcome.NOT_FOUND).status(404).error("HTTP 404 Not Found")
            .timings(new Timings(0.0, started, firstByte, null, firstByte + 1)).build();
        slotFree[slot] = firstByte + 1;
      } else if (roll < 7) {
        item = AnItem.of(i, url, Outcome.ERROR).status(500).error("HTTP 500 Internal Server Error")
            .timings(new Timings(0.0, started, firstByte, null, firstByte + 1)).build();
        slotFree[slot] = firstByte + 1;
      } else {
        int writer = earliest(writerFree);
        double writeStart = Math.max(bodyDone, writerFree[writer]) + random.nextDouble() * 0.3;
        double done = writeStart + 0.5 + random.nextDouble() * 8;
        writerFree[writer] = done;
        item = AnItem.of(i, url, Outcome.OK).status(200).bytes(1000 + i).sha256("ab".repeat(32))
            .path("/tmp/c" + i + ".gif").writer(WRITER + (writer + 5))
            .timings(new Timings(0.0, started, firstByte, bodyDone, done)).build();
        slotFree[slot] = done;
      }
      if (cancelAtMs != null && started < cancelAtMs && item.timings().doneMs() > cancelAtMs
          && item.outcome() != Outcome.CANCELLED) {
        inFlightAtCancel++;
      }
      items.add(item);
    }
    Cancellation cancel = cancelAtMs == null ? null : new Cancellation(CancelSource.INTERRUPT, null, cancelAtMs,
        inFlightAtCancel, inFlightAtCancel - (int) items.stream().filter(it -> it.outcome() == Outcome.CANCELLED).count(),
        items.stream().anyMatch(it -> it.outcome() == Outcome.CANCELLED) ? abortAt : null, abortAt);
    return JobReport.of("http://127.0.0.1:8001/flags", slots, end(items), cancel, items);
  }

  /** The same kind of job on a pool of {@code threads} platform threads named pool-thread-1...; 1 thread is "main". */
  static JobReport threadPool(long seed, int urls, int threads) {
    Random random = new Random(seed);
    double[] threadFree = new double[threads];
    Arrays.fill(threadFree, 2);
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < urls; i++) {
      int thread = earliest(threadFree);
      double started = threadFree[thread] + random.nextDouble() * 0.3;
      double firstByte = started + 80 + random.nextDouble() * 400;
      double bodyDone = firstByte + 2 + random.nextDouble() * 40;
      double done = bodyDone + 0.5 + random.nextDouble() * 5;
      threadFree[thread] = done;
      items.add(AnItem.of(i, "http://127.0.0.1:8001/flags/c" + i + "/c" + i + ".gif", Outcome.OK).status(200)
          .bytes(1000).writer(threads == 1 ? "main" : "pool-thread-" + (thread + 1))
          .timings(new Timings(0.0, started, firstByte, bodyDone, done)).build());
    }
    return JobReport.of("http://127.0.0.1:8001/flags", threads, end(items), null, items);
  }

  /** One URL retried twice: a 503, a timeout, then OK, with waits between. */
  static ItemResult retried(int index) {
    List<Attempt> attempts = List.of(
        new Attempt(1, 10, 60.0, 61, 503, "HTTP 503 Service Unavailable", 200L),
        new Attempt(2, 261, null, 561, null, "timed out after 300 ms", 400L),
        new Attempt(3, 961, 1020.0, 1040, 200, null, null));
    return AnItem.of(index, "http://127.0.0.1:8001/flaky", Outcome.OK).status(200).bytes(10).writer(WRITER + "5")
        .timings(new Timings(0.0, 10.0, 1020.0, 1040.0, 1042.0)).attempts(attempts).build();
  }

  static JobReport of(int concurrency, Cancellation cancel, List<ItemResult> items) {
    return JobReport.of("http://127.0.0.1:8001/flags", concurrency, end(items), cancel, items);
  }

  private static long end(List<ItemResult> items) {
    return (long) Math.ceil(items.stream().mapToDouble(it -> it.timings().doneMs()).max().orElse(0) + 5);
  }

  private static int earliest(double[] free) {
    int best = 0;
    for (int i = 1; i < free.length; i++) if (free[i] < free[best]) best = i;
    return best;
  }

  /** A URL that ended without a request being made (never started, or unusable). */
  static ItemResult withoutRequest(int index, String url, Outcome outcome, String why, Timings timings) {
    return AnItem.of(index, url, outcome).error(why).timings(timings).build();
  }
}
