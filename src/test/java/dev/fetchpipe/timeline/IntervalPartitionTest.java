package dev.fetchpipe.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalPartitionTest {

  @Test
  void randomIntervalsNeverShareALaneAtOneMomentAndUseAsManyLanesAsThePeakOverlap() {
    for (long seed = 1; seed <= 50; seed++) {
      Random random = new Random(seed);
      int n = 1 + random.nextInt(300);
      double[] starts = new double[n];
      double[] ends = new double[n];
      for (int i = 0; i < n; i++) {
        starts[i] = Math.floor(random.nextDouble() * 1000);
        ends[i] = starts[i] + 1 + Math.floor(random.nextDouble() * 200);
      }
      int[] lanes = IntervalPartition.lanes(starts, ends);
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          boolean overlap = starts[i] < ends[j] && starts[j] < ends[i];
          assertTrue(!(overlap && lanes[i] == lanes[j]), "seed " + seed + ": intervals " + i + " and " + j + " share a lane");
        }
      }
      assertEquals(peakOverlap(starts, ends), IntervalPartition.count(lanes), "seed " + seed);
    }
  }

  @Test
  void anIntervalStartingWhenAnotherEndsTakesItsLane() {
    assertArrayEquals(new int[] {0, 0, 1, 0}, IntervalPartition.lanes(new double[] {0, 10, 12, 20}, new double[] {10, 20, 15, 30}));
  }

  @Test
  void noIntervalsNeedNoLanes() {
    assertEquals(0, IntervalPartition.count(IntervalPartition.lanes(new double[0], new double[0])));
  }

  /** The most half-open intervals [start, end) open at one moment, by a sweep: ends before starts at a tie. */
  static int peakOverlap(double[] starts, double[] ends) {
    List<double[]> events = new ArrayList<>();
    for (int i = 0; i < starts.length; i++) {
      events.add(new double[] {starts[i], +1});
      events.add(new double[] {ends[i], -1});
    }
    events.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
    int open = 0;
    int peak = 0;
    for (double[] e : events) peak = Math.max(peak, open += (int) e[1]);
    return peak;
  }
}
