// The incident list (newest first, in step with the map), the facet checkboxes, and the detail panel.
// Every piece of article-derived text goes into the DOM as text, never as HTML.
// A person reads the newest incidents first; more come a page at a time, never 100 k <li> at once.
import { term } from './terms.js';
const LIST_PAGE = 200;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

export class IncidentList {
  constructor(element, { labels, more }) {
    this.element = element;
    this.labels = labels;
    this.more = more;
    this.lang = document.documentElement.lang;
    this.request = 0;
    this.more.addEventListener('click', () => this.next().catch((error) => {
      this.more.disabled = false;
      document.getElementById('list-count').textContent = error.message;
    }));
  }

  // A new selection: `total` located incidents (the map's count), `unlocated` more without coordinates.
  async load(query, total, unlocated) {
    this.request += 1;
    this.query = query;
    this.total = total;
    this.shown = 0;
    this.element.replaceChildren();
    document.getElementById('list-count').textContent = '';
    document.getElementById('unlocated-count').textContent = String(unlocated);
    await this.next();
  }

  // The next page of the GeoJSON, newest first, appended below what is shown.
  async next() {
    const request = this.request;
    const params = new URLSearchParams(this.query);
    params.set('limit', String(LIST_PAGE));
    params.set('offset', String(this.shown));
    this.more.disabled = true;
    const response = await fetch(`/api/incidents?${params}`, { headers: { Accept: 'application/json' } });
    const data = await response.json();
    if (request !== this.request) return; // a newer selection replaced this list meanwhile
    if (!response.ok) throw new Error(data.error || response.statusText);
    for (const f of data.features) this.element.append(this.item(f.properties));
    this.shown += data.features.length;
    this.more.disabled = false;
    this.more.hidden = data.features.length < LIST_PAGE || this.shown >= this.total;
    document.getElementById('list-count').textContent =
      `${this.labels.showing} ${this.shown} ${this.labels.of} ${this.total} ${this.labels.incidents}`;
  }

  item(p) {
    const item = el('li', null, 'item');
    item.dataset.id = String(p.id);
    const button = el('button', (this.lang === 'ar' && p.location_ar) || p.location, 'place');
    button.type = 'button';
    button.addEventListener('click', () => document.dispatchEvent(new CustomEvent('incident:open', { detail: p.id })));
    item.append(button, el('span', `${p.date || this.labels.dateUnknown} · ${term(this.labels, p.sub_event_type || p.event_type)}`, 'meta'));
    if (p.demo) item.append(el('span', this.labels.demo, 'tag'));
    return item;
  }

  clear() {
    this.request += 1;
    this.element.replaceChildren();
    this.more.hidden = true;
    document.getElementById('list-count').textContent = '';
    document.getElementById('unlocated-count').textContent = '0';
  }
}

export class Facets {
  constructor(element, { selection, labels }) {
    this.element = element;
    this.selection = selection;
    this.labels = labels;
  }

  async load() {
    const response = await fetch(`/api/facets?${this.selection.query()}`);
    const data = await response.json();
    if (!response.ok) return;
    this.element.replaceChildren();
    for (const name of ['source', 'cited', 'type', 'actor', 'admin1', 'status', 'precision']) {
      const chosen = new Set(this.selection.get(name));
      const group = el('fieldset', null, 'facet');
      group.dataset.facet = name;
      group.append(el('legend', this.labels[name]));
      for (const row of data[name] || []) {
        const value = String(row[0]);
        const count = row[row.length - 1];
        let text = row.length === 3 ? row[1] : value;
        if (name === 'cited' && value === 'outlet') text = this.labels.outlet;
        if (name === 'precision') text = this.labels[`precision${value}`] || value;
        if (['cited', 'type', 'actor', 'status'].includes(name)) text = term(this.labels, text);
        const label = el('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = value;
        box.checked = chosen.has(value);
        box.addEventListener('change', () => {
          const values = [...group.querySelectorAll('input:checked')].map((i) => i.value);
          this.selection.set(name, values);
        });
        label.append(box, document.createTextNode(` ${text} `), el('span', String(count), 'n'));
        group.append(label);
      }
      // Keep chosen values visible even when the other filters leave them with no incidents.
      for (const value of chosen) {
        if (!(data[name] || []).some((r) => String(r[0]) === value)) {
          const label = el('label');
          const box = document.createElement('input');
          box.type = 'checkbox'; box.value = value; box.checked = true;
          box.addEventListener('change', () => this.selection.set(name, [...group.querySelectorAll('input:checked')].map((i) => i.value)));
          label.append(box, document.createTextNode(` ${value} `), el('span', '0', 'n'));
          group.append(label);
        }
      }
      this.element.append(group);
    }
  }
}

export class Detail {
  constructor(element, { labels }) {
    this.element = element;
    this.labels = labels;
    this.lang = document.documentElement.lang;
  }

