// SVG made as text (fast for thousands of bars); every piece of text from a job is escaped.

export function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function n(value) {
  return Math.round(value * 10) / 10;
}

export function rect(cls, x, y, w, h, extra = '') {
  return `<rect class="${cls}" x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"${extra}/>`;
}

export function text(cls, x, y, content, extra = '') {
  return `<text class="${cls}" x="${n(x)}" y="${n(y)}"${extra}>${esc(content)}</text>`;
}

export function line(cls, x1, y1, x2, y2) {
  return `<line class="${cls}" x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}"/>`;
}

export function svg(width, height, body, cls) {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="${n(width)}" height="${n(height)}" ` +
    `viewBox="0 0 ${n(width)} ${n(height)}">${body}</svg>`;
}

/** Ticks at a round step, about one per 80 px. */
export function ticks(fromMs, toMs, widthPx) {
  const span = Math.max(1, toMs - fromMs);
  const wanted = Math.max(2, Math.floor(widthPx / 80));
  const steps = [100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 1800000, 3600000];
  const step = steps.find((s) => span / s <= wanted) || steps[steps.length - 1];
  const out = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) out.push(t);
  return out;
}

export function tickLabel(ms) {
  const s = ms / 1000;
  if (s >= 120) return Math.floor(s / 60) + 'm' + String(Math.round(s % 60)).padStart(2, '0');
  return (Number.isInteger(s) ? s : s.toFixed(1)) + ' s';
}
