package dev.fetchpipe.timeline;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Greedy interval partitioning: puts intervals in as few lanes as possible so that no lane holds two at once. Taking
 * them by start time and reusing the lowest-numbered lane that is free needs exactly as many lanes as the most
 * intervals that overlap at one moment, so the lane count of a job's bars is its peak concurrency.
 *
 * <p>Intervals are half-open, [start, end): one that starts the moment another ends may take its lane. One of no
 * length still takes a lane at its moment (a URL that failed at once still had a fetcher).
 */
final class IntervalPartition {
  private IntervalPartition() {}

  /** The lane (0, 1, 2...) of each interval; {@code starts[i] <= ends[i]}. */
  static int[] lanes(double[] starts, double[] ends) {
    int n = starts.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> starts[i]).thenComparingDouble(i -> ends[i]));
    // Busy lanes by when they come free; free lanes by number, so the picture fills from the top.
    PriorityQueue<double[]> busy = new PriorityQueue<>(Comparator.<double[]>comparingDouble(b -> b[0]).thenComparingDouble(b -> b[1]));
    PriorityQueue<Integer> free = new PriorityQueue<>();
    int[] lane = new int[n];
    int opened = 0;
    for (int i : order) {
      while (!busy.isEmpty() && busy.peek()[0] <= starts[i]) free.add((int) busy.poll()[1]);
      lane[i] = free.isEmpty() ? opened++ : free.poll();
      busy.add(new double[] {Math.max(ends[i], starts[i]), lane[i]});
    }
    return lane;
  }

  /** How many lanes {@link #lanes} used: the peak number of intervals open at one moment. */
  static int count(int[] lanes) {
    return IntStream.of(lanes).max().orElse(-1) + 1;
  }
}
