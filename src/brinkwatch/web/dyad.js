import { seriesChart, legend } from './charts.js';
import {
  api, clusterCard, el, evidenceItem, fmtNumber, initHeader, meta, pager, pageUrl, pValue, query, section, showError, unitLabel,
} from './common.js';

function alertPanel(m, a) {
  const box = section(`Alert: ${a.kind === 'dyad' ? `${unitLabel(m, a.source)} → ${unitLabel(m, a.target)}` : unitLabel(m, a.country)}`);
  box.id = 'alert';
  box.classList.add('alert-card');
  box.append(el('p', {},
    `${a.window_start} – ${a.window_end}: ${a.count} conflict event(s) (${a.material} material, ${a.verbal} verbal), `,
    `${fmtNumber(a.ratio, 1)}× the baseline of ${fmtNumber(a.baseline_rate, 2)} per window over ${a.baseline_windows} window(s); `,
    `one-sided Poisson p = ${pValue(a.p_value)}.`));
  box.append(el('h3', { text: 'The events behind it' }));
  box.append(el('ul', { class: 'evidence-list', id: 'alert-evidence' }, a.events.map((e) => evidenceItem(e,
    el('div', { class: 'meta' }, `${e.source || '—'} → ${e.target || '—'}`, e.n_sources > 1 ? ` · ${e.n_sources} sources` : '')))));
  return box;
}

async function main() {
  initHeader();
  const root = document.getElementById('main');
  const a = (query('a') || '').toUpperCase();
  const b = (query('b') || '').toUpperCase();
  if (!a || !b) {
    root.append(el('h1', { text: 'Dyad' }), el('p', { class: 'error', text: 'Give two actors: /dyad?a=RUS&b=UKR' }));
    return;
  }
  const directed = query('directed') === '1';
  const explicitInterval = query('interval');
  let interval = explicitInterval || 'week';
  const since = query('since');
  const until = query('until');
  const alertId = query('alert');
  const m = await meta();
  document.title = `Brinkwatch · ${a} ${directed ? '→' : '↔'} ${b}`;
  root.append(el('h1', {}, `${unitLabel(m, a)} ${directed ? '→' : '↔'} ${unitLabel(m, b)}`));

  const form = el('form', { class: 'controls', id: 'dyad-controls' },
    el('label', {}, 'Interval ', el('select', { name: 'interval' }, ['day', 'week', 'month'].map((v) => el('option', { value: v, text: v })))),
    el('label', {}, el('input', { type: 'checkbox', name: 'directed', value: '1' }), ` only ${a} → ${b}`),
    el('label', {}, 'Since ', el('input', { type: 'date', name: 'since', value: since || '' })),
    el('label', {}, 'Until ', el('input', { type: 'date', name: 'until', value: until || '' })),
    el('button', { type: 'submit', text: 'Show' }),
    el('a', { href: pageUrl('/dyad', { a: b, b: a, directed: directed ? 1 : null }), class: 'swap', text: 'swap direction' }));
  form.elements.directed.checked = directed;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.href = pageUrl('/dyad', { a, b, directed: data.get('directed') ? 1 : null, interval: data.get('interval'),
      since: data.get('since'), until: data.get('until') });
  });
  root.append(form);

  let alert = null;
  if (alertId) {
    try {
      alert = await api(`/api/alerts/${encodeURIComponent(alertId)}`);
      root.append(alertPanel(m, alert));
    } catch (err) { showError(root, err); }
  }

  const chartCard = section('Events per period');
  chartCard.id = 'series';
  root.append(chartCard);
  try {
    const params = { a, b, directed: directed ? 'true' : 'false', interval, since, until };
    let series = await api('/api/dyads/series', params);
    if (!explicitInterval && series.points.length > 160) {
      interval = 'month';
      series = await api('/api/dyads/series', { ...params, interval });
    }
    form.elements.interval.value = interval;
    const t = series.total;
    const roots = Object.entries(t.roots || {}).sort((x, y) => y[1] - x[1]).slice(0, 6)
      .map(([r, n]) => `${r} ${m.cameo_roots[r] || ''}: ${n}`).join(' · ');
    chartCard.append(el('p', { class: 'hint' },
      `${t.events} event(s) by ${interval}: ${t.conflict} conflict, ${t.cooperation} cooperation; `,
      `Goldstein mean ${t.goldstein_mean === null ? '—' : fmtNumber(t.goldstein_mean, 2)}; corroboration-weighted ${fmtNumber(t.weighted, 2)}.`,
      series.excluded_imprecise ? ` ${series.excluded_imprecise} event(s) dated only to a ${interval === 'month' ? 'year' : 'month or year'} are not charted.` : ''));
    chartCard.append(seriesChart(series.points, { highlight: alert ? [alert.window_start, alert.window_end] : null,
      label: `${a} ${directed ? '→' : '↔'} ${b}: events per ${interval}` }), legend());
    if (roots) chartCard.append(el('p', { class: 'muted', text: `By CAMEO root: ${roots}` }));
  } catch (err) { showError(chartCard, err); }

  const pairs = directed || a === b ? [[a, b]] : [[a, b], [b, a]];
  for (const [src, tgt] of pairs) {
    const card = section(`Events ${unitLabel(m, src)} → ${unitLabel(m, tgt)}`);
    card.classList.add('events-card');
    root.append(card);
    try {
      const page = await api('/api/clusters', { dyad: `${src},${tgt}`, since, until, limit: 20 });
      if (!page.items.length) card.append(el('p', { class: 'muted', text: 'No events.' }));
      const list = el('ul', { class: 'clusters' }, page.items.map((c) => clusterCard(m, c)));
      card.append(list, pager(list, page, (c) => clusterCard(m, c)));
    } catch (err) { showError(card, err); }
  }
}

main().catch((err) => showError(document.getElementById('main'), err));
