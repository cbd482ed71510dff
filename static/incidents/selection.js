// The current selection lives in the URL. Every change goes through here and is announced with a
// 'selection:change' event; map, list, timeline and facets listen and refetch.
// The map layers (analysis.js: alerts=4|52, acled=on) are view state too: never sent to the API.
const VIEW_KEYS = ['view', 'incident', 'alerts', 'acled'];

export class Selection {
  constructor() {
    this.params = new URLSearchParams(window.location.search);
  }

  get(name) { return this.params.getAll(name).flatMap((v) => v.split(',')).filter(Boolean); }

  // The filters as a query string for the API (without view-only keys and optional exclusions).
  query(exclude = []) {
    const p = new URLSearchParams(this.params);
    for (const key of [...VIEW_KEYS, ...exclude]) p.delete(key);
    return p.toString();
  }

  set(name, values) {
    this.params.delete(name);
    for (const v of [].concat(values)) if (v !== '' && v != null) this.params.append(name, v);
    this.commit();
  }

  setMany(entries) {
    for (const [name, value] of Object.entries(entries)) {
      this.params.delete(name);
      if (value) this.params.set(name, value);
    }
    this.commit();
  }

  clear() {
    // The map position, the demo switch and the list's order are how one reads, not what one selects.
    const kept = ['view', 'demo', 'sort', 'alerts', 'acled'].map((k) => [k, this.params.get(k)]);
    this.params = new URLSearchParams();
    for (const [k, v] of kept) if (v) this.params.set(k, v);
    this.commit();
  }

  // View state (map position, open incident) is kept in the URL without refetching anything.
  setView(name, value) {
    if (value == null) this.params.delete(name); else this.params.set(name, value);
    window.history.replaceState(null, '', `?${this.params}`);
  }

  // A switched map layer is a step one may want to take back: it gets its own history entry, so the
  // browser's Back and Forward go through layer states (analysis.js applies them on popstate).
  pushView(entries) {
    for (const [name, value] of Object.entries(entries)) {
      if (value == null) this.params.delete(name); else this.params.set(name, value);
    }
    window.history.pushState(null, '', `?${this.params}`);
  }

  commit() {
    window.history.replaceState(null, '', `?${this.params}`);
    document.dispatchEvent(new CustomEvent('selection:change', { detail: this }));
  }
}
