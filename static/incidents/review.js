// Review where you read, for an Editor: "Edit" (type, sub-event type, date and its precision,
// fatalities, status), "Place it" (a gazetteer place found by its Arabic or English name, or a point
// clicked on the map with its precision) and "Next unreviewed" in the incident detail. The server applies
// the admin's permission rules again (a Viewer's POST is refused) and answers a bad field with a 400 that
// names it: the message is shown beside that field. Every text goes in with textContent.
import { term } from './terms.js';

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function csrf() {
  const token = document.querySelector('input[name=csrfmiddlewaretoken]');
  return token ? token.value : '';
}

async function post(url, fields) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'X-CSRFToken': csrf(), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(fields),
  });
  const data = await response.json().catch(() => ({ error: String(response.status) }));
  return { ok: response.ok, data };
}

let fieldIds = 0;

// A labelled control with a place for its error (announced, and tied to the control by aria-describedby).
function field(label, control, name) {
  const id = `rv-${name}-${++fieldIds}`;
  control.id = id;
  control.name = name;
  const wrap = el('div', null, 'rv-field');
  wrap.dataset.field = name;
  const text = el('label', label);
  text.htmlFor = id;
  const error = el('span', null, 'field-error');
  error.id = `${id}-error`;
  error.setAttribute('role', 'alert');
  control.setAttribute('aria-describedby', error.id);
  wrap.append(text, control, error);
  return wrap;
}

function select(options, value) {
  const node = document.createElement('select');
  for (const [v, text] of options) {
    const option = el('option', text);
    option.value = v;
    option.selected = String(v) === String(value ?? '');
    node.append(option);
  }
  return node;
}