  // Shows the incident and returns its detail (the map writes its popup from it), or null.
  async open(id) {
    const response = await fetch(`/api/incidents/${id}`);
    if (!response.ok) return null;
    const incident = await response.json();
    this.render(incident);
    return incident;
  }

  close() { this.element.hidden = true; this.element.replaceChildren(); }

  render(d) {
    const L = this.labels;
    const root = this.element;
    root.replaceChildren();
    root.hidden = false;
    root.dataset.id = String(d.id);
    const close = el('button', '×', 'close');
    close.type = 'button';
    close.title = L.close;
    close.addEventListener('click', () => document.dispatchEvent(new CustomEvent('incident:close')));
    const place = d.place;
    const name = place ? (this.lang === 'ar' ? place.name_ar || place.name_en : place.name_en) : d.location;
    root.append(close, el('h2', `${term(L, d.sub_event_type || d.event_type || '')} · ${name || ''}`));
    const facts = el('dl');
    const add = (k, v) => { facts.append(el('dt', k), el('dd', v)); };
    add(L.date, d.event_date ? `${d.event_date} (${L.timePrecision} ${d.time_precision})` : L.dateUnknown);
    if (place) {
      const path = [place.admin1, place.admin2, place.admin3].filter(Boolean).join(' › ');
      add(L.place, `${place.name_en} / ${place.name_ar || '—'}${path ? ` — ${path}` : ''}`);
    } else {
      add(L.place, `${d.location} (${L.unresolved})`);
    }
    add(L.precision, d.geo_precision ? L[`precision${d.geo_precision}`] : L.unresolved);
    add(L.actors, (d.actors || []).map((a) => term(L, a)).join(this.lang === 'ar' ? '، ' : ', ') || '—');
    add(`${L.killed} / ${L.injured}`, `${d.fatalities ?? '—'} / ${d.injured ?? '—'}`);
    add(L.status, term(L, d.status));
    root.append(facts, el('h3', `${L.claims} (${d.claims.length})`));
    const claims = el('div', null, 'claims');
    for (const c of d.claims) claims.append(this.claim(c));
    root.append(claims);
    // Each quote is a short scrolling box: start it at the highlighted evidence, not 200 characters before.
    for (const mark of claims.querySelectorAll('.article-text mark')) {
      const box = mark.parentElement;
      box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - 4;
    }
  }

  claim(c) {
    const L = this.labels;
    const card = el('article', null, 'claim');
    card.dataset.cited = c.cited_source || 'outlet';
    const outlet = this.lang === 'ar' && c.outlet_ar ? c.outlet_ar : c.outlet;
    card.append(el('h4', c.cited_source ? `${outlet} — ${L.citing} ${term(L, c.cited_source)}` : outlet));
    if (c.claimed_perpetrator) card.append(el('p', `${L.perpetrator}: ${term(L, c.claimed_perpetrator)}`, 'blame'));
    if (c.claimed_killed != null || c.claimed_injured != null) {
      card.append(el('p', `${c.claimed_killed ?? '—'} ${L.killed} · ${c.claimed_injured ?? '—'} ${L.injured}`));
    }
    // The evidence sentence, highlighted inside the article text (offsets into Article.text).
    const text = c.article.text || '';
    const body = el('blockquote', null, 'article-text');
    body.dir = c.article.language === 'ar' ? 'rtl' : 'ltr';
    if (c.evidence_start != null && c.evidence_end != null && c.evidence_end <= text.length) {
      const from = Math.max(0, c.evidence_start - 200);
      const to = Math.min(text.length, c.evidence_end + 200);
      body.append(
        document.createTextNode((from > 0 ? '… ' : '') + text.slice(from, c.evidence_start)),
        el('mark', text.slice(c.evidence_start, c.evidence_end)),
        document.createTextNode(text.slice(c.evidence_end, to) + (to < text.length ? ' …' : '')),
      );
    } else {
      body.append(document.createTextNode(text.slice(0, 400)));
    }
    card.append(body);
    const meta = el('p', `${L.published}: ${c.article.published || L.unknown}`, 'meta');
    if (c.article.url && /^https?:\/\//.test(c.article.url)) {
      const link = el('a', L.original);
      link.href = c.article.url;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      meta.append(document.createTextNode(' · '), link);
    }
    card.append(meta);
    return card;
  }
}
