// Reaching things: drawers for the filters and the list on a phone, skip links, Escape, the loading
// state, and the empty state that names the filter that emptied the result.
import { term } from './terms.js';

const PHONE = window.matchMedia('(max-width: 760px)');

// On a phone the map fills the screen; the filters and the list (with the incident detail) slide in
// over it, one at a time. On a wider screen the drawers are plain columns and this does nothing.
export class Drawers {
  constructor() {
    this.toggles = [...document.querySelectorAll('[data-drawer-toggle]')];
    this.opener = null;
    for (const button of this.toggles) {
      button.addEventListener('click', () => {
        const name = button.dataset.drawerToggle;
        if (this.current() === name) this.close(); else this.open(name, button);
      });
    }
    for (const button of document.querySelectorAll('[data-drawer-close]')) {
      button.addEventListener('click', () => this.close());
    }
    PHONE.addEventListener('change', () => { if (!PHONE.matches) this.close(false); });
  }

  get phone() { return PHONE.matches; }

  current() { return document.body.dataset.drawer || ''; }

  drawer(name) { return document.getElementById(name); }

  // While a drawer is open the rest of the page is inert (a tap beside it, on the scrim, closes it), so
  // Tab stays in the drawer and a screen reader reads only it.
  setInert(name) {
    const rest = document.querySelectorAll('.skip-links, .topbar, .drawer-bar, .mapwrap, footer.timeline, #filters, #side');
    for (const element of rest) element.inert = Boolean(name) && element.id !== name;
  }

  // Open a drawer; focus moves into it (to `focus`, else its first control).
  open(name, opener = null, focus = null) {
    if (!this.phone) return;
    this.opener = opener || this.opener || document.activeElement;
    document.body.dataset.drawer = name;
    this.setInert(name);
    for (const button of this.toggles) {
      button.setAttribute('aria-expanded', String(button.dataset.drawerToggle === name));
    }
    if (focus === false) return;
    // the first control that is shown (a hidden one, like the demo switch without demo data, takes no focus)
    const controls = this.drawer(name).querySelectorAll('button, input, select, a[href], [tabindex]');
    const target = focus || [...controls].find((el) => !el.disabled && el.getClientRects().length > 0);
    if (target) target.focus();
  }

  // Close the open drawer; focus goes back to what opened it.
  close(restore = true) {
    if (!this.current()) return;
    const drawer = this.drawer(this.current());
    const hadFocus = drawer.contains(document.activeElement);
    delete document.body.dataset.drawer;
    this.setInert(null);
    for (const button of this.toggles) button.setAttribute('aria-expanded', 'false');
    if (restore && hadFocus && this.opener && this.opener.isConnected) this.opener.focus();
    this.opener = null;
  }

  // The drawer that holds element, if it is one (on a phone).
  holding(element) {
    if (!this.phone) return null;
    for (const name of ['filters', 'side']) if (this.drawer(name).contains(element)) return name;
    return null;
  }
}

// Skip links focus their target (opening its drawer on a phone) instead of only scrolling to it.
export function skipLinks(drawers) {
  for (const link of document.querySelectorAll('.skip-links a')) {
    link.addEventListener('click', (e) => {
      const target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      e.preventDefault();
      const drawer = drawers.holding(target);
      if (drawer) drawers.open(drawer, link, target);
      else { drawers.close(false); target.focus(); }
      target.scrollIntoView({ block: 'nearest' });
    });
  }
}

// While data loads (app.js sets body[data-loading]), the regions being refreshed are aria-busy and a
// "Loading…" line shows on the map (CSS).
function busy(on) {
  for (const region of document.querySelectorAll('[data-busy-region]')) region.setAttribute('aria-busy', String(on));
}

const NOT_FILTERS = new Set(['view', 'incident', 'limit', 'offset', 'unit']);

// An empty result says which filter emptied it: each filter is tried without it (one count request
// each, only when the result is empty), and the ones whose removal brings incidents back are named
// first, with a button that removes them.
export class EmptyState {
  constructor(element, { selection, labels }) {
    this.element = element;
    this.selection = selection;
    this.labels = labels;
    this.text = element.dataset;
    this.request = 0;
  }

