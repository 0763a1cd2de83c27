import { divergingBars } from './charts.js';
import {
  api, clusterCard, el, evidenceItem, fmtNumber, initHeader, meta, pager, pageUrl, pValue, query, section, showError, unitLabel,
} from './common.js';

function alertBlock(m, a, open) {
  const details = el('details', { class: 'alert-detail', id: `alert-${a.id}` });
  details.open = open;
  details.append(el('summary', {}, `${a.window_start} – ${a.window_end}: ${a.count} conflict event(s), `,
    `${fmtNumber(a.ratio, 1)}× baseline ${fmtNumber(a.baseline_rate, 2)}, p = ${pValue(a.p_value)}`));
  details.append(el('ul', { class: 'evidence-list' }, a.events.map((e) => evidenceItem(e,
    el('div', { class: 'meta' }, `${e.source || '—'} → ${e.target || '—'}`)))));
  return details;
}

async function main() {
  initHeader();
  const root = document.getElementById('main');
  const code = (query('code') || '').toUpperCase();
  if (!code) {
    root.append(el('h1', { text: 'Actor' }), el('p', { class: 'error', text: 'Give an actor: /actor?code=UKR' }));
    return;
  }
  const alertId = query('alert');
  const m = await meta();
  document.title = `Brinkwatch · ${code}`;
  root.append(el('h1', { text: unitLabel(m, code) }));

  const known = section('Actors with this code');
  known.id = 'known';
  const pressureCard = section('Pressure by partner');
  pressureCard.id = 'pressure';
  const alertsCard = section('Alerts');
  alertsCard.id = 'alerts';
  const eventsCard = section('Latest events');
  eventsCard.id = 'events';
  if (alertId) root.append(alertsCard, pressureCard, known, eventsCard);
  else root.append(pressureCard, alertsCard, known, eventsCard);

  api('/api/alerts', { kind: 'country', unit: code, limit: 50 }).then((page) => {
    if (!page.items.length) alertsCard.append(el('p', { class: 'muted', text: 'No alerts for this country.' }));
    page.items.forEach((a) => alertsCard.append(alertBlock(m, a, a.id === alertId)));
    if (alertId && !page.items.some((a) => a.id === alertId)) {
      api(`/api/alerts/${encodeURIComponent(alertId)}`).then((a) => alertsCard.prepend(alertBlock(m, a, true)))
        .catch((err) => showError(alertsCard, err));
    }
  }).catch((err) => showError(alertsCard, err));

  api(`/api/pressure/${encodeURIComponent(code)}`).then((p) => {
    pressureCard.append(el('p', { class: 'hint' },
      `Conflict received ${p.received_conflict}, sent ${p.sent_conflict}; cooperation received ${p.received_cooperation}, `,
      `sent ${p.sent_cooperation}; ${p.internal} event(s) within ${code}.`));
    const rows = p.partners.filter((r) => r.received_conflict + r.sent_conflict > 0).slice(0, 15);
    if (rows.length) {
      pressureCard.append(divergingBars(rows.map((r) => ({ label: unitLabel(m, r.partner, r.name), left: r.received_conflict, right: r.sent_conflict }))));
    }
    const table = el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['Partner', 'Conflict received', 'sent', 'Cooperation received', 'sent', 'Goldstein received', 'sent'].map((h) => el('th', { text: h })))),
      el('tbody', {}, p.partners.slice(0, 40).map((r) => el('tr', {},
        el('td', {}, r.partner.startsWith('(') ? r.partner : el('a', { href: pageUrl('/dyad', { a: code, b: r.partner }), text: unitLabel(m, r.partner, r.name) })),
        el('td', { class: 'num', text: r.received_conflict }), el('td', { class: 'num', text: r.sent_conflict }),
        el('td', { class: 'num', text: r.received_cooperation }), el('td', { class: 'num', text: r.sent_cooperation }),
        el('td', { class: 'num', text: fmtNumber(r.received_goldstein, 1) }), el('td', { class: 'num', text: fmtNumber(r.sent_goldstein, 1) })))));
    pressureCard.append(table);
  }).catch((err) => showError(pressureCard, err));

  api('/api/actors', { q: code, limit: 12 }).then((page) => {
    if (!page.items.length) known.append(el('p', { class: 'muted', text: 'No actor with this code was seen.' }));
    known.append(el('ul', { class: 'actors' }, page.items.map((r) => el('li', {},
      el('strong', { text: r.name || r.code }), ` ${r.code || ''}`, r.kb_id ? ` · ${r.kb_id}` : '',
      ` · ${r.n_mentions} mention(s) in ${r.n_articles} article(s), ${r.first_seen || '?'} … ${r.last_seen || '?'}`))));
  }).catch((err) => showError(known, err));

  try {
    const page = await api('/api/clusters', { actor: code, limit: 15 });
    if (!page.items.length) eventsCard.append(el('p', { class: 'muted', text: 'No events.' }));
    const list = el('ul', { class: 'clusters' }, page.items.map((c) => clusterCard(m, c)));
    eventsCard.append(list, pager(list, page, (c) => clusterCard(m, c)));
  } catch (err) { showError(eventsCard, err); }
}

main().catch((err) => showError(document.getElementById('main'), err));
