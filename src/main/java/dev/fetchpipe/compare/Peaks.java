package dev.fetchpipe.compare;

/**
 * What one engine's run took from the JVM (see {@link ResourceMeter}).
 *
 * @param threadsBefore live threads as the engine started
 * @param peakThreads   most live threads at any moment while it ran
 * @param peakHeapBytes peak heap used while it ran: the sum of each heap pool's peak, an upper bound
 */
public record Peaks(int threadsBefore, int peakThreads, long peakHeapBytes) {

  /** How many threads the run added at its peak, over those alive before it. */
  public int threadsStarted() {
    return Math.max(0, peakThreads - threadsBefore);
  }

  public double peakHeapMiB() {
    return peakHeapBytes / (1024.0 * 1024.0);
  }
}
