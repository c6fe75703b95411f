package dev.fetchpipe.timeline;

import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;

/** The text shown when the pointer rests on a URL's bar: what happened to it, and when. Plain text, not yet escaped. */
final class Tooltip {
  private Tooltip() {}

  static String of(ItemResult item, TimelineRun.Lanes rule) {
    StringBuilder text = new StringBuilder();
    text.append(item.url()).append('\n');
    text.append(item.outcome());
    if (item.status() != null) text.append(" (HTTP ").append(item.status()).append(')');
    if (item.outcome() == Outcome.OK) text.append(", ").append(item.bytes()).append(" bytes");
    if (item.error() != null) text.append(": ").append(item.error());
    Timings t = item.timings();
    if (t != null) {
      text.append('\n');
      step(text, "queued", t.queuedMs());
      step(text, "sent", t.startedMs());
      step(text, "first byte", t.firstByteMs());
      step(text, "body done", t.bodyDoneMs());
      step(text, item.outcome() == Outcome.OK ? "written" : "ended", t.doneMs());
    }
    if (item.writerThread() != null) {
      text.append('\n').append(rule == TimelineRun.Lanes.THREADS ? "thread: " : "written by: ").append(item.writerThread());
    }
    if (item.attempts().size() > 1) {
      for (Attempt a : item.attempts()) {
        text.append('\n').append("attempt ").append(a.number()).append(": sent ").append(seconds(a.startedMs()));
        if (a.status() != null) text.append(", HTTP ").append(a.status());
        text.append(", ended ").append(seconds(a.endedMs()));
        if (a.error() != null) text.append(" (").append(a.error()).append(')');
        if (a.waitMs() != null) text.append(", then waited ").append(seconds(a.waitMs()));
      }
    }
    if (item.note() != null) text.append('\n').append("note: ").append(item.note());
    return text.toString();
  }

  private static void step(StringBuilder text, String name, Double atMs) {
    if (atMs == null) return;
    if (text.charAt(text.length() - 1) != '\n') text.append(" \u00b7 ");
    text.append(name).append(' ').append(seconds(atMs));
  }

  /** Milliseconds as seconds with three decimals, e.g. "1.250 s" (String.format is too slow for 10,000 bars). */
  static String seconds(double ms) {
    long rounded = Math.round(Math.abs(ms));
    String millis = Long.toString(1000 + rounded % 1000).substring(1);
    return (ms < 0 && rounded > 0 ? "-" : "") + rounded / 1000 + "." + millis + " s";
  }
}
