package dev.fetchpipe.daemon;

import java.util.HashMap;
import java.util.Map;

/**
 * How many event streams are open, over all jobs and on each, against daemon.max-event-streams and
 * daemon.max-event-streams-per-job: a stream costs the daemon a buffer and a connection for as long as it is open, so
 * no one client may open them without end. Thread-safe.
 */
final class EventStreams {
  private final int max;
  private final int maxPerJob;
  private int open;
  private final Map<String, Integer> perJob = new HashMap<>();

  EventStreams(int max, int maxPerJob) {
    this.max = max;
    this.maxPerJob = maxPerJob;
  }

  /** Counts one more stream on the job; or, when there is no room, says why (and counts nothing). */
  synchronized String open(String job) {
    int onJob = perJob.getOrDefault(job, 0);
    if (onJob >= maxPerJob) {
      return onJob + " event streams are open on job " + job + ", the most daemon.max-event-streams-per-job allows;"
          + " close one first";
    }
    if (open >= max) return open + " event streams are open, the most daemon.max-event-streams allows; close one first";
    open++;
    perJob.put(job, onJob + 1);
    return null;
  }

  /** A stream counted by {@link #open} has ended. */
  synchronized void closed(String job) {
    open--;
    perJob.computeIfPresent(job, (id, count) -> count <= 1 ? null : count - 1);
  }

  synchronized int open() {
    return open;
  }
}
