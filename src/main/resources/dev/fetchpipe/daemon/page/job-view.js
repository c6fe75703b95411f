// One job as the page watches it: its event stream (series, progress, item, resize, cancel, abort, end) kept as the
// data the numbers, the chart and the lanes are drawn from. A job opened late gets its numbers since its start from
// the daemon (the series event), and its URLs from its report as far as it got.

import { api } from './api.js';
import { isEnded } from './jobs.js';
import { LanePacker } from './live-lanes.js';
import { delaySetting, hostRateSetting, rateSetting } from './format.js';

const FAILURES_KEPT = 20;
const BAD = new Set(['NOT_FOUND', 'ERROR', 'CANCELLED']);

export class JobWatch {
  constructor(id, onChange, onLost) {
    this.id = id;
    this.onChange = onChange;
    this.onLost = onLost;
    this.status = null;
    this.receivedAt = 0;
    /** One per progress event: what the chart draws. */
    this.samples = [];
    /** Resizes, the cancel and the abort, at their moment in the job. */
    this.markers = [];
    this.lanes = new LanePacker();
    this.seen = new Set();
    this.failures = [];
    this.limits = null;
    this.source = null;
  }

  start() {
    this.source = new EventSource(api.eventsUrl(this.id));
    for (const type of ['series', 'progress', 'item', 'resize', 'cancel', 'abort', 'end']) {
      this.source.addEventListener(type, (event) => this.onEvent(type, JSON.parse(event.data)));
    }
    this.source.onerror = () => {
      // A closed stream without an end: the daemon went away or no longer takes this browser's token.
      if (this.source && this.source.readyState === EventSource.CLOSED) this.onLost();
    };
    // The status at once, not after the stream's first event: the job's numbers show as soon as the page opens.
    api.status(this.id).then((status) => {
      this.onStatus(status);
      this.onChange();
    }, () => {});
    api.report(this.id).then((report) => this.fillIn(report), () => {});
  }

  stop() {
    if (this.source) this.source.close();
    this.source = null;
  }

  get ended() {
    return this.status != null && isEnded(this.status.state);
  }

  /** Milliseconds since the job started, now: the last status's, moved on by the time since it came. */
  nowMs() {
    if (!this.status || this.status.elapsedMs == null) return 0;
    if (isEnded(this.status.state) || this.status.state === 'STARTING') return this.status.elapsedMs;
    return this.status.elapsedMs + (performance.now() - this.receivedAt);
  }

  onEvent(type, data) {
    if (type === 'series') this.onSeries(data);
    if (type === 'progress' || type === 'end') this.onStatus(data);
    if (type === 'item') this.onItem(data);
    if (type === 'resize') this.onResize(data);
    if (type === 'cancel') this.mark('cancel', this.nowMs(), 'cancel: ' + data.inFlight + ' in flight', true);
    if (type === 'abort') this.mark('abort', this.nowMs(), 'abort: ' + data.inFlight + ' cut off', true);
    if (type === 'end') this.stop();
    this.onChange();
  }

  onStatus(status) {
    // A control's answer can come after later events (even after the end): an older status never replaces a newer.
    const current = this.status;
    if (current && (isEnded(current.state) || (current.elapsedMs ?? 0) > (status.elapsedMs ?? 0))) return;
    this.status = status;
    this.receivedAt = performance.now();
    if (status.total == null) return;
    if (!this.limits && status.limits) this.limits = status.limits;
    const c = status.cancellation;
    if (c) {
      this.mark('cancel', c.atMs, 'cancel: ' + c.inFlight + ' in flight', false);
      if (c.abortedAtMs != null) this.mark('abort', c.abortedAtMs, 'abort', false);
    }
    const last = this.samples[this.samples.length - 1];
    if (last && last.t >= status.elapsedMs) return;
    this.samples.push({
      t: status.elapsedMs,
      inFlight: status.inFlight,
      queued: status.queued,
      busy: status.writerThreadsBusy ?? 0,
      ok: status.ok,
      done: status.done,
      // In a cluster, max-in-flight is each node's: the job's is that times its nodes.
      maxInFlight: status.limits ? status.limits.maxInFlight * Math.max(1, (status.nodes || []).length) : null,
      writerThreads: status.limits ? status.limits.writerThreads : null,
    });
  }

