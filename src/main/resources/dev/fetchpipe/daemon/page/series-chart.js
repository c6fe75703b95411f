// The chart over time: requests in flight, files/s, queue length and writer threads busy, one row each on a shared
// time axis from the job's start (the daemon keeps the series), each its own scale (a queue of 10,000 and 4 writer
// threads do not fit one), with the limits in force as dashed lines and every resize, cancel and abort marked. A
// row's scale is written beside its plot, never on it, where it would sit on the lines.

import { esc, line, n, rect, svg, text, ticks, tickLabel } from './svg.js';
import { count, rate } from './format.js';
import { laneGutter, timeSpan } from './live-lanes.js';

const ROW_LABEL = 16;
const ROW_PLOT = 36;
const ROW_GAP = 8;
const MARK_ROW = 14;

// Each row's name, and a short one for a phone's width, where the scale joins the label.
const ROWS = [
  { key: 'inFlight', name: 'requests in flight', short: 'in flight', cls: 'inflight', limit: 'maxInFlight',
    limitName: 'max in flight', shortLimit: 'max' },
  { key: 'rate', name: 'files/s (OK, over the last second)', short: 'files/s', cls: 'rate', format: rate },
  { key: 'queued', name: 'queue length (URLs not started)', short: 'queued', cls: 'queue', area: true },
  { key: 'busy', name: 'writer threads busy', short: 'writers busy', cls: 'busy', limit: 'writerThreads',
    limitName: 'writer threads', shortLimit: 'of' },
];

/** Each sample with its files/s: OK files ended over the second before it (or since the sample before, if longer). */
function withRates(samples) {
  const out = [];
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    while (j < i - 1 && samples[j + 1].t <= s.t - 1000) j++;
    const base = i === 0 ? null : samples[Math.min(j, i - 1)];
    const r = base && s.t > base.t ? ((s.ok - base.ok) * 1000) / (s.t - base.t) : 0;
    out.push({ ...s, rate: r });
  }
  return out;
}

/**
 * Marker labels in rows above the plot, each in the first row where it runs into no other; a label that would run off
 * the right side ends at its line instead of starting there.
 */
function placeLabels(markers, x, right) {
  const taken = [];
  return markers.map((m) => {
    const width = m.label.length * 6.4 + 8;
    const mx = x(m.t);
    const alignEnd = mx + width > right;
    const from = alignEnd ? mx - width : mx;
    const to = alignEnd ? mx : mx + width;
    let row = taken.findIndex((spans) => spans.every(([a, b]) => to <= a || from >= b));
    if (row < 0) row = taken.push([]) - 1;
    taken[row].push([from, to]);
    return { ...m, row, alignEnd };
  });
}

export function drawChart(watch, width) {
  // From the job's start: the whole run, however long, as the daemon kept it.
  const { from, to } = timeSpan(watch.nowMs(), Infinity, watch.ended);
  // The plot starts where the lanes' does; the gutter left of it holds each row's scale.
  const gutter = laneGutter(width);
  const left = gutter || 8;
  const labelX = 8;
  const plotW = Math.max(60, width - left - 8);
  const x = (ms) => left + ((Math.max(from, Math.min(to, ms)) - from) / (to - from)) * plotW;
  const samples = withRates(watch.samples).filter((s, i, all) => s.t >= from || (all[i + 1] && all[i + 1].t >= from));
  const markers = placeLabels(watch.markers.filter((m) => m.t >= from && m.t <= to).sort((a, b) => a.t - b.t), x, left + plotW);
  const markRows = markers.reduce((most, m) => Math.max(most, m.row + 1), 0);
  const live = !watch.ended;

  let body = '';
  let y = markRows * MARK_ROW + 2;
  const plotsTop = y;
  for (const row of ROWS) {
    const values = samples.map((s) => s[row.key]);
    const limits = row.limit ? samples.map((s) => s[row.limit]).filter((v) => v != null) : [];
    const peak = values.length ? Math.max(...values) : 0;
    const top = Math.max(1, peak, ...limits);
    const current = values.length ? values[values.length - 1] : null;
    const format = row.format || count;
    const limitNow = limits.length ? limits[limits.length - 1] : null;
    const labelY = y + 12;
    body += `<g class="series ${row.cls}" data-series="${row.key}" data-peak="${n(peak)}" ` +
      `data-now="${current == null ? '' : n(current)}" data-first="${samples.length ? n(samples[0].t) : ''}">`;
    // Without a gutter (a phone) the scale goes into the row's label, not onto its plot, and the names are short.
    const scale = gutter ? '' : ' · scale 0–' + format(top);
    const name = gutter ? row.name : row.short;
    const limitName = gutter ? row.limitName : row.shortLimit;
    body += `<text class="row-label" x="${labelX}" y="${labelY}"><tspan class="value">${esc(format(current))}</tspan> ` +
      `${esc(name)}<tspan class="muted"> · peak ${esc(format(peak))}` +
      `${limitNow != null ? ' · ' + esc(limitName) + ' ' + limitNow : ''}${esc(scale)}</tspan></text>`;
    y += ROW_LABEL;
    const base = y + ROW_PLOT;
    const yOf = (v) => base - (v / top) * (ROW_PLOT - 2);
    body += rect('stripe', left, y, plotW, ROW_PLOT);
    if (samples.length) {
      let d = `M${n(x(samples[0].t))},${n(yOf(values[0]))}`;
      for (let i = 1; i < samples.length; i++) d += `H${n(x(samples[i].t))}V${n(yOf(values[i]))}`;
      if (live) d += `H${n(x(to))}`;
      const area = row.area ? `${d}V${n(base)}H${n(x(samples[0].t))}Z` : null;
      if (area) body += `<path class="area" d="${area}"/>`;
      body += `<path class="line" d="${d}"/>`;
      if (row.limit) {
        let l = '';
        samples.forEach((s, i) => {
          const v = s[row.limit];
          if (v == null) return;
          l += (l ? `H${n(x(s.t))}V` : `M${n(x(s.t))},`) + n(yOf(v));
          if (i === samples.length - 1) l += `H${n(live ? x(to) : x(s.t))}`;
        });
        if (l) body += `<path class="limit" d="${l}"/>`;
      }
    }
    if (gutter) {
      body += text('scale', left - 6, y + 9, format(top)) + text('scale', left - 6, base, '0');
      body += line('axis', left - 3, y + 1, left, y + 1);
    }
    body += '</g>';
    y = base + ROW_GAP;
  }
  const bottom = y - ROW_GAP;
  for (const tick of ticks(from, to, plotW)) body = line('grid', x(tick), plotsTop, x(tick), bottom) + body;
  for (const m of markers) {
    const mx = x(m.t);
    const nearRight = m.alignEnd;
    body += `<g class="marker ${m.kind}" data-at-ms="${n(m.t)}"><title>${esc(m.label)} at ${(m.t / 1000).toFixed(2)} s</title>` +
      line('', mx, m.row * MARK_ROW + 2, mx, bottom) +
      text(nearRight ? 'mark end' : 'mark', nearRight ? mx - 4 : mx + 4, m.row * MARK_ROW + 12, m.label) + '</g>';
  }
  body += line('axis', left, bottom, left + plotW, bottom);
  for (const tick of ticks(from, to, plotW)) {
    body += line('axis', x(tick), bottom, x(tick), bottom + 4) + text('tick', x(tick), bottom + 16, tickLabel(tick));
  }
  return svg(width, bottom + 22, body, 'chart-svg');
}
