// The job's controls: new limits (one PATCH with the fields changed), Cancel and Abort, each the same call a script
// makes. What the API answers is shown as it is; the resize, cancel and abort then appear on the chart from the events.

import { api } from './api.js';
import { delaySetting, hostRateSetting, rateSetting, seconds } from './format.js';
import { isEnded } from './jobs.js';

const FIELDS = ['maxInFlight', 'maxPerHost', 'perHostDelay', 'perHostRate', 'writerThreads', 'maxBytesPerSecond',
  'maxBytesPerSecondPerUrl'];
// Rates and the per-host pace are shown as written in config (2MiB, 500ms, off) and sent as typed: the API reads
// them the same way. The status says the delay in milliseconds (perHostDelayMs).
const TYPED = {
  maxBytesPerSecond: rateSetting,
  maxBytesPerSecondPerUrl: rateSetting,
  perHostDelay: delaySetting,
  perHostRate: hostRateSetting,
};

/** The field's value in force, as the field shows it; null when the status does not say. */
function shown(name, limits) {
  const value = limits[name === 'perHostDelay' ? 'perHostDelayMs' : name];
  if (value == null) return null;
  return TYPED[name] ? TYPED[name](value) : String(value);
}

export class Controls {
  constructor(form, onAnswer) {
    this.form = form;
    this.onAnswer = onAnswer;
    this.jobId = null;
    this.inForce = {};
    this.message = form.querySelector('#controls-message');
    this.edited = new Set();
    for (const name of FIELDS) {
      for (const type of ['input', 'change']) form.elements[name].addEventListener(type, () => this.edited.add(name));
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.resize();
    });
    form.querySelector('#cancel').addEventListener('click', () => this.cancel(false));
    form.querySelector('#abort').addEventListener('click', () => this.cancel(true));
  }

  /** Follows the job's status: the limits in force, unless the user is changing them; no orders once it ended. */
  show(jobId, status) {
    if (jobId !== this.jobId) {
      this.jobId = jobId;
      this.edited.clear();
      this.say('', false);
    }
    const running = status && (status.state === 'RUNNING' || status.state === 'DRAINING' || status.state === 'ABORTING');
    // What an order said while the job ran ("cancelling: ...") is stale once it has ended: the header says how it ended.
    if (this.jobId === jobId && status && isEnded(status.state) && this.wasRunning) this.say('', false);
    this.wasRunning = running;
    const limits = (status && status.limits) || {};
    this.inForce = limits;
    for (const name of FIELDS) {
      const input = this.form.elements[name];
      input.disabled = !running;
      const value = shown(name, limits);
      if (!this.edited.has(name) && document.activeElement !== input && value != null) input.value = value;
    }
    this.form.querySelector('#apply').disabled = !running;
    this.form.querySelector('#cancel').disabled = !status || status.state !== 'RUNNING';
    this.form.querySelector('#abort').disabled = !running;
  }

  async resize() {
    // Only what the user changed: sending max-per-host back as shown would pin it (off shows as max-in-flight).
    const limits = {};
    for (const name of FIELDS) {
      const value = this.form.elements[name].value.trim();
      if (value === shown(name, this.inForce)) continue;
      if (TYPED[name]) {
        limits[name] = value;
        continue;
      }
      // Sent as the user typed it when it is not a whole number, so the API's own message says what is wrong.
      const number = Number(value);
      limits[name] = value !== '' && Number.isInteger(number) ? number : value;
    }
    if (Object.keys(limits).length === 0) {
      this.say('nothing to apply: these are the limits in force', false);
      return;
    }
    try {
      const status = await api.resize(this.jobId, limits);
      this.edited.clear();
      const s = status.limits;
      this.say(`applied at ${seconds(status.elapsedMs)}: ${s.maxInFlight} in flight, ${s.maxPerHost} per host, ` +
        `delay per host ${delaySetting(s.perHostDelayMs)}, ${hostRateSetting(s.perHostRate)} requests/s per host, ` +
        `${s.writerThreads} writer threads, rate ${rateSetting(s.maxBytesPerSecond)}, ` +
        `${rateSetting(s.maxBytesPerSecondPerUrl)} per URL`, false);
      this.onAnswer(status);
    } catch (e) {
      this.say(e.message, true);
    }
  }

  async cancel(abort) {
    try {
      const status = await api.cancel(this.jobId, abort);
      this.say(abort ? 'aborting: the requests in flight are cut off' :
        'cancelling: queued URLs are skipped, the requests in flight may finish', false);
      this.onAnswer(status);
    } catch (e) {
      this.say(e.message, true);
    }
  }

  say(text, isError) {
    this.message.textContent = text;
    this.message.classList.toggle('error', isError);
  }
}
