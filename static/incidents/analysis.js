// Two map layers beside the incidents, each switched on from the map's layer box and each following
// the current selection (the same query string as every other view):
// - Change alerts (incidents/alerts.py, /api/alerts): a choropleth over the basemap's district outlines,
//   coloured by ACLED's Early Warning label, with a legend, tooltips, and the list of districts that
//   changed and why. A district, clicked on the map or chosen in the list, is zoomed to.
// - ACLED side by side (incidents/acled_reference.py): the imported ACLED events as diamonds in their
//   own pane (never mixed with ours), and the cross-check's three groups counted, with a CSV of each.
// Every name and figure goes into the DOM as text.
import { term } from './terms.js';

export const ALERT_COLOURS = {
  large_increase: '#b71c1c',
  moderate_increase: '#f57c00',
  limited_change: '#fff176',
  decrease: '#1e88e5',
  too_few: '#bdbdbd',
};
const ALERT_ORDER = Object.keys(ALERT_COLOURS);
const CHANGED = new Set(['large_increase', 'moderate_increase', 'decrease']);
const ACLED_LIMIT_NOTE = 5000; // /api/acled/events draws the newest 5,000 (acled_reference.reference_layer)

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

// Text and isolated parts in one element: a date range inside Arabic text keeps its own order
// (without <bdi>, 2024-03-23 reads 23-03-2024 in a right-to-left line).
function parts(tag, cls, ...items) {
  const node = el(tag, null, cls);
  for (const item of items) node.append(typeof item === 'string' ? document.createTextNode(item) : item);
  return node;
}

