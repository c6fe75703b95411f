// The job's numbers: done/total with a bar split by outcome, the count of each outcome, speeds, elapsed time and an
// estimate of the time left. Every number is the API's STATUS, the estimate included (the terminal shows the same).

import { bytes, count, duration, rate, seconds } from './format.js';
import { isEnded } from './jobs.js';

/** Outcomes in the report's order, with the class of their colour on the timeline page (OK: a written file). */
export const OUTCOMES = [
  { field: 'ok', name: 'OK', paint: 'd' },
  { field: 'kept', name: 'kept', paint: 'k' },
  { field: 'unchanged', name: 'unchanged', paint: 'u' },
  { field: 'notFound', name: 'not found', paint: 'n' },
  { field: 'errors', name: 'errors', paint: 'e' },
  { field: 'cancelled', name: 'cancelled', paint: 'c' },
  { field: 'skipped', name: 'skipped', paint: 's' },
];

/**
 * Milliseconds left: the daemon's estimate (msLeft, at the pace of the last few seconds, by bytes where lengths are
 * known), the very number the terminal shows; null when it has none.
 */
export function timeLeft(watch) {
  const s = watch.status;
  return !s || s.state !== 'RUNNING' || typeof s.msLeft !== 'number' ? null : s.msLeft;
}

function svgSwatch(paint) {
  const ns = 'http://www.w3.org/2000/svg';
  const box = document.createElementNS(ns, 'svg');
  box.setAttribute('width', '12');
  box.setAttribute('height', '12');
  const r = document.createElementNS(ns, 'rect');
  r.setAttribute('class', paint);
  r.setAttribute('width', '12');
  r.setAttribute('height', '12');
  box.append(r);
  return box;
}

export function showOutcomes(list, status) {
  list.replaceChildren(...OUTCOMES.filter((o) => o.field === 'ok' || status[o.field] > 0).map((o) => {
    const li = document.createElement('li');
    const value = document.createElement('b');
    value.textContent = count(status[o.field]);
    value.dataset.field = o.field;
    li.append(svgSwatch(o.paint), value, ' ' + o.name);
    return li;
  }));
}

/** The bar: one part per outcome in its colour, as wide as its share of all the URLs; the rest is still to do. */
export function showBar(bar, status) {
  const total = Math.max(1, status.total);
  const ns = 'http://www.w3.org/2000/svg';
  const box = document.createElementNS(ns, 'svg');
  box.setAttribute('viewBox', '0 0 1000 10');
  box.setAttribute('preserveAspectRatio', 'none');
  let x = 0;
  for (const o of OUTCOMES) {
    const w = (status[o.field] / total) * 1000;
    if (w <= 0) continue;
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('class', o.paint);
    r.setAttribute('x', String(x));
    r.setAttribute('width', String(w));
    r.setAttribute('height', '10');
    box.append(r);
    x += w;
  }
  bar.replaceChildren(box);
  bar.setAttribute('aria-label', `${status.done} of ${status.total} URLs done`);
}

/** Of how many: in a cluster max-in-flight is each node's, so the job's is that times its nodes. */
function inFlightNote(s) {
  const most = s.limits && s.limits.maxInFlight;
  if (most == null) return '';
  const nodes = Array.isArray(s.nodes) ? s.nodes.length : 0;
  return nodes > 0 ? `of ${count(most * nodes)} max, ${count(most)} a node` : 'of ' + count(most) + ' max';
}

export function showNumbers(list, watch) {
  const s = watch.status;
  const elapsed = s.elapsedMs || 0;
  const limits = s.limits || {};
  const left = timeLeft(watch);
  const rows = [
    ['in flight', count(s.inFlight), inFlightNote(s)],
    ['waiting to retry', count(s.waitingToRetry ?? 0), 'not in flight: tried again after a backoff'],
    ['being written', count(s.writing ?? 0), 'fetched, file not in place yet'],
    ['queued', count(s.queued), 'not started'],
    ['writers busy', count(s.writerThreadsBusy ?? 0), limits.writerThreads != null ? 'of ' + limits.writerThreads + ' writer threads' : ''],
    ['files/s', rate(s.filesPerSecond), 'OK files, average'],
    ['bytes/s', bytes(elapsed > 0 ? (s.bytes * 1000) / elapsed : 0), bytes(s.bytes) + ' saved'],
    ['elapsed', duration(elapsed), ''],
    ['time left', isEnded(s.state) ? 'ended' : s.state !== 'RUNNING' ? 'stopping' : left == null ? '–' : duration(left),
      s.state === 'RUNNING' ? 'estimate, at the pace of the last 5 s (by bytes where sizes are known)' : ''],
  ];
  list.replaceChildren(...rows.map(([name, value, note]) => {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.field = name.replace(/[^a-z]+/g, '-');
    const small = document.createElement('small');
    small.textContent = note;
    div.append(dt, dd, small);
    return div;
  }));
}

/**
 * The hosts paused now (they answered 429, or 503 with Retry-After): none of their URLs starts until the pause ends,
 * while other hosts go on. One line each, the one that ends first first; hidden when none is paused.
 */
export function showPauses(list, s) {
  const pauses = s.state === 'RUNNING' && Array.isArray(s.hostPauses) ? s.hostPauses : [];
  list.hidden = pauses.length === 0;
  list.replaceChildren(...pauses.map(p => {
    const li = document.createElement('li');
    li.dataset.host = p.host;
    const badge = document.createElement('b');
    badge.textContent = 'paused';
    li.append(badge, ` ${p.host} until ${seconds(p.untilMs)} (${duration(p.untilMs - (s.elapsedMs || 0))} left): ${p.reason}; its URLs wait, other hosts go on`);
    return li;
  }));
}
