// Shared helpers of the Brinkwatch dashboard. Data from the API is untrusted: it only ever reaches the page as
// text nodes (textContent, append(string)) or as attributes set one by one; nothing here assigns HTML strings.

export const QUAD = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };

export function safeHref(value) {
  const text = String(value ?? '');
  if (/^\/(?!\/)/.test(text) || text.startsWith('?') || text.startsWith('#')) return text;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch (err) { /* not a URL */ }
  return '#';
}

// el('a', {href: '/x', class: 'y', text: 'label'}, child, 'text', ...): a DOM element built without HTML parsing.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'href') node.setAttribute('href', safeHref(value));
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function query(name, fallback = null) {
  const value = new URLSearchParams(location.search).get(name);
  return value === null || value === '' ? fallback : value;
}

export function pageUrl(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export async function api(path, params) {
  const res = await fetch(pageUrl(path, params), { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await res.json(); } catch (err) { body = null; }
  if (!res.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${res.status}`;
    throw new Error(message);
  }
  return body;
}

let metaPromise = null;
export function meta() {
  if (!metaPromise) {
    metaPromise = api('/api/meta').catch(() => ({ quad_classes: QUAD, cameo_roots: {}, countries: {} }));
  }
  return metaPromise;
}

// A unit (RUS, IGOUN, RUSMIL) with a readable name when one is known.
export function unitLabel(m, code, name) {
  if (!code) return name || '—';
  const known = (m && m.countries && m.countries[code]) || name;
  return known && known !== code ? `${known} (${code})` : code;
}

export function actorText(actor) {
  if (!actor) return '—';
  const name = actor.name || actor.text;
  return actor.code ? (name ? `${name} (${actor.code})` : actor.code) : (name || '—');
}

export function quadBadge(q) {
  return el('span', { class: `badge q${q}`, title: QUAD[q] || '' , text: QUAD[q] || `class ${q}` });
}

export function fmtNumber(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : Number(value).toFixed(digits);
}

export function pValue(p) {
  if (p === null || p === undefined) return '—';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export function showError(container, err) {
  container.append(el('p', { class: 'error', role: 'alert', text: `Could not load: ${err.message || err}` }));
}

export function section(title, ...children) {
  return el('section', { class: 'card' }, el('h2', { text: title }), ...children);
}

export function externalLink(url, text) {
  if (!url || safeHref(url) === '#') return null;
  return el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'external', text: text || url });
}

// The evidence of one mention: the sentence, then where it comes from, with a link to the article page.
export function evidenceItem(item, extra) {
  const meta = el('div', { class: 'meta' },
    el('a', { href: pageUrl('/article', { id: item.article_id }) + `#ev-${item.event_id}`, class: 'article-link',
      text: item.title || item.doc_id || item.article_id }),
    item.outlet ? ` · ${item.outlet}` : '',
    item.published ? ` · published ${item.published}` : '',
    item.date ? ` · event date ${item.date}` : '',
    item.cameo ? ` · CAMEO ${item.cameo}` : '');
  return el('li', { class: 'evidence', dataset: { eventId: item.event_id } },
    el('blockquote', { text: item.sentence }), meta, extra || null);
}

// An event cluster: date, dyad, code, corroboration, then its evidence sentences.
export function clusterCard(m, c) {
  const roots = (m && m.cameo_roots) || {};
  const head = el('div', { class: 'cluster-head' },
    el('span', { class: 'date', text: c.date ? `${c.date}${c.date_precision && c.date_precision !== 'day' ? ` (${c.date_precision})` : ''}` : 'undated' }),
    quadBadge(c.quad_class),
    el('span', { class: 'dyad' }, actorLink(c.source), ' → ', actorLink(c.target)),
    el('span', { class: 'code', title: roots[c.cameo_root] || '', text: `CAMEO ${c.cameo}${roots[c.cameo_root] ? ` · ${roots[c.cameo_root]}` : ''}` }),
    el('span', { class: 'corroboration', title: 'articles / distinct sources / mentions',
      text: `${c.n_articles} article(s), ${c.n_sources} source(s)` }));
  const list = el('ul', { class: 'evidence-list' }, (c.evidence || []).map((item) => evidenceItem(item)));
  return el('li', { class: 'cluster', dataset: { clusterId: c.cluster_id } }, head, list);
}

export function actorLink(actor) {
  if (!actor || !actor.code) return el('span', { class: 'muted', text: actor ? actorText(actor) : '—' });
  const key = actor.country || actor.code;
  return el('a', { href: pageUrl('/actor', { code: key }), text: actorText(actor) });
}

export function initHeader() {
  const form = document.getElementById('quick');
  if (!form) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = String(new FormData(form).get('q') || '').trim().toUpperCase();
    if (!value) return;
    const parts = value.split(/[,>\s]+/).filter(Boolean);
    location.href = parts.length >= 2 ? pageUrl('/dyad', { a: parts[0], b: parts[1] }) : pageUrl('/actor', { code: parts[0] });
  });
}

// A "Load more" button that follows the API's next links.
export function pager(container, first, render) {
  let next = first.next;
  const button = el('button', { class: 'more', type: 'button', text: 'Load more' });
  const update = () => { button.hidden = !next; };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const page = await api(next);
      page.items.forEach((item) => container.append(render(item)));
      next = page.next;
    } catch (err) { showError(container, err); }
    button.disabled = false;
    update();
  });
  update();
  return button;
}
