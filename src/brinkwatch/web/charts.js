// Small SVG charts drawn with DOM calls (no library, nothing from the internet). Labels are text nodes.

const NS = 'http://www.w3.org/2000/svg';
export const QUAD_COLORS = { 1: '#7fb88f', 2: '#2e7d4f', 3: '#e8a33d', 4: '#c0392b' };
const QUAD_NAMES = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// A round axis maximum whose half is a whole number too (counts are integers).
function niceMax(value) {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 6, 8, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

function ticks(count, wanted) {
  if (count <= wanted) return [...Array(count).keys()];
  const step = Math.ceil(count / wanted);
  const out = [];
  for (let i = 0; i < count; i += step) out.push(i);
  return out;
}

// Stacked bars of events per period by QuadClass, with the Goldstein mean as a line on its own scale (-10..10).
// points: [{period, end, quad: {"1": n, ...}, events, goldstein_mean}]; highlight: [start, end] dates to shade.
export function seriesChart(points, { height = 260, highlight = null, label = 'events per period' } = {}) {
  const width = 900;
  const pad = { left: 44, right: 44, top: 16, bottom: 42 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  root.append(svg('title', {}, label));
  if (!points.length) {
    root.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'No dated events in this period'));
    return root;
  }
  const max = niceMax(Math.max(...points.map((p) => p.events)));
  const band = innerW / points.length;
  const barW = Math.max(1, band * 0.8);
  const y = (v) => pad.top + innerH - (v / max) * innerH;
  const gy = (g) => pad.top + innerH / 2 - (g / 10) * (innerH / 2);
  // grid and axes
  for (const v of [0, max / 2, max]) {
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid' }));
    root.append(svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, Number.isInteger(v) ? v : v.toFixed(1)));
  }
  for (const g of [-10, 0, 10]) {
    root.append(svg('text', { x: width - pad.right + 6, y: gy(g) + 4, class: 'axis goldstein-axis' }, g > 0 ? `+${g}` : g));
  }
  if (highlight) {
    const [lo, hi] = highlight;
    const inside = points.map((p, i) => [p, i]).filter(([p]) => p.end >= lo && p.period <= hi);
    if (inside.length) {
      const first = inside[0][1];
      const last = inside[inside.length - 1][1];
      root.append(svg('rect', { x: pad.left + first * band, y: pad.top, width: (last - first + 1) * band, height: innerH, class: 'highlight' }));
    }
  }
  const bars = svg('g', { class: 'bars' });
  points.forEach((p, i) => {
    const group = svg('g', { class: 'bar', 'data-period': p.period });
    const parts = Object.entries(p.quad || {}).filter(([, n]) => n > 0).map(([q, n]) => `${QUAD_NAMES[q]} ${n}`);
    group.append(svg('title', {}, `${p.period} – ${p.end}: ${p.events} event(s)${parts.length ? ` (${parts.join(', ')})` : ''}` +
      (p.goldstein_mean !== null && p.goldstein_mean !== undefined ? `; Goldstein mean ${p.goldstein_mean}` : '')));
    let base = 0;
    for (const q of ['4', '3', '2', '1']) {
      const n = (p.quad || {})[q] || 0;
      if (!n) continue;
      group.append(svg('rect', { x: pad.left + i * band + (band - barW) / 2, y: y(base + n), width: barW,
        height: Math.max(0.5, y(base) - y(base + n)), fill: QUAD_COLORS[q], class: `q${q}` }));
      base += n;
    }
    // an invisible full-height target so the tooltip works on empty periods too
    group.append(svg('rect', { x: pad.left + i * band, y: pad.top, width: band, height: innerH, fill: 'transparent' }));
    bars.append(group);
  });
  root.append(bars);
  // The Goldstein mean of each period with events; a line joins neighbouring periods only (an empty period
  // has no mean, and a line across it would invent one).
  const line = points.map((p, i) => [p, i]).filter(([p]) => p.goldstein_mean !== null && p.goldstein_mean !== undefined && p.events > 0);
  const d = line.map(([p, i], k) => {
    const joined = k > 0 && line[k - 1][1] === i - 1;
    return `${joined ? 'L' : 'M'}${(pad.left + (i + 0.5) * band).toFixed(1)},${gy(p.goldstein_mean).toFixed(1)}`;
  }).join(' ');
  if (d) root.append(svg('path', { d, class: 'goldstein' }));
  for (const [p, i] of line) {
    root.append(svg('circle', { cx: pad.left + (i + 0.5) * band, cy: gy(p.goldstein_mean), r: 2.5, class: 'goldstein-dot' }));
  }
  for (const i of ticks(points.length, 8)) {
    root.append(svg('text', { x: pad.left + (i + 0.5) * band, y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'axis' }, points[i].period));
  }
  root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), class: 'axis-line' }));
  return root;
}

export function legend() {
  const box = document.createElement('div');
  box.className = 'legend';
  for (const q of ['1', '2', '3', '4']) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.className = `swatch q${q}`;
    item.append(swatch, ` ${QUAD_NAMES[q]}`);
    box.append(item);
  }
  const g = document.createElement('span');
  const swatch = document.createElement('i');
  swatch.className = 'swatch goldstein';
  g.append(swatch, ' Goldstein mean (right scale)');
  box.append(g);
  return box;
}

// Horizontal bars: conflict received (left) and sent (right) by partner. rows: [{label, left, right}].
export function divergingBars(rows, { leftLabel = 'received', rightLabel = 'sent' } = {}) {
  const width = 900;
  const rowH = 22;
  const top = 24;
  const height = top + rows.length * rowH + 8;
  const labelW = 230;
  const mid = labelW + (width - labelW) / 2;
  const half = (width - labelW) / 2 - 30;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.left, r.right)));
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart bars-h', role: 'img', 'aria-label': `conflict ${leftLabel} and ${rightLabel} by partner` });
  root.append(svg('text', { x: mid - 6, y: 14, 'text-anchor': 'end', class: 'axis' }, `◀ conflict ${leftLabel}`));
  root.append(svg('text', { x: mid + 6, y: 14, class: 'axis' }, `conflict ${rightLabel} ▶`));
  rows.forEach((r, i) => {
    const yy = top + i * rowH;
    const g = svg('g', {});
    g.append(svg('title', {}, `${r.label}: ${leftLabel} ${r.left}, ${rightLabel} ${r.right}`));
    g.append(svg('text', { x: labelW - 8, y: yy + 15, 'text-anchor': 'end', class: 'axis' }, r.label));
    const lw = (r.left / max) * half;
    const rw = (r.right / max) * half;
    g.append(svg('rect', { x: mid - lw, y: yy + 4, width: Math.max(lw, 0), height: rowH - 8, class: 'left' }));
    g.append(svg('rect', { x: mid, y: yy + 4, width: Math.max(rw, 0), height: rowH - 8, class: 'right' }));
    if (r.left) g.append(svg('text', { x: mid - lw - 4, y: yy + 15, 'text-anchor': 'end', class: 'value' }, r.left));
    if (r.right) g.append(svg('text', { x: mid + rw + 4, y: yy + 15, class: 'value' }, r.right));
    root.append(g);
  });
  root.append(svg('line', { x1: mid, x2: mid, y1: top, y2: height - 4, class: 'axis-line' }));
  return root;
}
