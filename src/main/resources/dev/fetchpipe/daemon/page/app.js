// The live page: the jobs list (polled), the selected job (its event stream), the submit form. Everything it shows
// comes from the daemon's API; without the token the API answers 401 and the page shows only how to get in.

import { api } from './api.js';
import { Controls } from './controls.js';
import { duration } from './format.js';
import { showBar, showNumbers, showOutcomes, showPauses } from './job-numbers.js';
import { JobWatch } from './job-view.js';
import { isEnded, showJobs, stateClass, stateText } from './jobs.js';
import { drawLanes } from './live-lanes.js';
import { drawChart } from './series-chart.js';
import { SubmitForm } from './submit.js';
import { esc } from './svg.js';

const LIST_EVERY_MS = 1000;
const DRAW_EVERY_MS = 250;
const $ = (id) => document.getElementById(id);

let jobs = [];
let selectedId = null;
let watch = null;
let dirty = false;
let locked = false;

// The token came in the address, and the answer set the cookie that carries it from now on: off the address bar.
if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', '/' + location.hash);

const controls = new Controls($('controls'), (status) => {
  if (watch && watch.id === status.id) watch.onStatus(status);
  dirty = true;
});
new SubmitForm($('submit'), (id) => {
  select(id);
  refreshList();
});

function lock(reason) {
  locked = true;
  $('loading').hidden = true;
  if (watch) watch.stop();
  watch = null;
  $('app').hidden = true;
  $('locked').hidden = false;
  $('locked-reason').textContent = reason;
  connection('no token', true);
}

function connection(text, bad) {
  $('connection').textContent = text;
  $('connection').classList.toggle('bad', bad);
}

async function refreshList() {
  if (locked) return;
  try {
    const answer = await api.jobs();
    jobs = answer.jobs;
    $('loading').hidden = true;
    $('app').hidden = false;
    connection('connected', false);
    if (!selectedId && jobs.length) {
      const fromAddress = new URLSearchParams(location.hash.slice(1)).get('job');
      const running = jobs.find((job) => !isEnded(job.state));
      select(fromAddress && jobs.some((j) => j.id === fromAddress) ? fromAddress : (running || jobs[0]).id);
    }
    showList();
  } catch (e) {
    if (e.status === 401) lock(e.message);
    else connection(e.message + '; trying again', true);
  }
}

function select(id) {
  if (watch && watch.id === id) return;
  if (watch) watch.stop();
  selectedId = id;
  history.replaceState(null, '', '/#job=' + encodeURIComponent(id));
  watch = new JobWatch(id, () => { dirty = true; }, () => refreshList());
  watch.start();
  // Nothing of the job shown before stays up while the new one's first status is on its way: a line says it is coming.
  $('no-job').hidden = true;
  $('job-view').hidden = true;
  $('job-loading-id').textContent = id;
  $('job-loading').hidden = false;
  $('job-report').href = api.reportUrl(id);
  $('job-timeline').href = api.timelineUrl(id);
  showList();
  dirty = true;
}

/** The list; the selected job's row as its event stream says, newer than the list and the same as its numbers. */
function showList() {
  const latest = watch && watch.status && watch.status.total != null ? watch.status : null;
  showJobs($('jobs'), $('no-jobs'), jobs.map((job) => (latest && job.id === latest.id ? latest : job)), selectedId, select);
}

