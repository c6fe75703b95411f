// The live fetcher and writer-thread lanes, in the timeline page's colours and grammar (its BarSegments and
// LaneLayout): one bar per URL from request sent to file written, a lane holds one bar at a time, so the lanes of a
// group are how many worked at once. Built from each URL's timings as its item event comes, so a bar appears when
// its URL has ended.

import { esc, line, n, rect, svg, text, ticks, tickLabel } from './svg.js';

export const WINDOW_MS = 20000;
export const MIN_SPAN_MS = 5000;
/** Bars older than this behind the newest are forgotten: only the window is ever drawn. */
const KEEP_MS = WINDOW_MS + 10000;
/** The most bars drawn: past a few thousand in 20 s they are thinner than a pixel anyway. */
const MAX_BARS = 5000;
const END_PAINT = { KEPT: 'k', UNCHANGED: 'u', NOT_FOUND: 'n', ERROR: 'e', CANCELLED: 'c', SKIPPED: 's' };

function lastMoment(t) {
  for (const at of [t.doneMs, t.bodyDoneMs, t.firstByteMs]) if (at != null) return at;
  return t.startedMs;
}

/** A body a writer thread wrote: drawn on that thread's lane, while the fetcher took its next URL. */
function written(item) {
  const t = item.timings;
  return item.writerThread && t.bodyDoneMs != null && t.doneMs != null && t.doneMs >= t.bodyDoneMs;
}

/**
 * Keeps the URLs that ended lately. Their lanes are worked out at each drawing, as the timeline page's are: by start,
 * each in the lowest lane free at its start, so the lanes are exactly as many as were busy at once (a URL that
 * started early may end, and come, after others that started later).
 */
export class LanePacker {
  constructor() {
    this.bars = [];
    this.newest = 0;
  }

  add(item) {
    const t = item.timings;
    if (!t || t.startedMs == null) return;
    const start = t.startedMs;
    const end = Math.max(start, written(item) ? t.bodyDoneMs : lastMoment(t));
    this.bars.push({ item, start, end, lane: -1 });
    if (end > this.newest) this.newest = end;
    if (this.bars.length > 2 * MAX_BARS) this.forget();
  }

  /** Only the newest bars are kept: the window shows no more, and packing them stays quick. */
  forget() {
    this.bars.sort((a, b) => a.end - b.end);
    this.bars = this.bars.slice(this.bars.length - MAX_BARS).filter((bar) => bar.end >= this.newest - KEEP_MS);
  }

  /** The bars that end at or after {@code fromMs}, each with its lane; returns how many lanes they use. */
  pack(fromMs) {
    const shown = this.bars.filter((bar) => bar.end >= fromMs).sort((a, b) => a.start - b.start || a.end - b.end);
    const laneEnds = [];
    for (const bar of shown) {
      let lane = laneEnds.findIndex((end) => end <= bar.start);
      if (lane < 0) lane = laneEnds.push(0) - 1;
      laneEnds[lane] = bar.end;
      bar.lane = lane;
    }
    return { shown, lanes: laneEnds.length };
  }
}

/** The coloured pieces of one URL's bar: the timeline's BarSegments, less the queue wait. */
function pieces(item) {
  const t = item.timings;
  const end = END_PAINT[item.outcome] || null;
  const out = [];
  let from = t.startedMs;
  const attempts = item.attempts || [];
  for (let i = 0; i + 1 < attempts.length; i++) {
    const failed = attempts[i];
    out.push({ paint: 'f', from: failed.startedMs, to: failed.endedMs, writer: false });
    if (failed.waitMs > 0) out.push({ paint: 'b', from: failed.endedMs, to: failed.endedMs + failed.waitMs, writer: false });
    from = attempts[i + 1].startedMs;
  }
  const reached = [t.firstByteMs, t.bodyDoneMs, written(item) ? null : t.doneMs];
  const after = ['r', 'd', null];
  let paint = 'w';
  let steps = 0;
  for (let i = 0; i < reached.length; i++) {
    if (reached[i] == null || reached[i] < from) continue;
    out.push({ paint, from, to: reached[i], writer: false });
    steps++;
    from = reached[i];
    paint = after[i];
  }
  if (end && steps > 0 && t.doneMs != null) out[out.length - 1].paint = end;
  if (written(item)) {
    out.push({ paint: end || 'd', from: t.bodyDoneMs, to: t.doneMs, writer: true });
  }
  return { list: out, end };
}

const NATURAL = new Intl.Collator('en', { numeric: true });

function shortName(name, chars) {
  return name.length <= chars ? name : '…' + name.slice(name.length - chars + 1);
}

function tooltip(item) {
  const t = item.timings;
  const parts = [item.url, item.outcome + (item.status != null ? ' ' + item.status : '')];
  if (item.error) parts.push(item.error);
  parts.push('sent ' + (t.startedMs / 1000).toFixed(2) + ' s, ended ' + ((t.doneMs ?? lastMoment(t)) / 1000).toFixed(2) + ' s');
  if (item.writerThread) parts.push('written by ' + item.writerThread);
  return parts.join('\n');
}

