// Draws the selection from /api/map's columns. Honest about precision: exact points are dots, "near"
// places are circles of their uncertainty, region-only places are dashed area rings: never a fake exact
// point. Up to `clusterLimit` incidents the dots are clustered (markercluster: counts a person can read);
// above it, one canvas draws them all (IncidentCanvas), since 100 k Leaflet markers take seconds.
import { addBasemap } from './basemap.js';
import { GridView } from './grid.js';
import { LEVELS, areaWeight, ringOf } from './corroboration.js';
import { IncidentCanvas } from './points.js';
import { term } from './terms.js';
import { addTiles } from './tiles.js';

export const TYPE_COLOURS = {
  'Battles': '#c62828',
  'Explosions/Remote violence': '#ef6c00',
  'Violence against civilians': '#6a1b9a',
  'Strategic developments': '#1565c0',
  'Protests': '#2e7d32',
  'Riots': '#5d4037',
};
const FIT_MAX_ZOOM = 10; // fitting never zooms closer than this (a town and its villages)
const OTHER_COLOUR = '#455a64';
const NEAR_RADIUS_M = 5000;
const REGION_RADIUS_M = 25000;
const FOCUS_ZOOM = 10;

// The corroboration level of each incident of /api/map's columns (by index into data.corroborations).
function levelsOf(data) {
  const names = data.corroborations || [];
  return Array.from(data.corroboration || [], (k) => names[k] || '');
}

function openIncident(id) {
  document.dispatchEvent(new CustomEvent('incident:open', { detail: id }));
}

const LEGEND_KEY = 'incident-map.legend';

// localStorage can be refused (a private window, a sandboxed frame): the legend then simply starts as
// the screen size suggests.
function readStored(key) {
  try { return window.localStorage.getItem(key); } catch (error) { return null; }
}

function writeStored(key, value) {
  try { window.localStorage.setItem(key, value); } catch (error) { /* not remembered, still toggled */ }
}

export class IncidentMap {
  constructor(element, { config, labels, selection }) {
    this.labels = labels;
    this.selection = selection;
    this.clusterLimit = config.clusterLimit;
    this.lang = document.documentElement.lang;
    this.map = L.map(element, { preferCanvas: true, zoomControl: true, maxZoom: 18, minZoom: 3 });
    const view = (selection.params.get('view') || '').split(',').map(Number);
    if (view.length === 3 && view.every(Number.isFinite)) this.map.setView([view[0], view[1]], view[2]);
    else this.map.setView([35.0, 39.5], 7);
    const notice = document.getElementById('tile-notice');
    notice.textContent = this.labels.noTiles;
    addTiles(this.map, config, notice, () => addBasemap(this.map, config.basemap));
    // The cluster group goes on the map before its markers: addLayers is 4x faster that way.
    this.cluster = L.markerClusterGroup({ maxClusterRadius: 50 }).addTo(this.map);
    this.areas = L.featureGroup().addTo(this.map);
    // One handler per group, not one closure per incident.
    for (const group of [this.cluster, this.areas]) group.on('click', (e) => openIncident(e.layer.incidentId));
    this.canvas = null;
    this.byId = new Map();
    this.popup = L.popup({ autoPanPadding: [40, 40] });
    this.grid = new GridView(this, { labels, colours: TYPE_COLOURS, otherColour: OTHER_COLOUR }); // large selections
    this.map.on('moveend', () => {
      const c = this.map.getCenter();
      selection.setView('view', `${c.lat.toFixed(4)},${c.lng.toFixed(4)},${this.map.getZoom()}`);
    });
  }

  // The selection's columns {count, unlocated, scale, types, id, lon, lat, precision, type}, or for a
  // large selection its grid cells (grid.js).
  async fetch(query) {
    return this.grid.fetch(query);
  }

  clear() {
    this.cluster.clearLayers();
    this.areas.clearLayers();
    if (this.canvas) this.canvas.remove();
    this.canvas = null;
    this.byId.clear();
    this.grid.clear();
    this.popup.close();
    this.showCount(0);
  }

  draw(data) {
    this.clear();
    if (this.grid.draw(data)) { this.showCount(data.count); return; }
    const n = data.id.length;
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    for (let i = 0; i < n; i += 1) { lat[i] = data.lat[i] / data.scale; lon[i] = data.lon[i] / data.scale; }
    const colours = data.types.map((t) => TYPE_COLOURS[t] || OTHER_COLOUR);
    if (n > this.clusterLimit) {
      this.canvas = new IncidentCanvas(
        { id: data.id, lat, lon, precision: data.precision, type: data.type, level: levelsOf(data) },
        { colours, nearRadius: NEAR_RADIUS_M, regionRadius: REGION_RADIUS_M, ring: ringOf, areaWeight },
      ).on('incidentclick', (e) => openIncident(e.id)).addTo(this.map);
    } else {
      this.drawClustered(data, lat, lon, colours);
    }
    this.showCount(n);
  }