function span(from, to) {
  const dates = el('bdi', `${from} – ${to}`);
  dates.dir = 'ltr'; // digits alone have no direction of their own: an Arabic line would swap the two
  return dates;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function withQuery(path, query, extra = {}) {
  const params = new URLSearchParams(query);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function percent(change) {
  if (change == null) return '';
  const n = Math.round(change * 100);
  return `${n > 0 ? '+' : ''}${n} %`;
}

export class AlertsLayer {
  constructor(map, { selection, labels, config, panel, legend }) {
    this.map = map; // the Leaflet map
    this.selection = selection;
    this.labels = labels;
    this.districtsUrl = config.basemap && config.basemap.layers && config.basemap.layers.districts;
    this.panel = panel;
    this.legendBox = legend;
    this.lang = document.documentElement.lang;
    this.on = false;
    this.baseline = '4';
    this.request = 0;
    if (!map.getPane('alerts')) map.createPane('alerts').style.zIndex = 450; // over the incidents' areas, under markers
    this.renderer = L.svg({ pane: 'alerts', padding: 0.3 });
    this.layer = null;
    this.outlines = null;
  }

  async districts() {
    if (!this.outlines) this.outlines = await getJSON(this.districtsUrl);
    return this.outlines;
  }

  async enable(on) {
    this.on = on;
    this.panel.hidden = !on;
    this.legendBox.hidden = !on;
    if (!on) {
      this.request += 1;
      if (this.layer) this.layer.remove();
      this.layer = null;
      this.map.getContainer().dataset.alerts = 'off';
      return;
    }
    await this.load();
  }

  async load() {
    const mine = ++this.request;
    const container = this.map.getContainer();
    container.dataset.alerts = 'loading';
    let data;
    let outlines;
    try {
      [data, outlines] = await Promise.all([
        getJSON(withQuery('/api/alerts', this.selection.query(['sort']), { baseline: this.baseline })),
        this.districts(),
      ]);
    } catch (error) {
      if (mine !== this.request) return;
      this.panel.replaceChildren(el('p', `${this.labels.alertsFailed} ${error.message}`, 'error'));
      this.panel.lastChild.setAttribute('role', 'alert');
      container.dataset.alerts = 'error';
      return;
    }
    if (mine !== this.request || !this.on) return;
    this.data = data;
    this.draw(data, outlines);
    this.list(data);
    this.legend(data);
    container.dataset.alerts = 'drawn';
  }

  nameOf(area) {
    return (this.lang === 'ar' && area.name_ar) || area.name_en;
  }

  draw(data, outlines) {
    if (this.layer) this.layer.remove();
    const byCode = new Map(data.districts.map((d) => [d.code, d]));
    const codeOf = (f) => f.properties.ocha_pcode || String(f.properties.wof_id);
    this.byCode = new Map();
    this.layer = L.geoJSON(outlines, {
      renderer: this.renderer,
      pane: 'alerts',
      style: (f) => {
        const area = byCode.get(codeOf(f));
        return area
          ? { color: '#37474f', weight: 1, fillColor: ALERT_COLOURS[area.label], fillOpacity: 0.5, className: `alert-area alert-${area.label}` }
          : { color: '#78909c', weight: 0.6, fillOpacity: 0, className: 'alert-area alert-none' };
      },
      onEachFeature: (f, layer) => {
        const code = codeOf(f);
        const area = byCode.get(code) || { code, name_en: f.properties.name_en, name_ar: f.properties.name_ar, label: null };
        layer.alertCode = code;
        // a district drawn as several outlines (Markaz Rif Dimashq is two) keeps all of them
        this.byCode.set(code, [...(this.byCode.get(code) || []), layer]);
        layer.area = area;
        layer.bindTooltip(this.describe(area), { sticky: true, direction: 'top' });
        layer.on('click', () => this.zoomTo(code));
      },
    }).addTo(this.map);
    this.layer.eachLayer((layer) => this.focusable(layer));
  }

  // Each district's outline is reached by Tab, named as its tooltip reads (district, label, counts),
  // shown with its tooltip and a heavy outline while focused, and zoomed to with Enter or Space.
  focusable(layer) {
    const path = layer.getElement();
    if (!path) return;
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', this.describeText(layer.area));
    path.dataset.code = layer.alertCode;
    path.addEventListener('focus', () => {
      // not brought to the front: moving the element would move it in the Tab order too
      layer.setStyle({ weight: 3 });
      layer.openTooltip(layer.getCenter());
    });
    path.addEventListener('blur', () => {
      layer.setStyle({ weight: this.map.getContainer().dataset.alertFocus === layer.alertCode ? 3 : 1 });
      layer.closeTooltip();
    });
    path.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      this.zoomTo(layer.alertCode);
    });
  }

  // The tooltip's lines as one sentence, for the outline's accessible name.
  describeText(area) {
    const L = this.labels;
    if (!area.label) return `${this.nameOf(area)}: ${L.alertNoIncidents}`;
    const change = area.change != null ? ` (${percent(area.change)})` : '';
    return [
      `${this.nameOf(area)}: ${L.alertLabels[area.label]}${change}`,
      `${L.lastWeek}: ${area.last_week}, ${L.baselineMean}: ${area.baseline}`,
      `${L.killed}: ${area.fatalities_last_week}, ${L.baselineMean}: ${area.fatalities_baseline}`,
    ].join('. ');
  }

  // A district's tooltip: its name, label, and the counts behind it (a DOM node: names stay text).
  describe(area) {
    const L = this.labels;
    const box = el('div', null, 'alert-tip');
    box.append(el('strong', this.nameOf(area)));
    if (!area.label) {
      box.append(el('div', L.alertNoIncidents));
      return box;
    }
    box.append(el('div', `${L.alertLabels[area.label]}${area.change != null ? ` (${percent(area.change)})` : ''}`));
    box.append(el('div', `${L.lastWeek}: ${area.last_week} · ${L.baselineMean}: ${area.baseline}`));
    box.append(el('div', `${L.killed}: ${area.fatalities_last_week} · ${L.baselineMean}: ${area.fatalities_baseline}`));
    return box;
  }

  zoomTo(code) {
    const parts = this.byCode && this.byCode.get(code);
    if (!parts) return;
    const bounds = L.latLngBounds([]);
    for (const part of parts) bounds.extend(part.getBounds());
    this.map.fitBounds(bounds, { padding: [20, 20], maxZoom: 10 });
    for (const [other, layers] of this.byCode) for (const layer of layers) layer.setStyle({ weight: other === code ? 3 : 1 });
    this.map.getContainer().dataset.alertFocus = code;
    for (const button of this.panel.querySelectorAll('button[data-code]')) {
      button.setAttribute('aria-pressed', String(button.dataset.code === code));
    }
  }

  legend(data) {
    const L = this.labels;
    const box = this.legendBox;
    box.replaceChildren(el('div', L.changeAlerts, 'legend-head'));
    for (const name of ALERT_ORDER) {
      const row = el('div');
      row.dataset.label = name;
      const swatch = el('span', null, 'swatch square');
      swatch.style.background = ALERT_COLOURS[name];
      row.append(swatch, document.createTextNode(`${L.alertLabels[name]} ${L.alertRules[name] ? `(${L.alertRules[name]})` : ''}`));
      box.append(row);
    }
    const [from, to] = data.window.last_week;
    box.append(parts('div', 'legend-note', `${L.lastWeek}: `, span(from, to)));
  }

  list(data) {
    const L = this.labels;
    const panel = this.panel;
    panel.replaceChildren(el('h3', L.changeAlerts));
    const [from, to] = data.window.last_week;
    const [bFrom, bTo] = data.window.baseline;
    panel.append(parts(
      'p', 'window', `${L.lastWeek}: `, span(from, to),
      ` · ${L.baselineWeeks.replace('%(n)s', data.window.baseline_weeks)}: `, span(bFrom, bTo),
    ));
    const changed = data.districts.filter((d) => CHANGED.has(d.label));
    const count = el('p', `${L.districtsChanged}: ${changed.length}`, 'changed-count');
    count.setAttribute('role', 'status');
    panel.append(count);
    if (data.empty || !changed.length) panel.append(el('p', L.noDistrictChanged, 'none'));
    const list = el('ol', null, 'alert-list');
    for (const d of changed) {
      const item = el('li', null, `alert-item alert-${d.label}`);
      item.dataset.code = d.code;
      const button = el('button', this.nameOf(d), 'linklike');
      button.type = 'button';
      button.dataset.code = d.code;
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => this.zoomTo(d.code));
      const swatch = el('span', null, 'swatch square');
      swatch.style.background = ALERT_COLOURS[d.label];
      item.append(swatch, button, document.createTextNode(' '), el('bdi', `${L.alertLabels[d.label]} ${percent(d.change)}`, 'label'));
      const types = Object.entries(d.types_last_week).map(([t, n]) => `${term(L, t)} ${n}`).join(this.lang === 'ar' ? '، ' : ', ');
      item.append(
        el('div', `${L.lastWeek}: ${d.last_week} · ${L.baselineMean}: ${d.baseline}`, 'why'),
        el('div', `${L.killed}: ${d.fatalities_last_week} · ${L.baselineMean}: ${d.fatalities_baseline}`, 'why'),
      );
      if (types) item.append(el('div', `${L.typesLastWeek}: ${types}`, 'why'));
      list.append(item);
    }
    panel.append(list);
    panel.append(el('p', L.alertMethod, 'method'));
    if (data.unassigned) panel.append(el('p', `${L.alertUnassigned}: ${data.unassigned}`, 'method'));
  }
}

