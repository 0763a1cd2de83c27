import {
  api, clusterCard, el, fmtNumber, initHeader, meta, pager, pageUrl, pValue, section, showError, unitLabel,
} from './common.js';

function alertHref(a) {
  return a.kind === 'dyad'
    ? pageUrl('/dyad', { a: a.source, b: a.target, directed: 1, alert: a.id })
    : pageUrl('/actor', { code: a.country, alert: a.id });
}

function alertItem(m, a) {
  const who = a.kind === 'dyad'
    ? `${unitLabel(m, a.source)} → ${unitLabel(m, a.target)}`
    : `${unitLabel(m, a.country)} (conflict sent or received)`;
  return el('li', { class: 'alert-item' },
    el('a', { href: alertHref(a), class: 'alert-link', dataset: { alertId: a.id } }, who),
    el('div', { class: 'meta' },
      `${a.window_start} – ${a.window_end}: ${a.count} conflict event(s) (${a.material} material, ${a.verbal} verbal) `,
      `against a baseline of ${fmtNumber(a.baseline_rate, 2)} per window; p = ${pValue(a.p_value)}`));
}

async function main() {
  initHeader();
  const root = document.getElementById('main');
  root.append(el('h1', { text: 'Where tension rises' }));
  const m = await meta();
  const statsBox = el('div', { class: 'stats', id: 'stats' });
  root.append(statsBox);
  const grid = el('div', { class: 'grid' });
  root.append(grid);
  const alertsCard = section('Alerts', el('p', { class: 'hint', text: 'Windows in which a dyad\'s or a country\'s conflict rose far above its own baseline (one-sided Poisson test). Click one for the events behind it.' }));
  alertsCard.id = 'alerts';
  const risingCard = section('Rising dyads (latest week)');
  risingCard.id = 'rising';
  grid.append(alertsCard, risingCard);
  const tiesCard = section('Strongest conflict ties');
  tiesCard.id = 'ties';
  const latestCard = section('Latest high-corroboration events');
  latestCard.id = 'latest';
  root.append(latestCard, tiesCard);

  api('/api/stats').then((s) => {
    const item = (label, value) => el('div', { class: 'stat' }, el('span', { class: 'value', text: value }), el('span', { class: 'label', text: label }));
    statsBox.append(item('articles', s.articles), item('coded events', s.events), item('event clusters', s.clusters),
      item('corroborated (2+ sources)', s.corroborated_clusters), item('actors', s.actors),
      item('event dates', `${s.date_range[0] || '?'} … ${s.date_range[1] || '?'}`));
  }).catch((err) => showError(statsBox, err));

  api('/api/alerts', { limit: 15 }).then((page) => {
    if (!page.items.length) alertsCard.append(el('p', { class: 'muted', text: 'No alerts: no unit\'s conflict rose above its baseline.' }));
    const list = el('ol', { class: 'alerts' }, page.items.map((a) => alertItem(m, a)));
    alertsCard.append(list, pager(list, page, (a) => alertItem(m, a)));
  }).catch((err) => showError(alertsCard, err));

  api('/api/dyads/rising', { kind: 'dyad', limit: 10 }).then((res) => {
    if (!res.items.length) {
      risingCard.append(el('p', { class: 'muted', text: 'No conflict between identified actors in the latest window.' }));
      return;
    }
    const w = res.items[0];
    risingCard.append(el('p', { class: 'hint', text: `Window ${w.window_start} – ${w.window_end}, against the ${res.params.baseline_windows} windows before it.` }));
    const table = el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['Dyad', 'Conflict events', 'Baseline', 'Ratio', 'p'].map((h) => el('th', { text: h })))),
      el('tbody', {}, res.items.map((r) => el('tr', { class: r.alert ? 'is-alert' : '' },
        el('td', {}, el('a', { href: pageUrl('/dyad', { a: r.source, b: r.target, directed: 1 }), text: `${unitLabel(m, r.source)} → ${unitLabel(m, r.target)}` })),
        el('td', { class: 'num', text: r.count }), el('td', { class: 'num', text: fmtNumber(r.baseline_rate, 2) }),
        el('td', { class: 'num', text: fmtNumber(r.ratio, 1) }), el('td', { class: 'num', text: pValue(r.p_value) })))));
    risingCard.append(table);
  }).catch((err) => showError(risingCard, err));

  (async () => {
    // Events dated after today are plans or misread dates, not the latest news.
    const today = new Date().toISOString().slice(0, 10);
    let page = await api('/api/clusters', { min_sources: 2, until: today, limit: 10 });
    if (!page.items.length) {
      latestCard.append(el('p', { class: 'muted', text: 'No event is reported by two or more sources yet; the latest events:' }));
      page = await api('/api/clusters', { until: today, limit: 10 });
    }
    latestCard.append(el('ul', { class: 'clusters' }, page.items.map((c) => clusterCard(m, c))));
  })().catch((err) => showError(latestCard, err));

  api('/api/network', { limit: 60 }).then((net) => {
    const edges = net.edges.filter((e) => e.conflict > 0).sort((a, b) => b.conflict - a.conflict).slice(0, 10);
    if (!edges.length) {
      tiesCard.append(el('p', { class: 'muted', text: 'No conflict between identified actors yet.' }));
      return;
    }
    tiesCard.append(el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['From', 'To', 'Conflict', 'material', 'Cooperation', 'Goldstein sum'].map((h) => el('th', { text: h })))),
      el('tbody', {}, edges.map((e) => el('tr', {},
        el('td', {}, el('a', { href: pageUrl('/actor', { code: e.source }), text: unitLabel(m, e.source) })),
        el('td', {}, el('a', { href: pageUrl('/actor', { code: e.target }), text: unitLabel(m, e.target) })),
        el('td', { class: 'num' }, el('a', { href: pageUrl('/dyad', { a: e.source, b: e.target, directed: 1 }), text: e.conflict })),
        el('td', { class: 'num', text: e.material_conflict }), el('td', { class: 'num', text: e.cooperation }),
        el('td', { class: 'num', text: fmtNumber(e.goldstein_sum, 1) }))))));
  }).catch((err) => showError(tiesCard, err));
}

main().catch((err) => showError(document.getElementById('main'), err));