  /** The job's numbers since its start, as the daemon kept them: they go before any sample this page took itself. */
  onSeries(series) {
    if (!series || !Array.isArray(series.fields) || !Array.isArray(series.samples)) return;
    const kept = series.samples.map((row) => Object.fromEntries(series.fields.map((field, i) => [field, row[i]])));
    const last = kept.length ? kept[kept.length - 1].t : -1;
    this.samples = kept.concat(this.samples.filter((s) => s.t > last));
  }

  onItem(item) {
    if (this.seen.has(item.index)) return;
    this.seen.add(item.index);
    this.lanes.add(item);
    if (BAD.has(item.outcome)) {
      this.failures.unshift(item);
      if (this.failures.length > FAILURES_KEPT) this.failures.length = FAILURES_KEPT;
    }
  }

  onResize(change) {
    const before = this.limits;
    const parts = [];
    if (!before || before.maxInFlight !== change.maxInFlight) parts.push(change.maxInFlight + ' in flight');
    if (!before || before.maxPerHost !== change.maxPerHost) parts.push(change.maxPerHost + ' per host');
    if (!before || before.writerThreads !== change.writerThreads) parts.push(change.writerThreads + ' writers');
    for (const [name, what, words] of [['maxBytesPerSecond', 'rate', rateSetting],
      ['maxBytesPerSecondPerUrl', 'rate per URL', rateSetting], ['perHostDelayMs', 'delay per host', delaySetting],
      ['perHostRate', 'requests/s per host', hostRateSetting]]) {
      if ((before ? before[name] ?? 0 : 0) !== (change[name] ?? 0)) parts.push(what + ' ' + words(change[name]));
    }
    this.limits = { maxInFlight: change.maxInFlight, maxPerHost: change.maxPerHost, writerThreads: change.writerThreads,
      maxBytesPerSecond: change.maxBytesPerSecond ?? 0, maxBytesPerSecondPerUrl: change.maxBytesPerSecondPerUrl ?? 0,
      perHostDelayMs: change.perHostDelayMs ?? 0, perHostRate: change.perHostRate ?? 0 };
    this.mark('resize', change.atMs, '→ ' + (parts.length ? parts.join(', ') : 'same limits'), false, true);
  }

  /**
   * Adds a marker; a cancel or abort is shown once: the moment its event came is a guess, replaced by the exact one
   * when a status brings it ({@code guess} false).
   */
  mark(kind, atMs, label, guess, always = false) {
    if (!always) {
      const existing = this.markers.find((m) => m.kind === kind);
      if (existing) {
        if (existing.guess && !guess) Object.assign(existing, { t: atMs, guess: false });
        return;
      }
    }
    if (always && this.markers.some((m) => m.kind === kind && Math.abs(m.t - atMs) < 0.5)) return;
    this.markers.push({ kind, t: atMs, label, guess });
  }

  /** The report as far as the job got: the URLs that ended before this page watched, and earlier resizes. */
  fillIn(report) {
    if (!report || !Array.isArray(report.items)) return;
    const items = report.items.filter((item) => !this.seen.has(item.index) && item.timings && item.timings.doneMs != null);
    items.sort((a, b) => a.timings.doneMs - b.timings.doneMs);
    for (const item of items) this.onItem(item);
    for (const change of report.limitChanges || []) {
      if (!this.markers.some((m) => m.kind === 'resize' && Math.abs(m.t - change.atMs) < 0.5)) {
        this.markers.push({ kind: 'resize', t: change.atMs, guess: false,
          label: '→ ' + change.maxInFlight + ' in flight, ' + change.writerThreads + ' writers' });
      }
    }
    this.onChange();
  }
}
