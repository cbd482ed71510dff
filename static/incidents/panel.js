// The incident list (newest first, in step with the map), the facet checkboxes, and the detail panel.
// Every piece of article-derived text goes into the DOM as text, never as HTML.
// A person reads the newest incidents first; more come a page at a time, never 100 k <li> at once.
import { term } from './terms.js';
import { whoSaysWhat } from './voices.js';
const LIST_PAGE = 200;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

export class IncidentList {
  constructor(element, { labels, config = {}, more }) {
    this.element = element;
    this.labels = labels;
    this.config = config;
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
    for (const f of data.features) this.element.append(this.item(f.properties, f.geometry != null));
    this.shown += data.features.length;
    this.more.disabled = false;
    this.more.hidden = data.features.length < LIST_PAGE || this.shown >= this.total;
    document.getElementById('list-count').textContent =
      `${this.labels.showing} ${this.shown} ${this.labels.of} ${this.total} ${this.labels.incidents}`;
  }

  item(p, located = true) {
    const L = this.labels;
    const item = el('li', null, 'item');
    item.dataset.id = String(p.id);
    const button = el('button', (this.lang === 'ar' && p.location_ar) || p.location, 'place');
    button.type = 'button';
    button.dir = 'auto'; // a mention as written (Arabic) inside an English list, or the reverse
    button.addEventListener('click', () => document.dispatchEvent(new CustomEvent('incident:open', { detail: p.id })));
    // Each part isolated: an ISO date inside Arabic text would otherwise read 05-2023-09.
    const meta = el('span', null, 'meta');
    meta.append(el('bdi', p.date || L.dateUnknown), document.createTextNode(' · '), el('bdi', term(L, p.sub_event_type || p.event_type)));
    item.append(button, meta);
    const outlets = (this.lang === 'ar' ? p.outlets_ar : p.outlets) || [];
    const facts = [
      outlets.join(this.lang === 'ar' ? '، ' : ', '),
      term(L, p.status),
      p.fatalities != null ? `${p.fatalities} ${L.killed}` : '',
      located ? (L[`precision${p.geo_precision}`] || '') : `${term(L, p.admin1) || L.governorateUnknown} · ${L.unresolved}`,
    ].filter(Boolean);
    const line = el('span', null, 'facts');
    for (const [i, fact] of facts.entries()) {
      if (i) line.append(document.createTextNode(' · '));
      const part = el('bdi', fact); // each fact keeps its own direction
      line.append(part);
    }
    item.append(line);
    if (p.demo) item.append(el('span', L.demo, 'tag'));
    if (!located && this.config.resolveUrl) {
      const place = el('a', L.placeIt, 'place-it');
      place.href = p.mention_id
        ? this.config.resolveUrl.replace('/0/', `/${p.mention_id}/`)
        : `${this.config.queueUrl}${encodeURIComponent(p.location || '')}`;
      item.append(place);
    }
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

  // A facet value as the interface language writes it (stored values are English).
  text(name, value, text) {
    if (name === 'cited' && value === 'outlet') return this.labels.outlet;
    if (name === 'precision') return this.labels[`precision${value}`] || value;
    if (['cited', 'type', 'sub_event_type', 'actor', 'status', 'admin1', 'admin2', 'corroboration'].includes(name)) return term(this.labels, text);
    return text;
  }

  async load() {
    const response = await fetch(`/api/facets?${this.selection.query()}`);
    const data = await response.json();
    if (!response.ok) return;
    this.element.replaceChildren();
    for (const name of ['source', 'cited', 'type', 'sub_event_type', 'actor', 'admin1', 'admin2', 'status', 'corroboration', 'precision']) {
      const chosen = new Set(this.selection.get(name));
      const group = el('fieldset', null, 'facet');
      group.dataset.facet = name;
      group.append(el('legend', this.labels[name]));
      for (const row of data[name] || []) {
        const value = String(row[0]);
        const count = row[row.length - 1];
        const text = this.text(name, value, row.length === 3 ? row[1] : value);
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
          label.append(box, document.createTextNode(` ${this.text(name, value, value)} `), el('span', '0', 'n'));
          group.append(label);
        }
      }
      this.element.append(group);
    }
  }
}

