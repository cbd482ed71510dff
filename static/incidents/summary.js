// The selection at a glance: incidents and fatalities by type and by week (or month), top actors and
// places, each one click from being a filter. Counted by /api/summary under the same FilterSet; drawn
// with plain SVG (no chart library). Text goes in as text.
import { term } from './terms.js';

const SVG = 'http://www.w3.org/2000/svg';

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export class Summary {
  constructor(element, { selection, labels }) {
    this.element = element; // a <details>: its <summary> line stays, the body is redrawn
    this.selection = selection;
    this.labels = labels;
    this.lang = document.documentElement.lang;
    this.head = element.querySelector('summary .summary-line');
    this.body = element.querySelector('.summary-body');
    this.request = 0;
  }

  // Western digits, as the list, facets and timeline write them.
  number(n) { return Number(n).toLocaleString('en'); }

  async load() {
    const request = ++this.request;
    const response = await fetch(`/api/summary?${this.selection.query()}`, { headers: { Accept: 'application/json' } });
    const data = await response.json();
    if (request !== this.request || !response.ok) return;
    this.data = data;
    this.render(data);
  }

  render(d) {
    const L = this.labels;
    this.head.textContent = `${this.number(d.incidents)} ${L.incidents} · ${this.number(d.fatalities)} ${L.killed}`;
    this.head.dataset.incidents = String(d.incidents);
    this.head.dataset.fatalities = String(d.fatalities);
    this.body.replaceChildren(
      this.byType(d.by_type),
      this.byPeriod(d.by_period, d.unit),
      this.top('actor', L.topActors, d.top_actors.map(([actor, n]) => [actor, term(L, actor), n])),
      this.top('place', L.topPlaces, d.top_places),
    );
  }

  // One row per type: name, incidents bar, the numbers.
  byType(rows) {
    const L = this.labels;
    const box = el('section', null, 'summary-types');
    box.append(el('h3', L.byType));
    const max = Math.max(1, ...rows.map((r) => r[1]));
    const table = el('table');
    for (const [type, n, killed] of rows) {
      const tr = el('tr');
      tr.dataset.type = type;
      const bar = svg('svg', { width: 80, height: 10, 'aria-hidden': 'true', focusable: 'false' });
      bar.append(svg('rect', { x: 0, y: 1, height: 8, width: Math.max(1, Math.round((80 * n) / max)), class: 'bar' }));
      const cell = el('td', null, 'bar-cell');
      cell.append(bar);
      tr.append(el('th', term(L, type) || L.unknown), cell, el('td', this.number(n), 'n'), el('td', `${this.number(killed)} ${L.killed}`, 'k'));
      table.append(tr);
    }
    box.append(table);
    return box;
  }

  // Bars of incidents per week (or month), a line of fatalities over them; a readable label for both.
  byPeriod(rows, unit) {
    const L = this.labels;
    const box = el('section', null, 'summary-weeks');
    box.append(el('h3', unit === 'month' ? L.byMonth : L.byWeek));
    if (!rows.length) { box.append(el('p', L.dateUnknown, 'muted')); return box; }
    const width = 300;
    const height = 60;
    const step = width / rows.length;
    const maxN = Math.max(1, ...rows.map((r) => r[1]));
    const maxK = Math.max(1, ...rows.map((r) => r[2]));
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img', preserveAspectRatio: 'none' });
    const peak = rows.reduce((a, b) => (b[1] > a[1] ? b : a));
    chart.setAttribute('aria-label', `${L.peak}: ${this.number(peak[1])} ${L.incidents}, ${peak[0]}`);
    const points = [];
    const rtl = document.documentElement.dir === 'rtl'; // time runs right to left, as on the timeline
    rows.forEach(([period, n, killed], j) => {
      const i = rtl ? rows.length - 1 - j : j;
      const h = Math.max(1, Math.round(((height - 4) * n) / maxN));
      const rect = svg('rect', { x: (i * step).toFixed(2), y: height - h, width: Math.max(0.8, step - 0.6).toFixed(2), height: h, class: 'bar' });
      const title = svg('title');
      title.textContent = `${period}: ${this.number(n)} ${L.incidents}, ${this.number(killed)} ${L.killed}`;
      rect.append(title);
      chart.append(rect);
      points.push(`${(i * step + step / 2).toFixed(2)},${(height - 2 - ((height - 6) * killed) / maxK).toFixed(2)}`);
    });
    chart.append(svg('polyline', { points: points.join(' '), class: 'killed-line', fill: 'none' }));
    const key = el('p', null, 'summary-key');
    key.append(el('span', null, 'key-bar'), el('bdi', `${L.incidents}`), document.createTextNode(' '),
      el('span', null, 'key-line'), el('bdi', `${L.killed}`), document.createTextNode(' · '),
      el('bdi', rows[0][0]), document.createTextNode(' – '), el('bdi', rows[rows.length - 1][0]));
    box.append(chart, key);
    return box;
  }

  // The most frequent actors or places: each a toggle of that filter.
  top(param, title, rows) {
    const box = el('section', null, `summary-top summary-${param}`);
    box.append(el('h3', title));
    const list = el('ol');
    const chosen = new Set(this.selection.get(param));
    for (const [value, text, n] of rows) {
      const button = el('button', null, 'linklike');
      button.type = 'button';
      button.dataset.value = String(value);
      button.setAttribute('aria-pressed', String(chosen.has(String(value))));
      button.append(el('bdi', text), document.createTextNode('\u00a0'), el('span', this.number(n), 'n'));
      button.addEventListener('click', () => {
        const now = new Set(this.selection.get(param));
        if (now.has(String(value))) now.delete(String(value)); else now.add(String(value));
        this.selection.set(param, [...now]);
      });
      const item = el('li');
      item.append(button);
      list.append(item);
    }
    if (!rows.length) box.append(el('p', '—', 'muted'));
    else box.append(list);
    return box;
  }
}