  hide() {
    this.request += 1;
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  // The filters in force: [[param, [values]]].
  filters() {
    const out = new Map();
    for (const [key, value] of this.selection.params) {
      if (NOT_FILTERS.has(key) || !value) continue;
      out.set(key, [...(out.get(key) || []), ...value.split(',').filter(Boolean)]);
    }
    return [...out];
  }

  name(param) {
    const key = `name${param[0].toUpperCase()}${param.slice(1)}`;
    return this.text[key] || this.labels[param] || param;
  }

  value(param, value) {
    if (param === 'precision') return this.labels[`precision${value}`] || value;
    if (param === 'cited' && value === 'outlet') return this.labels.outlet || value;
    return term(this.labels, value);
  }

  // How many incidents a selection has (the facets' total: grouped counts, never the rows themselves).
  async count(query) {
    const response = await fetch(`/api/facets?${query}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return 0;
    const data = await response.json();
    return Number(data.total) || 0;
  }

  async show() {
    const request = ++this.request;
    const filters = this.filters();
    const counts = await Promise.all(filters.map(([param]) => {
      const p = new URLSearchParams(this.selection.query());
      p.delete(param);
      return this.count(p.toString());
    }));
    if (request !== this.request) return null;
    const arabic = document.documentElement.lang === 'ar';
    const comma = arabic ? '، ' : ', ';
    const semicolon = arabic ? '؛ ' : '; ';
    const values = ([param, vals]) => vals.map((v) => this.value(param, v)).join(comma);
    const describe = (filter) => `${this.name(filter[0])} = ${values(filter)}`;
    // "name = value" with the value isolated, so an English value cannot reorder the Arabic around it.
    const isolated = (filter) => {
      const value = document.createElement('bdi');
      value.textContent = values(filter);
      return [`${this.name(filter[0])} = `, value];
    };
    const culprits = filters.filter((_, i) => counts[i] > 0);
    const named = culprits.length ? culprits : filters;
    const box = this.element;
    box.replaceChildren();
    const title = document.createElement('p');
    title.className = 'empty-title';
    let summary;
    if (!filters.length) {
      summary = this.text.noneAtAll;
      title.textContent = summary;
    } else {
      const lead = culprits.length ? this.text.noMatch : this.text.noMatchTogether;
      title.append(`${lead} `);
      named.forEach((filter, i) => title.append(...(i ? [semicolon] : []), ...isolated(filter)));
      if (culprits.length) title.append(`${semicolon}${this.text.tryRemoving}`);
      summary = `${lead} ${named.map(describe).join(semicolon)}${culprits.length ? `${semicolon}${this.text.tryRemoving}` : ''}`;
    }
    box.append(title);
    const actions = document.createElement('div');
    actions.className = 'empty-actions';
    filters.forEach((filter, i) => {
      if (!counts[i]) return;
      const [param] = filter;
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.remove = param;
      button.append(`${this.text.remove} `, ...isolated(filter), ` (${counts[i]})`);
      button.addEventListener('click', () => {
        if (param === 'start' || param === 'end') this.selection.setMany({ [param]: null });
        else this.selection.set(param, []);
      });
      actions.append(button);
    });
    if (actions.childElementCount) box.append(actions);
    box.hidden = false;
    return summary;
  }
}

// Everything above, wired to the dashboard. It follows what app.js already does (body[data-loading],
// the counts it writes, the incident:open/close events) rather than changing it.
export function setupReachability({ selection, labels, map, detail }) {
  const filters = document.querySelector('aside.filters');
  filters.id = 'filters';
  const list = document.getElementById('list');
  list.tabIndex = -1; // a skip link's target
  list.setAttribute('aria-labelledby', 'list-count');

  // The map's box changes without a window resize (the detail widens its column, the timeline's
  // controls wrap on a phone): Leaflet must know, or its centre and clicks are off by the difference.
  new ResizeObserver(() => map.map.invalidateSize()).observe(document.getElementById('map'));

  const drawers = new Drawers();
  skipLinks(drawers);
  const empty = new EmptyState(document.getElementById('empty'), { selection, labels });
  const head = document.getElementById('list-count');
  const count = (id) => Number(document.getElementById(id).textContent) || 0;
  let loads = 0;
  const loaded = async () => {
    const mine = loads;
    document.getElementById('list-toggle-count').textContent = String(count('drawn-count'));
    // Nothing matches (and no refused filter, which says so itself): name the filter that did it.
    if (count('drawn-count') + count('unlocated-count') > 0 || head.getAttribute('role') === 'alert') return;
    const summary = await empty.show();
    if (summary && mine === loads) head.textContent = summary;
  };
  new MutationObserver(() => {
    const on = document.body.dataset.loading === 'true';
    busy(on);
    if (on) { loads += 1; empty.hide(); } else loaded();
  }).observe(document.body, { attributes: true, attributeFilter: ['data-loading'] });

  // The incident detail: focus moves to its heading when it opens from somewhere (a list row, the map;
  // not a link opened with the page), and back there when it closes. On a phone the detail lives in
  // the list drawer: opening an incident from the map opens the drawer, closing the detail closes it.
  const box = detail.element;
  let opener = null;
  let focusDetail = false;
  let drawerForDetail = false;
  document.addEventListener('incident:open', () => {
    const active = document.activeElement;
    focusDetail = Boolean(active && active !== document.body);
    if (focusDetail && !box.contains(active)) opener = active;
    if (drawers.phone && drawers.current() !== 'side') {
      drawerForDetail = true;
      drawers.open('side', active, false);
    }
  });
  new MutationObserver(() => { // the detail was (re)written
    const heading = box.querySelector('h2');
    if (box.hidden || !heading) return;
    heading.id = 'detail-title';
    heading.tabIndex = -1;
    box.setAttribute('aria-labelledby', 'detail-title');
    if (focusDetail) { heading.focus(); focusDetail = false; }
  }).observe(box, { childList: true });
  // app.js's listener has closed the detail (its content, and the focus inside it, are gone).
  document.addEventListener('incident:close', () => {
    const lost = document.activeElement === document.body || box.contains(document.activeElement);
    if (drawerForDetail) drawers.close(false);
    drawerForDetail = false;
    focusDetail = false;
    const back = opener;
    opener = null;
    if (!lost) return;
    if (back && back.isConnected && back.offsetParent !== null && !back.closest('[inert]')) back.focus();
    else list.focus();
  });
  // Escape closes the incident detail, else an open drawer (the timeline's own Escape comes first).
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (!box.hidden) { e.preventDefault(); document.dispatchEvent(new CustomEvent('incident:close')); }
    else if (drawers.current()) { e.preventDefault(); drawers.close(); }
  });
}