  // Small selections: Leaflet layers, dots in the cluster group. Oldest first, so the newest is on top.
  drawClustered(data, lat, lon, colours) {
    const dots = [];
    const levels = levelsOf(data);
    for (let i = data.id.length - 1; i >= 0; i -= 1) {
      const colour = colours[data.type[i]];
      let layer;
      if (data.precision[i] === 2) {
        layer = L.circle([lat[i], lon[i]], {
          radius: NEAR_RADIUS_M, color: colour, weight: areaWeight(levels[i], 1), fillOpacity: 0.15,
        });
        this.areas.addLayer(layer);
      } else if (data.precision[i] === 3) {
        layer = L.circle([lat[i], lon[i]], {
          radius: REGION_RADIUS_M, color: colour, weight: areaWeight(levels[i], 2), dashArray: '6 6', fillOpacity: 0.05,
        });
        this.areas.addLayer(layer);
      } else {
        const ring = ringOf(levels[i]);
        layer = L.circleMarker([lat[i], lon[i]], {
          radius: 6, color: ring.colour, weight: ring.width, dashArray: ring.dash ? ring.dash.join(' ') : null,
          fillColor: colour, fillOpacity: 0.9,
        });
        dots.push(layer);
      }
      layer.incidentId = data.id[i];
      this.byId.set(data.id[i], layer);
    }
    // Not chunked: a few thousand markers cluster in a fraction of a second, and the count shown
    // afterwards is then what is really on the map.
    this.cluster.addLayers(dots);
  }

  // Fit the map to what is drawn (a selection of a few villages should not sit as one dot on the
  // whole country); a single place is shown at town zoom.
  fit(data) {
    if (data.mode === 'cells') { this.grid.fit(data); return; }
    const n = data.id.length;
    if (!n) return;
    let south = Infinity; let west = Infinity; let north = -Infinity; let east = -Infinity;
    for (let i = 0; i < n; i += 1) {
      const lat = data.lat[i] / data.scale;
      const lon = data.lon[i] / data.scale;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    }
    if (north - south < 0.02 && east - west < 0.02) this.map.setView([south, west], FIT_MAX_ZOOM, { animate: false });
    else this.map.fitBounds([[south, west], [north, east]], { padding: [30, 30], maxZoom: FIT_MAX_ZOOM, animate: false });
  }

  showCount(n) {
    this.drawn = n;
    document.getElementById('drawn-count').textContent = String(n);
    document.getElementById('map').dataset.drawn = String(n);
  }

  // Bring an incident into view (from the list or a click on the map).
  // Not markercluster's zoomToShowLayer: it leaves a moveend listener behind until the marker shows,
  // and once a redraw has removed the marker that listener throws on every later move of the map.
  focus(id) {
    const layer = this.byId.get(id);
    const at = layer ? layer.getLatLng() : this.canvas && this.canvas.latLngOf(id);
    if (!at) return;
    const clustered = layer && this.cluster.hasLayer(layer);
    const shown = clustered && this.cluster.getVisibleParent(layer) === layer;
    if (shown && this.map.getBounds().contains(at)) return;
    if (clustered) {
      // a marker still inside a cluster at the closer zoom (one village's incidents) is spread out
      this.map.once('moveend', () => {
        if (!this.cluster.hasLayer(layer)) return;
        const parent = this.cluster.getVisibleParent(layer);
        if (parent && parent !== layer && parent.spiderfy) parent.spiderfy();
      });
    }
    this.map.setView(at, Math.max(this.map.getZoom(), FOCUS_ZOOM));
  }

  // The popup of an opened incident, written from its detail (the same request as the side panel).
  showPopup(d) {
    if (d.lat == null || d.lon == null) return;
    this.popup.setLatLng([d.lat, d.lon]).setContent(this.popupContent(d)).openOn(this.map);
  }

  popupContent(d) {
    const box = document.createElement('div');
    const title = document.createElement('strong');
    const arabic = d.place && d.place.name_ar;
    title.textContent = (this.lang === 'ar' && arabic) || d.location;
    const line = document.createElement('div');
    line.textContent = `${d.event_date || this.labels.dateUnknown} · ${term(this.labels, d.sub_event_type || d.event_type)}`;
    box.append(title, line);
    if (d.geo_precision > 1) {
      const note = document.createElement('em');
      note.textContent = d.geo_precision === 3 ? this.labels.regionLevel : this.labels.nearLevel;
      box.append(note);
    }
    return box;
  }

  // The legend can cover markers: a button folds it to its title. The choice is remembered in this
  // browser; without one, a phone (where the legend would take a third of the map) starts folded.
  legend(element) {
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'legend-toggle';
    toggle.id = 'legend-toggle';
    toggle.textContent = this.labels.legend;
    toggle.setAttribute('aria-controls', 'legend-body');
    const body = document.createElement('div');
    body.id = 'legend-body';
    body.className = 'legend-body';
    element.replaceChildren(toggle, body);
    const saved = readStored(LEGEND_KEY);
    const open = saved ? saved === 'open' : !window.matchMedia('(max-width: 760px)').matches;
    const show = (on) => {
      body.hidden = !on;
      toggle.setAttribute('aria-expanded', String(on));
      element.dataset.open = String(on);
    };
    show(open);
    toggle.addEventListener('click', () => {
      const on = body.hidden;
      show(on);
      writeStored(LEGEND_KEY, on ? 'open' : 'closed');
    });
    this.fillLegend(body);
  }

  fillLegend(element) {
    for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
      const row = document.createElement('div');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colour;
      row.append(swatch, document.createTextNode(term(this.labels, type)));
      element.append(row);
    }
    for (const [cls, text] of [['near', this.labels.nearLevel], ['region', this.labels.regionLevel]]) {
      const row = document.createElement('div');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${cls}`;
      row.append(swatch, document.createTextNode(text));
      element.append(row);
    }
    // The ring around a dot: how far independent voices corroborate it.
    const head = document.createElement('div');
    head.className = 'legend-head';
    head.textContent = this.labels.corroboration;
    element.append(head);
    for (const level of LEVELS) {
      const row = document.createElement('div');
      row.dataset.level = level;
      const swatch = document.createElement('span');
      swatch.className = `swatch ring ring-${level}`;
      row.append(swatch, document.createTextNode(term(this.labels, level)));
      element.append(row);
    }
  }
}
