import { actorLink, api, clusterCard, el, initHeader, meta, pager, pageUrl, quadBadge, query, section, showError } from './common.js';

const FIELDS = [
  ['actor', 'Actor', 'text', 'RUS, RUSMIL or person:…'],
  ['dyad', 'Dyad', 'text', 'RUS,UKR (directed)'],
  ['root', 'CAMEO root(s)', 'text', '19 or 18,19,20'],
  ['since', 'Since', 'date', ''],
  ['until', 'Until', 'date', ''],
  ['text', 'Words in the sentence', 'search', 'e.g. drone'],
  ['min_sources', 'Min. sources', 'number', ''],
];

function eventRow(e) {
  return el('li', { class: 'event' },
    el('div', { class: 'cluster-head' },
      el('span', { class: 'date', text: e.date || 'undated' }), quadBadge(e.quad_class),
      el('span', { class: 'dyad' }, actorLink(e.source), ' → ', actorLink(e.target)),
      el('span', { class: 'code', text: `CAMEO ${e.cameo}${e.plover ? ` · ${e.plover}` : ''}` }),
      el('span', { class: 'muted', text: `trigger “${e.trigger || ''}”, pattern ${e.pattern || '—'}, ${e.modality || ''}` })),
    el('blockquote', { text: e.sentence }),
    el('div', { class: 'meta' }, el('a', { href: pageUrl('/article', { id: e.article_id }) + `#ev-${e.event_id}`, class: 'article-link', text: e.title || e.doc_id }),
      e.outlet ? ` · ${e.outlet}` : '', e.published ? ` · ${e.published}` : ''));
}

async function main() {
  initHeader();
  const root = document.getElementById('main');
  const m = await meta();
  root.append(el('h1', { text: 'Event search' }));
  const form = el('form', { class: 'controls search-form', id: 'search-form' });
  for (const [name, label, type, placeholder] of FIELDS) {
    form.append(el('label', {}, `${label} `, el('input', { name, type, placeholder, value: query(name) || '', min: type === 'number' ? 1 : null })));
  }
  const quad = el('select', { name: 'quad_class' }, el('option', { value: '', text: 'any' }),
    Object.entries(m.quad_classes).map(([k, v]) => el('option', { value: k, text: v })));
  quad.value = query('quad_class') || '';
  const mode = el('select', { name: 'mode' }, el('option', { value: 'clusters', text: 'events, deduplicated' }),
    el('option', { value: 'events', text: 'every evidence sentence' }));
  mode.value = query('mode') === 'events' ? 'events' : 'clusters';
  form.append(el('label', {}, 'QuadClass ', quad), el('label', {}, 'Show ', mode), el('button', { type: 'submit', text: 'Search' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.href = pageUrl('/search', Object.fromEntries(new FormData(form).entries()));
  });
  root.append(form);

  const results = section('Results');
  results.id = 'results';
  root.append(results);
  const params = {};
  for (const [name] of FIELDS) params[name] = query(name);
  params.quad_class = query('quad_class');
  try {
    const events = mode.value === 'events';
    const page = await api(events ? '/api/events' : '/api/clusters', { ...params, limit: 25 });
    const render = events ? eventRow : (c) => clusterCard(m, c);
    if (!page.items.length) results.append(el('p', { class: 'muted', text: 'No events match.' }));
    const list = el('ul', { class: events ? 'events' : 'clusters' }, page.items.map(render));
    results.append(list, pager(list, page, render));
  } catch (err) { showError(results, err); }
}

main().catch((err) => showError(document.getElementById('main'), err));