function showErrors(form, errors = {}, fallback = '') {
  for (const box of form.querySelectorAll('.field-error')) box.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  let first = null;
  for (const [name, messages] of Object.entries(errors)) {
    const wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`) || form.querySelector('[data-field="__all__"]');
    if (!wrap) continue;
    wrap.querySelector('.field-error').textContent = messages.join(' ');
    const control = wrap.querySelector('input, select');
    if (control) { control.setAttribute('aria-invalid', 'true'); first = first || control; }
  }
  const general = form.querySelector('.form-error');
  general.textContent = Object.keys(errors).length ? '' : fallback;
  if (first) first.focus();
}

export class ReviewTools {
  constructor({ selection, labels, config, map, detail }) {
    this.selection = selection;
    this.labels = labels;
    this.config = config;
    this.map = map;
    this.detail = detail;
    this.picking = null;
    this.marker = null;
    document.addEventListener('detail:rendered', (e) => this.attach(e.detail.element, e.detail.incident));
  }

  // The detail was drawn: add the Editor's tools under Verify / Dispute.
  attach(root, d) {
    if (!this.config.canReview) return;
    this.stopPicking();
    const L = this.labels;
    const bar = el('div', null, 'review review-tools');
    const status = el('p', null, 'review-note');
    status.setAttribute('role', 'status');
    const panel = el('div', null, 'review-panel');
    const edit = this.toggle(L.edit, 'review-edit', panel, () => this.editForm(d));
    bar.append(edit);
    if (this.config.canPlace && (d.lat == null || d.geo_precision === 3 || !d.place)) {
      bar.append(this.toggle(L.placeIt, 'review-place', panel, () => this.placeForm(d)));
    }
    const next = el('button', L.nextUnreviewed, 'review-next');
    next.type = 'button';
    next.addEventListener('click', () => this.next(d.id, status));
    bar.append(next);
    const after = root.querySelector('.review') || root.querySelector('dl');
    after.after(bar, panel, status);
  }

  // A button that opens its form in the panel (and closes it again); one form at a time.
  toggle(text, cls, panel, build) {
    const button = el('button', text, cls);
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') === 'true';
      for (const b of button.parentElement.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false');
      this.stopPicking();
      panel.replaceChildren();
      if (open) return;
      button.setAttribute('aria-expanded', 'true');
      const form = build();
      panel.append(form);
      const first = form.querySelector('input, select');
      if (first) first.focus();
    });
    return button;
  }

  saved(data) {
    this.stopPicking();
    this.detail.render(data);
    document.dispatchEvent(new CustomEvent('incident:reviewed', { detail: data }));
    const heading = this.detail.element.querySelector('h2');
    const note = this.detail.element.querySelector('.review-note');
    if (note) note.textContent = this.labels.saved;
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  form(cls) {
    const form = el('form', null, `review-form ${cls}`);
    form.noValidate = true; // the server's messages, in the interface language, beside each field
    return form;
  }

  buttons(form, submitText) {
    const L = this.labels;
    const row = el('div', null, 'rv-actions');
    const save = el('button', submitText, 'rv-save');
    save.type = 'submit';
    const cancel = el('button', L.cancel, 'rv-cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      this.stopPicking();
      const panel = form.parentElement;
      const opener = panel.previousElementSibling && panel.previousElementSibling.querySelector('[aria-expanded=true]');
      panel.replaceChildren();
      if (opener) { opener.setAttribute('aria-expanded', 'false'); opener.focus(); }
    });
    const general = el('span', null, 'form-error');
    general.setAttribute('role', 'alert');
    row.append(save, cancel, general);
    form.append(row);
  }

  editForm(d) {
    const L = this.labels;
    const C = this.config;
    const form = this.form('rv-edit');
    const types = [['', '—'], ...C.eventTypes.map((t) => [t, term(L, t)])];
    const type = select(types, d.event_type);
    const sub = document.createElement('select');
    const fillSubs = (value) => {
      sub.replaceChildren();
      for (const [v, text] of [['', '—'], ...(C.subEventTypes[type.value] || []).map((s) => [s, term(L, s)])]) {
        const option = el('option', text);
        option.value = v;
        option.selected = v === value;
        sub.append(option);
      }
    };
    fillSubs(d.sub_event_type);
    type.addEventListener('change', () => fillSubs(''));
    const date = document.createElement('input');
    date.type = 'date';
    date.value = d.event_date || '';
    const precision = select([['', '—'], ...C.timePrecisions], d.time_precision);
    const fatalities = document.createElement('input');
    fatalities.type = 'number';
    fatalities.min = '0';
    fatalities.inputMode = 'numeric';
    fatalities.value = d.fatalities ?? '';
    fatalities.dir = 'ltr'; // a number keeps its sign on the left in the Arabic interface too
    const status = select(C.statuses.map((s) => [s, term(L, s)]), d.status);
    form.append(
      field(L.eventType, type, 'event_type'),
      field(L.subEventType, sub, 'sub_event_type'),
      field(L.date, date, 'event_date'),
      field(L.timePrecision, precision, 'time_precision'),
      field(L.fatalities, fatalities, 'fatalities'),
      field(L.status, status, 'status'),
    );
    this.buttons(form, L.save);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      form.setAttribute('aria-busy', 'true');
      const { ok, data } = await post(`/api/incidents/${d.id}/edit`, {
        event_type: type.value, sub_event_type: sub.value, event_date: date.value,
        time_precision: precision.value, fatalities: fatalities.value, status: status.value,
      });
      form.removeAttribute('aria-busy');
      if (ok) this.saved(data);
      else showErrors(form, data.errors, `${L.reviewFailed} ${data.error || ''}`);
    });
    return form;
  }

  placeForm(d) {
    const L = this.labels;
    const form = this.form('rv-place');
    form.append(el('p', `${L.asWritten}: `, 'rv-hint'));
    form.lastChild.append(el('bdi', d.location || '—'));
    // 1. a gazetteer place, by its Arabic or English name
    const search = document.createElement('input');
    search.type = 'search';
    search.autocomplete = 'off';
    search.dir = 'auto';
    search.value = d.location || '';
    const results = el('ul', null, 'rv-results');
    results.setAttribute('aria-live', 'polite');
    let typing;
    let asked = 0;
    const find = async () => {
      const mine = ++asked;
      const q = search.value.trim();
      if (q.length < 2) { results.replaceChildren(); return; }
      const response = await fetch(`/api/places?q=${encodeURIComponent(q)}`, { headers: { Accept: 'application/json' } });
      const data = await response.json().catch(() => ({ results: [] }));
      if (mine !== asked) return;
      results.replaceChildren();
      if (!(data.results || []).length) results.append(el('li', L.noPlaces, 'muted'));
      for (const p of data.results || []) {
        const choose = el('button', null, 'rv-choose linklike');
        choose.type = 'button';
        choose.dataset.place = String(p.id);
        const name = this.lang() === 'ar' ? `${p.name_ar || p.name_en} / ${p.name_en}` : `${p.name_en} / ${p.name_ar || '—'}`;
        const path = [term(L, p.admin1), term(L, p.admin2)].filter(Boolean).join(' › ');
        choose.append(el('bdi', name), document.createTextNode(path ? ' — ' : ''), el('bdi', path));
        choose.addEventListener('click', () => this.place(d, form, { place: p.id, precision: form.querySelector('[name=precision]').value }));
        const item = el('li');
        item.append(choose);
        results.append(item);
      }
    };
    search.addEventListener('input', () => { window.clearTimeout(typing); typing = window.setTimeout(find, 250); });
    search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); find(); } });
    const searchField = field(L.findPlace, search, 'place');
    searchField.append(results);
    // 2. or a point: typed, or clicked on the map
    const lat = document.createElement('input');
    const lon = document.createElement('input');
    for (const input of [lat, lon]) { input.type = 'number'; input.step = 'any'; input.inputMode = 'decimal'; input.dir = 'ltr'; }
    const precision = select([['1', L.precision1], ['2', L.precision2], ['3', L.precision3]], d.geo_precision || 1);
    const pick = el('button', L.pickOnMap, 'rv-pick');
    pick.type = 'button';
    pick.setAttribute('aria-pressed', 'false');
    pick.addEventListener('click', () => this.startPicking(pick, lat, lon));
    const point = el('fieldset', null, 'rv-point');
    point.append(el('legend', L.orPoint), pick, field(L.latitude, lat, 'lat'), field(L.longitude, lon, 'lon'));
    form.append(searchField, field(L.precision, precision, 'precision'), point);
    this.buttons(form, L.savePoint);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.place(d, form, { lat: lat.value, lon: lon.value, precision: precision.value });
    });
    window.setTimeout(find, 0);
    return form;
  }

  lang() { return document.documentElement.lang; }

  async place(d, form, fields) {
    form.setAttribute('aria-busy', 'true');
    const { ok, data } = await post(`/api/incidents/${d.id}/place`, fields);
    form.removeAttribute('aria-busy');
    if (ok) this.saved(data);
    else showErrors(form, data.errors, `${this.labels.reviewFailed} ${data.error || ''}`);
  }

  // The next click on the map fills the point's fields (and shows where); Escape or Cancel stops it.
  startPicking(button, lat, lon) {
    if (this.picking) { this.stopPicking(); return; }
    const leaflet = this.map.map;
    button.setAttribute('aria-pressed', 'true');
    document.body.classList.add('picking-point');
    const onClick = (e) => {
      lat.value = e.latlng.lat.toFixed(5);
      lon.value = e.latlng.lng.toFixed(5);
      if (this.marker) this.marker.remove();
      this.marker = L.circleMarker(e.latlng, { radius: 7, color: '#0d47a1', weight: 3, fillOpacity: 0.2 }).addTo(leaflet);
    };
    leaflet.on('click', onClick);
    this.picking = { button, stop: () => leaflet.off('click', onClick) };
  }

  stopPicking() {
    if (!this.picking) return;
    this.picking.stop();
    this.picking.button.setAttribute('aria-pressed', 'false');
    document.body.classList.remove('picking-point');
    this.picking = null;
    if (this.marker) { this.marker.remove(); this.marker = null; }
  }

  // The next unreviewed incident of the selection, in the list's order, after this one.
  async next(id, status) {
    const params = new URLSearchParams(this.selection.query());
    params.set('after', String(id));
    const response = await fetch(`/api/incidents/next-unreviewed?${params}`, { headers: { Accept: 'application/json' } });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { status.textContent = data.error || String(response.status); return; }
    if (data.id == null || data.id === id) { status.textContent = this.labels.noneUnreviewed; return; }
    document.dispatchEvent(new CustomEvent('incident:open', { detail: data.id }));
  }
}
