package dev.fetchpipe.timeline;

import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Timings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Milliseconds since the job started to x pixels. Every run of a page shares one scale, so runs compare by eye.
 *
 * @param endMs  the time at the right edge
 * @param left   x of time 0
 * @param width  pixels from time 0 to endMs
 */
record TimeScale(double endMs, double left, double width) {
  private static final int TARGET_TICKS = 10;

  /** A scale wide enough for every moment in every run. */
  static TimeScale covering(List<TimelineRun> runs, double left, double width) {
    double end = 1;
    for (TimelineRun run : runs) {
      end = Math.max(end, run.report().elapsedMs());
      Cancellation cancel = run.report().cancellation();
      if (cancel != null) end = max(end, cancel.atMs(), cancel.abortedAtMs(), cancel.lastStoppedMs());
      for (ItemResult item : run.report().items()) {
        Timings t = item.timings();
        if (t != null) end = max(end, t.queuedMs(), t.startedMs(), t.firstByteMs(), t.bodyDoneMs(), t.doneMs());
        for (Attempt a : item.attempts()) {
          end = Math.max(end, a.endedMs() + (a.waitMs() == null ? 0 : a.waitMs()));
        }
      }
    }
    return new TimeScale(end, left, width);
  }

  double x(double ms) {
    return left + width * Math.max(0, ms) / endMs;
  }

  /** Round moments (1, 2 or 5 times a power of ten, in ms) for the axis: about ten of them, from 0. */
  List<Double> ticksMs() {
    double step = niceStep(endMs / TARGET_TICKS);
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i * step <= endMs * (1 + 1e-9); i++) ticks.add(i * step);
    return ticks;
  }

  /** An axis label in seconds with no needless digits: "0 s", "0.25 s", "12 s". */
  static String secondsLabel(double ms) {
    BigDecimal seconds = BigDecimal.valueOf(Math.round(ms * 1000) / 1000.0).movePointLeft(3).stripTrailingZeros();
    return (seconds.signum() == 0 ? "0" : seconds.toPlainString()) + " s";
  }

  private static double niceStep(double rough) {
    double power = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-3))));
    for (double m : new double[] {1, 2, 5}) if (m * power >= rough) return Math.max(m * power, 1e-3);
    return 10 * power;
  }

  private static double max(double start, Double... values) {
    return Stream.of(values).filter(v -> v != null).mapToDouble(Double::doubleValue).reduce(start, Math::max);
  }
}