export class AcledLayer {
  constructor(map, { selection, labels, config, panel }) {
    this.map = map;
    this.selection = selection;
    this.labels = labels;
    this.config = config;
    this.panel = panel;
    this.on = false;
    this.request = 0;
    // its own pane: over our dots and areas, under our markers and clusters (ours stay clickable)
    if (!map.getPane('acled')) map.createPane('acled').style.zIndex = 580;
    this.group = L.layerGroup();
  }

  async enable(on) {
    this.on = on;
    this.panel.hidden = !on;
    if (!on) {
      this.request += 1;
      this.group.clearLayers();
      this.group.remove();
      this.map.getContainer().dataset.acled = 'off';
      return;
    }
    this.group.addTo(this.map);
    await this.load();
  }

  async load() {
    const mine = ++this.request;
    const query = this.selection.query(['sort']);
    const container = this.map.getContainer();
    container.dataset.acled = 'loading';
    let events;
    let check;
    try {
      [events, check] = await Promise.all([
        getJSON(withQuery('/api/acled/events', query)),
        getJSON(withQuery('/api/acled/crosscheck', query)),
      ]);
    } catch (error) {
      if (mine !== this.request) return;
      this.panel.replaceChildren(el('p', `${this.labels.acledFailed} ${error.message}`, 'error'));
      container.dataset.acled = 'error';
      return;
    }
    if (mine !== this.request || !this.on) return;
    this.draw(events, check);
    this.summary(events, check, query);
    container.dataset.acled = events.imported ? 'drawn' : 'none';
  }

  draw(events, check) {
    this.group.clearLayers();
    const matched = new Set(check.matched.map((m) => m.event_id_cnty));
    const L_ = this.labels;
    for (let i = 0; i < events.event_id_cnty.length; i += 1) {
      const id = events.event_id_cnty[i];
      const kind = matched.has(id) ? 'matched' : 'only';
      const title = `ACLED ${id} · ${events.date[i]} · ${term(L_, events.sub_event_type[i] || events.event_type[i])}`;
      const marker = L.marker([events.lat[i], events.lon[i]], {
        pane: 'acled',
        title, // an attribute: text, never HTML
        alt: title,
        icon: L.divIcon({ className: `acled-mark acled-${kind}`, iconSize: [12, 12] }),
      });
      const box = el('div', null, 'acled-popup');
      box.append(
        el('strong', `ACLED ${id}`),
        parts('div', null, el('bdi', events.date[i]), ' · ', el('bdi', term(L_, events.sub_event_type[i] || events.event_type[i]))),
        el('div', events.location[i] || ''),
        el('div', `${events.fatalities[i] ?? '—'} ${L_.killed}`),
        el('div', kind === 'matched' ? L_.acledMatched : L_.acledOnly),
      );
      marker.bindPopup(box);
      this.group.addLayer(marker);
    }
  }

