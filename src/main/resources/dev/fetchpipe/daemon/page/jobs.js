// The list of jobs, running and done, newest first, as GET /api/jobs gives it; a row selects its job. Rows are
// updated in place (it is redrawn a few times a second), so a click on one is never lost to a redraw.

import { clockTime, count } from './format.js';

export function showJobs(table, empty, jobs, selectedId, select) {
  const body = table.querySelector('tbody');
  const rows = new Map([...body.rows].map((row) => [row.dataset.job, row]));
  const ordered = jobs.map((job) => {
    const row = rows.get(job.id) || newRow(job.id, select);
    const [, state, done, submitted] = row.cells;
    const badge = state.firstChild;
    badge.className = 'state ' + stateClass(job);
    badge.textContent = stateText(job, true);
    done.textContent = job.total == null ? '–' : count(job.done) + ' / ' + count(job.total);
    submitted.textContent = clockTime(job.submittedAt);
    row.classList.toggle('selected', job.id === selectedId);
    return row;
  });
  ordered.forEach((row, i) => {
    if (body.rows[i] !== row) body.insertBefore(row, body.rows[i] || null);
  });
  while (body.rows.length > ordered.length) body.deleteRow(-1);
  table.hidden = jobs.length === 0;
  empty.hidden = jobs.length > 0;
}

function newRow(id, select) {
  const row = document.createElement('tr');
  row.dataset.job = id;
  const link = document.createElement('a');
  link.href = '#job=' + encodeURIComponent(id);
  link.textContent = id;
  link.addEventListener('click', (event) => event.preventDefault());
  const badge = document.createElement('span');
  const cells = [link, badge, '', ''].map((content) => {
    const td = document.createElement('td');
    td.append(content);
    return td;
  });
  row.append(...cells);
  row.addEventListener('click', () => select(id));
  return row;
}

/** How a job can end: all its URLs taken to their end, or cut short by a cancel or an abort. */
const ENDED = new Set(['DONE', 'CANCELLED', 'ABORTED', 'FAILED']);

export function isEnded(state) {
  return ENDED.has(state);
}

/** The state, with run's exit code once ended (not 0); in the list ({@code brief}), a cut-short job's state alone. */
export function stateText(job, brief = false) {
  if (!isEnded(job.state) || job.exitCode == null || job.exitCode === 0) return job.state;
  if (brief && job.state !== 'DONE') return job.state;
  return job.state + ', exit ' + job.exitCode;
}

export function stateClass(job) {
  if (job.state === 'DONE') return job.exitCode === 0 ? 'done' : 'done-bad';
  return job.state.toLowerCase();
}
