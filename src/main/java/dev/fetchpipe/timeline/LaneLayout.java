package dev.fetchpipe.timeline;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Timings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which lane (row) of a run's chart each URL's bar goes in, by the rule of {@link TimelineRun.Lanes}; lanes are listed
 * top to bottom in groups. URLs that never sent a request share one last lane, "no request".
 */
final class LaneLayout {
  private static final int LABEL_CHARS = 27;

  enum Group {
    FETCHERS("fetchers"), THREADS("threads"), WRITERS("writer threads"), NO_REQUEST("no request");

    final String title;

    Group(String title) {
      this.title = title;
    }
  }

  /** One row: its group, a short label, and the full name behind it (a thread's name can be long). */
  record Lane(Group group, String label, String fullName) {}

  private final List<Lane> lanes = new ArrayList<>();
  private final int[] barLane;
  private final int[] writeLane;

  private LaneLayout(int items) {
    barLane = new int[items];
    writeLane = new int[items];
    Arrays.fill(barLane, -1);
    Arrays.fill(writeLane, -1);
  }

  static LaneLayout of(JobReport report, TimelineRun.Lanes rule) {
    List<ItemResult> items = report.items();
    LaneLayout layout = new LaneLayout(items.size());
    Predicate<ItemResult> sent = item -> item.timings() != null && item.timings().startedMs() != null;
    if (rule == TimelineRun.Lanes.FETCHER_SLOTS) {
      layout.packIntoLanes(items, sent, Group.FETCHERS, "fetcher ");
      layout.lanePerThread(items, BarSegments::wasWritten, Group.WRITERS, layout.writeLane);
    } else {
      layout.lanePerThread(items, sent.and(item -> item.writerThread() != null), Group.THREADS, layout.barLane);
      layout.packIntoLanes(items, sent.and(item -> item.writerThread() == null), Group.THREADS, "thread ? ");
    }
    Predicate<ItemResult> neverSent = item -> item.timings() != null && item.timings().startedMs() == null;
    if (items.stream().anyMatch(neverSent)) {
      int lane = layout.addLane(Group.NO_REQUEST, "no request", "URLs that never sent a request");
      for (int i = 0; i < items.size(); i++) if (neverSent.test(items.get(i))) layout.barLane[i] = lane;
    }
    return layout;
  }

  List<Lane> lanes() {
    return lanes;
  }

  /** The lane of the URL at this position of the report's items, or -1 when it has no timings at all. */
  int barLane(int position) {
    return barLane[position];
  }

  /** The writer-thread lane of the URL's write, or -1 when it has none. */
  int writeLane(int position) {
    return writeLane[position];
  }

  int count(Group group) {
    return (int) lanes.stream().filter(lane -> lane.group() == group).count();
  }

  /** Packs the chosen URLs' [sent, ended] intervals into the fewest lanes none of them share at one moment. */
  private void packIntoLanes(List<ItemResult> items, Predicate<ItemResult> chosen, Group group, String labelPrefix) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) if (chosen.test(items.get(i))) positions.add(i);
    double[] starts = new double[positions.size()];
    double[] ends = new double[positions.size()];
    for (int k = 0; k < positions.size(); k++) {
      ItemResult item = items.get(positions.get(k));
      Timings t = item.timings();
      starts[k] = t.startedMs();
      // A fetcher is free for its next URL once the body is with the writer: the write is on the writer's lane.
      ends[k] = group == Group.FETCHERS && BarSegments.wasWritten(item) ? t.bodyDoneMs() : lastMoment(t);
    }
    int[] packed = IntervalPartition.lanes(starts, ends);
    int first = lanes.size();
    for (int n = 1; n <= IntervalPartition.count(packed); n++) addLane(group, labelPrefix + n, labelPrefix + n);
    for (int k = 0; k < positions.size(); k++) barLane[positions.get(k)] = first + packed[k];
  }

  /** One lane per thread named in the chosen URLs' writerThread, in natural order (pool-2 before pool-10). */
  private void lanePerThread(List<ItemResult> items, Predicate<ItemResult> chosen, Group group, int[] laneOf) {
    Map<String, Integer> laneOfThread = new HashMap<>();
    for (ItemResult item : items) if (chosen.test(item)) laneOfThread.put(item.writerThread(), -1);
    List<String> threads = new ArrayList<>(laneOfThread.keySet());
    threads.sort(NATURAL);
    for (String thread : threads) laneOfThread.put(thread, addLane(group, shortName(thread), thread));
    for (int i = 0; i < items.size(); i++) {
      if (chosen.test(items.get(i))) laneOf[i] = laneOfThread.get(items.get(i).writerThread());
    }
  }

  private int addLane(Group group, String label, String fullName) {
    lanes.add(new Lane(group, label, fullName));
    return lanes.size() - 1;
  }

  private static double lastMoment(Timings t) {
    for (Double at : new Double[] {t.doneMs(), t.bodyDoneMs(), t.firstByteMs()}) if (at != null) return at;
    return t.startedMs();
  }

  /**
   * The end of a long thread name, which is where pools put the thread's number, cut after a '.' or '-' when there
   * is one: "fetchpipe-fetchpipe.blocking-io-dispatcher-21" becomes "…blocking-io-dispatcher-21".
   */
  static String shortName(String name) {
    if (name.length() <= LABEL_CHARS) return name;
    int from = name.length() - LABEL_CHARS + 1;
    for (int i = from; i < name.length() - 4; i++) {
      char c = name.charAt(i - 1);
      if (c == '.' || c == '-' || c == '/' || c == ' ') {
        from = i;
        break;
      }
    }
    return "\u2026" + name.substring(from);
  }

  /** Names compared by their text, then by a trailing number as a number (pool-2 before pool-10), then as they are. */
  static final Comparator<String> NATURAL = Comparator.comparing((String name) -> name.substring(0, digitsFrom(name)))
      .thenComparingLong(LaneLayout::trailingNumber)
      .thenComparing(Comparator.naturalOrder());

  /** Where the name's trailing digits start (its length when there are none). */
  private static int digitsFrom(String name) {
    int from = name.length();
    while (from > 0 && name.length() - from < 18 && Character.isDigit(name.charAt(from - 1))) from--;
    return from;
  }

  private static long trailingNumber(String name) {
    int from = digitsFrom(name);
    return from == name.length() ? -1 : Long.parseLong(name.substring(from));
  }
}