export class Detail {
  constructor(element, { labels, config = {} }) {
    this.element = element;
    this.labels = labels;
    this.config = config;
    this.lang = document.documentElement.lang;
  }

  // Shows the incident and returns its detail (the map writes its popup from it), or null.
  // A merged-away incident answers with the kept one (a redirect): the detail says so.
  async open(id) {
    const response = await fetch(`/api/incidents/${id}`);
    if (!response.ok) return null;
    const incident = await response.json();
    this.mergedFrom = response.redirected && incident.id !== Number(id) ? Number(id) : null;
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
    if (d.event_date) {
      // The date isolated (an Arabic line would reverse its digits' groups), then how exactly it is
      // known in words, as the place's precision is given: exact day, within a week, month only.
      const day = el('bdi', d.event_date);
      day.dir = 'ltr';
      const words = new Map(this.config.timePrecisions || []).get(String(d.time_precision));
      const when = el('dd', null, 'event-date');
      when.append(day);
      if (words) when.append(document.createTextNode(` (${words})`));
      when.dataset.timePrecision = String(d.time_precision ?? '');
      facts.append(el('dt', L.date), when);
    } else {
      add(L.date, L.dateUnknown);
    }
    if (place) {
      const path = [term(L, place.admin1), place.admin2, place.admin3].filter(Boolean).join(' › ');
      add(L.place, `${place.name_en} / ${place.name_ar || '—'}${path ? ` — ${path}` : ''}`);
    } else {
      add(L.place, `${d.location} (${L.unresolved})`);
    }
    add(L.precision, d.geo_precision ? L[`precision${d.geo_precision}`] : L.unresolved);
    add(L.actors, (d.actors || []).map((a) => term(L, a)).join(this.lang === 'ar' ? '، ' : ', ') || '—');
    add(`${L.killed} / ${L.injured}`, `${d.fatalities ?? '—'} / ${d.injured ?? '—'}`);
    add(L.status, term(L, d.status));
    if (this.mergedFrom) {
      const note = el('p', L.mergedInto.replace('%(old)s', this.mergedFrom).replace('%(new)s', d.id), 'merged');
      note.setAttribute('role', 'status');
      root.append(note);
    }
    root.append(facts);
    if (this.config.canReview) root.append(reviewButtons(d, L, (updated) => this.render(updated)));
    root.append(whoSaysWhat(d, L, this.lang));
    root.append(el('h3', `${L.claims} (${d.claims.length})`));
    const claims = el('div', null, 'claims');
    for (const c of d.claims) claims.append(this.claim(c));
    root.append(claims);
    // Each quote is a short scrolling box: start it at the highlighted evidence, not 200 characters before.
    for (const mark of claims.querySelectorAll('.article-text mark')) {
      const box = mark.parentElement;
      box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - 4;
    }
    // An Editor's tools (review.js) add themselves to what was drawn.
    document.dispatchEvent(new CustomEvent('detail:rendered', { detail: { element: root, incident: d } }));
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

// Verify / Dispute for an Editor (config.canReview); the server applies the admin's permission rule
// again and refuses anyone else. The CSRF token comes from the page's own form.
function reviewButtons(d, L, rerender) {
  const box = el('div', null, 'review');
  const message = el('span', null, 'review-error');
  message.setAttribute('role', 'alert');
  for (const [action, label, status] of [['verify', L.verify, 'verified'], ['dispute', L.dispute, 'disputed']]) {
    const button = el('button', label, `review-${action}`);
    button.type = 'button';
    button.dataset.action = action;
    button.setAttribute('aria-pressed', String(d.status === status));
    button.addEventListener('click', async () => {
      box.setAttribute('aria-busy', 'true');
      const token = document.querySelector('input[name=csrfmiddlewaretoken]');
      const response = await fetch(`/api/incidents/${d.id}/review`, {
        method: 'POST',
        headers: { 'X-CSRFToken': token ? token.value : '', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action }),
      });
      box.removeAttribute('aria-busy');
      const data = await response.json().catch(() => ({}));
      if (!response.ok) { message.textContent = `${L.reviewFailed} ${data.error || response.status}`; return; }
      rerender(data);
      document.dispatchEvent(new CustomEvent('incident:reviewed', { detail: data }));
    });
    box.append(button);
  }
  box.append(message);
  return box;
}
