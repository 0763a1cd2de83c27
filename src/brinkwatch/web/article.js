import { actorLink, api, el, externalLink, initHeader, pageUrl, quadBadge, query, section, showError } from './common.js';

// The article text as text nodes, with the evidence sentences of coded events as <mark> and trigger words as <b>.
// Offsets come from the API; the text itself is never parsed as HTML.
function highlighted(text, spans) {
  const box = el('div', { class: 'article-text', id: 'article-text' });
  let pos = 0;
  for (const span of spans) {
    if (span.start < pos || span.end > text.length) continue;
    box.append(text.slice(pos, span.start));
    const mark = el('mark', { class: `q${span.quad_class}`, id: `ev-${span.event_ids[0]}`, title: `CAMEO ${span.cameo.join(', ')}`,
      dataset: { events: span.event_ids.join(' ') }, tabindex: '-1' });
    let inner = span.start;
    for (const [start, end] of span.triggers) {
      if (start < inner || end > span.end) continue;
      mark.append(text.slice(inner, start), el('b', { text: text.slice(start, end) }));
      inner = end;
    }
    mark.append(text.slice(inner, span.end));
    box.append(mark);
    pos = span.end;
  }
  box.append(text.slice(pos));
  return box;
}

function focusHash() {
  const id = decodeURIComponent(location.hash.replace(/^#ev-/, ''));
  if (!id) return;
  const mark = [...document.querySelectorAll('#article-text mark')].find((node) => node.dataset.events.split(' ').includes(id));
  if (mark) {
    mark.classList.add('focus');
    mark.scrollIntoView({ block: 'center' });
    mark.focus({ preventScroll: true });
  }
}

async function main() {
  initHeader();
  const root = document.getElementById('main');
  const id = query('id');
  if (!id) {
    root.append(el('h1', { text: 'Article' }), el('p', { class: 'error', text: 'Give an article id: /article?id=…' }));
    return;
  }
  const a = await api(`/api/articles/${encodeURIComponent(id)}`);
  document.title = `Brinkwatch · ${a.title || a.doc_id || a.article_id}`;
  root.append(el('h1', { id: 'article-title', text: a.title || a.doc_id || a.article_id }));
  root.append(el('p', { class: 'meta' },
    a.outlet || a.source || 'unknown outlet', a.published ? ` · published ${a.published}` : '',
    ` · ${a.status}${a.reason ? ` (${a.reason})` : ''}`, ` · ${a.n_events ?? 0} coded event(s) · `,
    externalLink(a.url, 'original') || 'no URL'));
  const textCard = section('Text, with the evidence of coded events highlighted');
  textCard.append(highlighted(a.text, a.spans));
  root.append(textCard);
  const events = section('Coded events');
  events.id = 'events';
  events.append(el('ol', { class: 'events' }, a.events.map((e) => el('li', { class: 'event' },
    el('div', { class: 'cluster-head' },
      el('a', { href: `#ev-${e.event_id}`, class: 'jump', text: e.date || 'undated', onclick: () => setTimeout(focusHash, 0) }),
      quadBadge(e.quad_class),
      el('span', { class: 'dyad' }, actorLink(e.source), ' → ', actorLink(e.target)),
      el('span', { class: 'code', text: `CAMEO ${e.cameo}${e.plover ? ` · ${e.plover}` : ''}` }),
      e.source && e.target && e.source.code && e.target.code
        ? el('a', { href: pageUrl('/dyad', { a: e.source.country || e.source.code, b: e.target.country || e.target.code }), text: 'dyad' }) : null),
    el('div', { class: 'muted' }, `trigger “${e.trigger || ''}” · pattern ${e.pattern || '—'} · ${e.modality || ''} · confidence ${e.confidence ?? '—'}`)))));
  root.append(events);
  focusHash();
  window.addEventListener('hashchange', focusHash);
}

main().catch((err) => showError(document.getElementById('main'), err));
