// Numbers as a reader takes them in at a glance.

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function count(n) {
  return n == null || Number.isNaN(n) ? '–' : whole.format(n);
}

export function rate(perSecond) {
  if (perSecond == null || !Number.isFinite(perSecond)) return '–';
  return perSecond >= 100 ? whole.format(perSecond) : one.format(perSecond);
}

const two = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2, useGrouping: false });
const oneFlat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1, useGrouping: false });

/** Bytes in the terminal's units (its ProgressText): 684 B, 1.4 KiB, 2.0 MiB, 1.25 GiB. */
export function bytes(n) {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n < 1024) return Math.round(n) + ' B';
  if (n < 1024 * 1024) return oneFlat.format(n / 1024) + ' KiB';
  if (n < 1024 * 1024 * 1024) return oneFlat.format(n / (1024 * 1024)) + ' MiB';
  return two.format(n / (1024 * 1024 * 1024)) + ' GiB';
}

/** 3.4 s, 2m 05s, 1h 02m: short enough for a tile. */
export function duration(ms) {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '–';
  const s = ms / 1000;
  if (s < 60) return (s < 10 ? one.format(s) : whole.format(Math.floor(s))) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + String(Math.floor(s % 60)).padStart(2, '0') + 's';
  return Math.floor(m / 60) + 'h ' + String(m % 60).padStart(2, '0') + 'm';
}

/** Seconds since the job started, as the timeline's axis shows them. */
export function seconds(ms) {
  return ms == null ? '–' : one.format(ms / 1000) + ' s';
}

export function clockTime(iso) {
  if (!iso) return '–';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString('en-GB');
}

/** A byte rate as a rate field shows it and the API reads it back: off, 800B, 500KiB, 1.5MiB, 2GiB (a second). */
export function rateSetting(n) {
  if (n == null || !Number.isFinite(n) || n <= 0) return 'off';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return (Number.isInteger(value) ? String(value) : oneFlat.format(value)) + units[i];
}

/** A per-host delay as its field shows it and the API reads it back: off, 250ms, 2s, 1.5s. */
export function delaySetting(ms) {
  if (ms == null || !Number.isFinite(ms) || ms <= 0) return 'off';
  return ms % 100 === 0 && ms >= 1000 ? ms / 1000 + 's' : ms + 'ms';
}

/** Requests a second to one host as its field shows it and the API reads it back: off, 2, 0.5. */
export function hostRateSetting(n) {
  return n == null || !Number.isFinite(n) || n <= 0 ? 'off' : String(n);
}