/**
 * The time a picture covers: the last {@code windowMs} up to now, 5 s at least (a young job's chart and lanes then
 * share one scale), and for an ended job a little room after its end, so that its last step is seen, not hidden in
 * the frame.
 */
export function timeSpan(nowMs, windowMs, ended) {
  const from = Math.max(0, nowMs - windowMs);
  const end = ended ? nowMs + Math.max(100, (nowMs - from) * 0.02) : nowMs;
  return { from, to: Math.max(from + MIN_SPAN_MS, end) };
}

/** Room for the lanes' names on a wide screen; none on a phone, where the group headings say enough. */
export function laneGutter(width) {
  return width >= 640 ? 130 : 0;
}

/** The lanes as an SVG string for a box this wide, over the window ending at {@code nowMs}. */
export function drawLanes(watch, width) {
  const packer = watch.lanes;
  // The chart's span while the job is young (5 s at least), so that its moments line up with the chart's.
  const { from, to } = timeSpan(Math.max(watch.nowMs(), packer.newest), WINDOW_MS, watch.ended);
  const { shown, lanes: fetcherLanes } = packer.pack(from);
  const gutter = laneGutter(width);
  const left = gutter;
  const plotW = Math.max(50, width - gutter - 8);
  const x = (ms) => left + ((Math.max(from, Math.min(to, ms)) - from) / (to - from)) * plotW;

  const threads = [...new Set(shown.filter((b) => b.item.writerThread && b.item.timings.bodyDoneMs != null)
    .map((b) => b.item.writerThread))].sort(NATURAL.compare);
  const threadLane = new Map(threads.map((name, i) => [name, i]));
  const fetcherH = Math.max(1, Math.min(12, 260 / Math.max(1, fetcherLanes)));
  const writerH = Math.max(2, Math.min(12, 120 / Math.max(1, threads.length)));

  let body = '';
  let y = 4;
  body += text('group', 4, y + 12, fetcherLanes === 0 ? 'fetchers: no URL has ended in the last 20 s'
    : `fetchers: ${fetcherLanes} ${fetcherLanes === 1 ? 'lane' : 'lanes'}, one per request in flight at once`,
    ` id="fetcher-lanes" data-lanes="${fetcherLanes}"`);
  y += 18;
  const fetchersTop = y;
  for (let i = 0; i < fetcherLanes; i++) {
    if (i % 2 === 0) body += rect('stripe', left, y + i * fetcherH, plotW, fetcherH);
    if (gutter && fetcherH >= 8) body += text('lane', left - 6, y + i * fetcherH + fetcherH / 2 + 4, 'fetcher ' + (i + 1));
  }
  y += fetcherLanes * fetcherH + 6;
  body += text('group', 4, y + 12, threads.length === 0 ? 'writer threads: no file written in the last 20 s'
    : `writer threads: ${threads.length} wrote files in the last 20 s`);
  y += 18;
  const writersTop = y;
  for (let i = 0; i < threads.length; i++) {
    if (i % 2 === 0) body += rect('stripe', left, y + i * writerH, plotW, writerH);
    if (gutter && writerH >= 8) {
      body += `<text class="lane" x="${n(left - 6)}" y="${n(y + i * writerH + writerH / 2 + 4)}">` +
        `${esc(shortName(threads[i], 21))}<title>${esc(threads[i])}</title></text>`;
    }
  }
  y += threads.length * writerH;
  const bottom = y;

  for (const tick of ticks(from, to, plotW)) body += line('grid', x(tick), fetchersTop, x(tick), bottom);
  for (const bar of shown) {
    const { list, end } = pieces(bar.item);
    let g = '';
    for (const piece of list) {
      if (piece.to < from) continue;
      const top = piece.writer ? writersTop + threadLane.get(bar.item.writerThread) * writerH : fetchersTop + bar.lane * fetcherH;
      const h = piece.writer ? writerH : fetcherH;
      const ending = end && piece.paint === end;
      const barH = h >= 4 ? h * (ending ? 0.94 : 0.74) : h;
      const x1 = x(piece.from);
      const w = Math.max(x(piece.to) - x1, ending ? 3 : 0.6);
      g += rect(piece.paint + (end && !ending ? ' x' : ''), x1, top + (h - barH) / 2, w, barH);
    }
    if (g) body += `<g class="bar"><title>${esc(tooltip(bar.item))}</title>${g}</g>`;
  }
  for (const marker of watch.markers) {
    if (marker.t < from || marker.t > to) continue;
    body += `<g class="marker ${marker.kind}">${line('', x(marker.t), fetchersTop - 4, x(marker.t), bottom)}</g>`;
  }
  body += line('axis', left, bottom, left + plotW, bottom);
  for (const tick of ticks(from, to, plotW)) {
    body += line('axis', x(tick), bottom, x(tick), bottom + 4) + text('tick', x(tick), bottom + 16, tickLabel(tick));
  }
  return svg(width, bottom + 22, body, 'lanes-svg');
}
