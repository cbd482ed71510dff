// Draws the selection. Honest about precision: exact points are clustered markers, "near" places are
// circles of their uncertainty, region-only places are dashed area rings: never a fake exact point.
export const TYPE_COLOURS = {
  'Battles': '#c62828',
  'Explosions/Remote violence': '#ef6c00',
  'Violence against civilians': '#6a1b9a',
  'Strategic developments': '#1565c0',
  'Protests': '#2e7d32',
  'Riots': '#5d4037',
};
const NEAR_RADIUS_M = 5000;
const REGION_RADIUS_M = 25000;

export class IncidentMap {
  constructor(element, { config, labels, selection }) {
    this.labels = labels;
    this.selection = selection;
    this.lang = document.documentElement.lang;
    this.map = L.map(element, { preferCanvas: true, zoomControl: true, maxZoom: 18, minZoom: 3 });
    const view = (selection.params.get('view') || '').split(',').map(Number);
    if (view.length === 3 && view.every(Number.isFinite)) this.map.setView([view[0], view[1]], view[2]);
    else this.map.setView([35.0, 39.5], 7);
    this.addTiles(config);
    // The cluster group goes on the map before its markers: addLayers is 4x faster that way.
    this.cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50 }).addTo(this.map);
    this.areas = L.layerGroup().addTo(this.map);
    this.byId = new Map();
    this.map.on('moveend', () => {
      const c = this.map.getCenter();
      selection.setView('view', `${c.lat.toFixed(4)},${c.lng.toFixed(4)},${this.map.getZoom()}`);
    });
  }

  addTiles(config) {
    const notice = document.getElementById('tile-notice');
    if (!config.tileUrl) {
      notice.textContent = this.labels.noTiles;
      notice.hidden = false;
      return;
    }
    let failures = 0;
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 18 })
      .on('tileerror', () => {
        failures += 1;
        if (failures === 3) { notice.textContent = this.labels.noTiles; notice.hidden = false; }
      })
      .addTo(this.map);
  }

  async load(query) {
    const response = await fetch(`/api/incidents?${query}`, { headers: { Accept: 'application/json' } });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    this.draw(data.features);
    return data;
  }

  draw(features) {
    this.cluster.clearLayers();
    this.areas.clearLayers();
    this.byId.clear();
    const markers = [];
    for (const f of features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const colour = TYPE_COLOURS[p.event_type] || '#455a64';
      let layer;
      if (p.geo_precision === 2) {
        layer = L.circle([lat, lon], { radius: NEAR_RADIUS_M, color: colour, weight: 1, fillOpacity: 0.15 });
        this.areas.addLayer(layer);
      } else if (p.geo_precision === 3) {
        layer = L.circle([lat, lon], {
          radius: REGION_RADIUS_M, color: colour, weight: 2, dashArray: '6 6', fillOpacity: 0.05,
        });
        this.areas.addLayer(layer);
      } else {
        layer = L.circleMarker([lat, lon], {
          radius: 6, color: '#fff', weight: 1, fillColor: colour, fillOpacity: 0.9,
        });
        markers.push(layer);
      }
      layer.bindPopup(() => this.popup(p));
      layer.on('click', () => document.dispatchEvent(new CustomEvent('incident:open', { detail: p.id })));
      this.byId.set(p.id, layer);
    }
    this.cluster.addLayers(markers);
    this.drawn = features.length;
    document.getElementById('drawn-count').textContent = String(features.length);
    document.getElementById('map').dataset.drawn = String(features.length);
  }

  popup(p) {
    const box = document.createElement('div');
    const title = document.createElement('strong');
    title.textContent = (this.lang === 'ar' && p.location_ar) || p.location;
    const line = document.createElement('div');
    line.textContent = `${p.date || this.labels.dateUnknown} · ${p.sub_event_type || p.event_type}`;
    box.append(title, line);
    if (p.geo_precision > 1) {
      const note = document.createElement('em');
      note.textContent = p.geo_precision === 3 ? this.labels.regionLevel : this.labels.nearLevel;
      box.append(note);
    }
    return box;
  }

  focus(id) {
    const layer = this.byId.get(id);
    if (!layer) return;
    if (this.cluster.hasLayer(layer)) {
      this.cluster.zoomToShowLayer(layer, () => layer.openPopup());
    } else {
      this.map.setView(layer.getLatLng(), Math.max(this.map.getZoom(), 10));
      layer.openPopup();
    }
  }

  legend(element) {
    for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
      const row = document.createElement('div');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colour;
      row.append(swatch, document.createTextNode(type));
      element.append(row);
    }
    for (const [cls, text] of [['near', this.labels.nearLevel], ['region', this.labels.regionLevel]]) {
      const row = document.createElement('div');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${cls}`;
      row.append(swatch, document.createTextNode(text));
      element.append(row);
    }
  }
}