function draw() {
  if (!watch || !watch.status) return;
  const s = watch.status;
  $('job-loading').hidden = true;
  $('job-view').hidden = false;
  $('job-id').textContent = 'job ' + s.id;
  $('job-state').textContent = stateText(s);
  $('job-state').className = 'state ' + stateClass(s);
  controls.show(watch.id, s);
  const problem = s.error || (s.cancellation ? cancelText(s.cancellation) : '');
  $('job-problem').hidden = !problem;
  $('job-problem').textContent = problem;
  if (s.total == null) return;
  $('job-site').textContent = s.site;
  $('job-output').textContent = s.outputDir;
  $('job-done').textContent = s.done.toLocaleString('en-US');
  $('job-total').textContent = s.total.toLocaleString('en-US');
  $('job-percent').textContent = s.total ? '(' + ((s.done * 100) / s.total).toFixed(1) + ' %)' : '';
  showBar($('job-bar'), s);
  showOutcomes($('job-outcomes'), s);
  showNumbers($('job-numbers'), watch);
  showPauses($('job-pauses'), s);
  const width = $('chart').clientWidth;
  $('chart').innerHTML = drawChart(watch, width);
  const first = watch.samples[0];
  $('chart-note').textContent = !first ? '(this daemon has no numbers over time for this job: its timeline shows the whole run)'
    : first.t > 2000 ? '(from ' + duration(first.t) + ', when this daemon began to run the job)' : '(since the job started)';
  $('lanes').innerHTML = drawLanes(watch, $('lanes').clientWidth);
  showFailures();
  showList();
}

/** Who or what cancelled, in words: the reasons fetchpipe's own clients send, and the API's sources. */
const REQUESTS = {
  'fetchpipe cancel': 'by fetchpipe cancel',
  'fetchpipe cancel --abort': 'by fetchpipe cancel --abort',
  'cancelled from the live page': 'from the live page',
  'aborted from the live page': 'from the live page',
  'Ctrl-C': 'by Ctrl-C in fetchpipe submit --wait',
  'SIGTERM': 'by SIGTERM to fetchpipe submit --wait',
};

function whoCancelled(c) {
  const reason = (c.reason || '').trim();
  switch (c.source) {
    case 'REQUEST': return REQUESTS[reason] || (reason ? 'by a request: “' + reason + '”' : 'by a request to the API');
    case 'DEADLINE': return 'when its deadline passed' + (reason ? ' (' + reason + ')' : '');
    case 'MAX_ERRORS': return 'when ' + (reason || 'too many URLs ended in ERROR') + ' (cancel.max-errors)';
    case 'INTERRUPT': return 'as the daemon stopped (Ctrl-C)';
    case 'TERMINATE': return 'as the daemon stopped (SIGTERM)';
    default: return reason ? c.source.toLowerCase() + ': ' + reason : c.source.toLowerCase();
  }
}

function cancelText(c) {
  return `Cancelled at ${(c.atMs / 1000).toFixed(2)} s ${whoCancelled(c)}: ${c.inFlight} in flight then, ` +
    `${c.finishedAfterCancel} of them finished` + (c.abortedAtMs != null ? `; aborted at ${(c.abortedAtMs / 1000).toFixed(2)} s` : '') + '.';
}

/** Why a URL failed: the report's error, or for a 404 (which has none) what the server said. */
function reason(item) {
  if (item.error) return item.error;
  if (item.outcome === 'NOT_FOUND') return 'the server answered 404 Not Found';
  return item.status != null ? 'the server answered ' + item.status : '';
}

function showFailures() {
  const table = $('failures');
  const failures = watch.failures;
  table.hidden = failures.length === 0;
  $('no-failures').hidden = failures.length > 0;
  table.querySelector('tbody').innerHTML = failures.map((item) => {
    const at = item.timings && item.timings.doneMs != null ? (item.timings.doneMs / 1000).toFixed(2) + ' s' : '';
    const outcome = item.outcome + (item.status != null ? ' ' + item.status : '');
    return `<tr><td>${esc(at)}</td><td class="outcome ${esc(item.outcome)}">${esc(outcome)}</td>` +
      `<td class="url">${esc(item.url)}</td><td>${esc(reason(item))}</td></tr>`;
  }).join('');
}

setInterval(refreshList, LIST_EVERY_MS);
// Redrawn a few times a second: after events, and while the job runs (its time axis moves on its own).
setInterval(() => {
  if (dirty || (watch && watch.status && !watch.ended)) {
    dirty = false;
    draw();
  }
}, DRAW_EVERY_MS);
window.addEventListener('resize', () => { dirty = true; });
refreshList();
