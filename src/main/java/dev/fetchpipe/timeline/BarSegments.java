package dev.fetchpipe.timeline;

import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Timings;
import java.util.ArrayList;
import java.util.List;

/**
 * The coloured pieces one URL's bar is made of. Each piece is painted by the step the URL was in during it: waiting
 * for the response after the request was sent, receiving after the first byte, writing after the body was done. A
 * URL that did not end OK keeps its steps (drawn faded) and gets a short end mark in the colour of how it ended
 * (ERROR, NOT_FOUND, CANCELLED), so a URL cut off by a cancel still shows how long it had waited for its response.
 * Retried URLs show each failed attempt and the wait before the next one.
 */
final class BarSegments {
  private BarSegments() {}

  /** Where a piece is drawn: the URL's own lane, or the lane of the writer thread that wrote its file. */
  enum Where { LANE, WRITER }

  record Segment(Paint paint, double fromMs, double toMs, Where where) {}

  /** The pieces of one URL's bar, left to right; {@code writerLane} adds the write on its writer thread's lane. */
  static List<Segment> of(ItemResult item, boolean writerLane) {
    List<Segment> pieces = new ArrayList<>();
    Timings t = item.timings();
    if (t == null) return pieces;
    Paint end = Paint.forEnd(item.outcome());
    if (t.startedMs() == null) {
      // Never sent (skipped, kept, unusable): the whole bar is its time in the queue, painted by how it ended.
      double from = t.queuedMs() == null ? 0 : t.queuedMs();
      if (t.doneMs() != null) pieces.add(new Segment(end == null ? Paint.QUEUED : end, from, Math.max(from, t.doneMs()), Where.LANE));
      return pieces;
    }
    if (t.queuedMs() != null && t.queuedMs() < t.startedMs()) {
      pieces.add(new Segment(Paint.QUEUED, t.queuedMs(), t.startedMs(), Where.LANE));
    }
    double from = t.startedMs();
    List<Attempt> attempts = item.attempts();
    for (int i = 0; i + 1 < attempts.size(); i++) {
      Attempt failed = attempts.get(i);
      pieces.add(new Segment(Paint.RETRY, failed.startedMs(), failed.endedMs(), Where.LANE));
      if (failed.waitMs() != null && failed.waitMs() > 0) {
        pieces.add(new Segment(Paint.BACKOFF, failed.endedMs(), failed.endedMs() + failed.waitMs(), Where.LANE));
      }
      from = attempts.get(i + 1).startedMs();
    }
    // The last (or only) request: its steps, each piece painted by the step it began with. A write drawn on its writer
    // thread's lane is not drawn on the URL's too: the fetcher took its next URL while the file was written.
    boolean writeElsewhere = writerLane && wasWritten(item);
    Double[] reached = {t.firstByteMs(), t.bodyDoneMs(), writeElsewhere ? null : t.doneMs()};
    Paint[] after = {Paint.RECEIVING, Paint.WRITING, null};
    Paint paint = Paint.WAITING;
    int steps = 0;
    for (int i = 0; i < reached.length; i++) {
      if (reached[i] == null || reached[i] < from) continue;
      pieces.add(new Segment(paint, from, reached[i], Where.LANE));
      steps++;
      from = reached[i];
      paint = after[i];
    }
    if (end != null && steps > 0) {
      // A mark at the very end: drawn a few pixels wide, ending where the URL ended.
      double endedAt = pieces.get(pieces.size() - 1).toMs();
      pieces.add(new Segment(end, endedAt, endedAt, Where.LANE));
    }
    if (writeElsewhere) {
      pieces.add(new Segment(end == null ? Paint.WRITING : end, t.bodyDoneMs(), t.doneMs(), Where.WRITER));
    }
    return pieces;
  }

  /** Whether the URL has a write to show on a writer thread's lane: a body that reached a named writer thread. */
  static boolean wasWritten(ItemResult item) {
    Timings t = item.timings();
    return item.writerThread() != null && t != null && t.bodyDoneMs() != null && t.doneMs() != null
        && t.doneMs() >= t.bodyDoneMs();
  }
}