  summary(events, check, query) {
    const L = this.labels;
    const panel = this.panel;
    panel.replaceChildren(el('h3', L.acledTitle));
    if (!events.imported) {
      const none = el('p', L.acledNone, 'acled-none');
      none.setAttribute('role', 'status');
      panel.append(none);
      const how = el('p', null, 'acled-how');
      if (this.config.acledImportUrl) {
        const link = el('a', L.acledImportAdmin);
        link.href = this.config.acledImportUrl;
        how.append(link, document.createTextNode(` · ${L.acledImportCommand} `));
      } else {
        how.append(document.createTextNode(`${L.acledImportCommand} `));
      }
      how.append(el('code', 'python manage.py import_acled FILE.csv'));
      panel.append(how);
      return;
    }
    const shown = parts('p', 'acled-shown', `${L.acledShown}: `, el('bdi', `${events.shown} / ${events.count}`));
    if (check.window.start) shown.append(document.createTextNode(' · '), span(check.window.start, check.window.end));
    panel.append(shown);
    if (events.shown < events.count) panel.append(el('p', L.acledNewestOnly.replace('%(n)s', ACLED_LIMIT_NOTE), 'method'));
    const groups = el('ul', null, 'acled-groups');
    for (const [group, text, cls] of [['matched', L.acledMatched, 'matched'], ['only_ours', L.acledOnlyOurs, 'ours'], ['only_acled', L.acledOnly, 'only']]) {
      const item = el('li');
      item.dataset.group = group;
      item.append(el('span', null, `acled-key acled-${cls}`), el('span', `${text}: `), el('strong', String(check.counts[group]), 'n'), document.createTextNode(' · '));
      const link = el('a', `CSV`);
      link.href = withQuery('/api/acled/crosscheck', query, { group });
      link.setAttribute('aria-label', `${text}: CSV`);
      item.append(link);
      groups.append(item);
    }
    panel.append(groups);
    panel.append(el('p', L.acledMethod, 'method'));
  }
}

const BASELINES = ['4', '52'];

// The layers' state as the URL says it: ?alerts=4 or ?alerts=52 (change alerts on, with that baseline),
// ?acled=on. Anything else is off, so a mistyped link shows the plain map.
export function layerState(params) {
  const weeks = params.get('alerts');
  return { alerts: BASELINES.includes(weeks) ? weeks : null, acled: params.get('acled') === 'on' };
}

// The layer box on the map and the panels in the side column; both layers reload with the selection.
// Their state lives in the URL like every other piece of view state: read on load, a history entry
// for each switch, and Back / Forward bring the layers back as they were.
export function setupAnalysis({ map, selection, labels, config }) {
  const alerts = new AlertsLayer(map, {
    selection, labels, config, panel: document.getElementById('alerts-panel'), legend: document.getElementById('alerts-legend'),
  });
  const acled = new AcledLayer(map, { selection, labels, config, panel: document.getElementById('acled-panel') });
  const alertsBox = document.getElementById('layer-alerts');
  const baseline = document.getElementById('alerts-baseline');
  const acledBox = document.getElementById('layer-acled');
  const side = document.getElementById('analysis');

  // Controls and layers made to match the URL (on load, after a switch, on Back / Forward).
  const apply = () => {
    const state = layerState(selection.params);
    alertsBox.checked = Boolean(state.alerts);
    if (state.alerts) baseline.value = state.alerts;
    baseline.disabled = !state.alerts;
    acledBox.checked = state.acled;
    side.hidden = !(state.alerts || state.acled);
    if (state.alerts) {
      if (!alerts.on || alerts.baseline !== state.alerts) {
        alerts.baseline = state.alerts;
        alerts.enable(true);
      }
    } else if (alerts.on) {
      alerts.enable(false);
    }
    if (state.acled !== acled.on) acled.enable(state.acled);
  };
  alertsBox.addEventListener('change', () => {
    selection.pushView({ alerts: alertsBox.checked ? baseline.value : null });
    apply();
  });
  baseline.addEventListener('change', () => {
    selection.pushView({ alerts: baseline.value });
    apply();
  });
  acledBox.addEventListener('change', () => {
    selection.pushView({ acled: acledBox.checked ? 'on' : null });
    apply();
  });
  window.addEventListener('popstate', () => {
    const before = selection.query();
    selection.params = new URLSearchParams(window.location.search);
    // Filters changed since that entry was made (they replace the current entry, never push): the
    // page rebuilds everything from the URL, as on a shared link.
    if (selection.query() !== before) window.location.reload();
    else apply();
  });
  document.addEventListener('selection:change', () => {
    if (alerts.on) alerts.load();
    if (acled.on) acled.load();
  });
  apply();
  return { alerts, acled };
}
