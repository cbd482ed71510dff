// The map's data at any size (incidents/grid.py, /api/map/grid). A small selection arrives as points
// and is drawn by map.js as before. A large one arrives as grid cells counted by the database: each
// cell is a circle sized by its count, its ring the mix of event types, its title the precision mix.
// After a move the view is asked again, by zoom and a bbox rounded outward to the zoom's cells (nearby
// views share a URL, so the browser's cache and the ETag answer them); past the points zoom that
// answer is the points in view.
const CELL_ZOOM_OFFSET = 3; // a cell is 360 / 2^(zoom + 3) degrees: 32 px on screen, as the server's
const MIN_SIZE = 22; // px, the smallest cell circle
const MAX_SIZE = 58;

function cellSize(zoom) { return 360 / 2 ** (zoom + CELL_ZOOM_OFFSET); }

// The view's bounds rounded outward to whole cells (and clamped to the world), as minlon,minlat,maxlon,maxlat.
export function roundedBbox(bounds, zoom) {
  const size = cellSize(zoom);
  const down = (v, lo) => Math.max(lo, Math.floor(v / size) * size);
  const up = (v, hi) => Math.min(hi, Math.ceil(v / size) * size);
  const digits = (v) => Number(v.toFixed(6));
  return [
    down(bounds.getWest(), -180), down(bounds.getSouth(), -90), up(bounds.getEast(), 180), up(bounds.getNorth(), 90),
  ].map(digits).join(',');
}

export class GridView {
  constructor(incidentMap, { labels, colours, otherColour }) {
    this.owner = incidentMap;
    this.map = incidentMap.map;
    this.labels = labels;
    this.colours = colours;
    this.otherColour = otherColour;
    this.layer = L.featureGroup().addTo(this.map);
    this.layer.on('click', (e) => this.zoomInto(e.layer));
    this.whole = null; // the answer for the whole selection (no bbox)
    this.drawn = null; // the answer on the map now
    this.query = '';
    this.generation = 0;
    this.map.on('moveend', () => this.refreshView());
  }

  async get(query) {
    const response = await fetch(`/api/map/grid?${query}`, { headers: { Accept: 'application/json' } });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  }

  // The selection at the current zoom, without a bbox: what the list counts and the map fits.
  async fetch(query) {
    this.generation += 1;
    this.query = query;
    const params = new URLSearchParams(query);
    params.set('zoom', String(this.map.getZoom()));
    this.whole = await this.get(params.toString());
    return this.whole;
  }

  // After a move: nothing to ask when every point of the selection is already drawn, or when the
  // selection's own cells are at this zoom (they cover every view).
  async refreshView() {
    if (!this.whole || (this.whole.mode === 'points' && !this.whole.bbox)) return;
    const zoom = this.map.getZoom();
    if (this.whole.mode === 'cells' && this.whole.zoom === zoom) {
      if (this.drawn !== this.whole) this.owner.draw(this.whole);
      return;
    }
    const mine = ++this.generation;
    const params = new URLSearchParams(this.query);
    params.set('zoom', String(zoom));
    params.set('bbox', roundedBbox(this.map.getBounds(), zoom));
    let data;
    try {
      data = await this.get(params.toString());
    } catch (error) {
      return; // the selection's own answer stays drawn
    }
    if (mine !== this.generation) return;
    this.owner.draw(data);
  }

  // Draws cells (true) or leaves points to map.js (false).
  draw(data) {
    this.clear();
    this.drawn = data;
    if (data.mode !== 'cells') return false;
    // The selection's cells stop at the points zoom's; closer in, the view is asked for its points.
    if (data === this.whole && data.zoom !== this.map.getZoom()) window.setTimeout(() => this.refreshView(), 0);
    const largest = Math.max(1, ...data.n);
    const colours = data.types.map((t) => this.colours[t] || this.otherColour);
    for (let i = data.n.length - 1; i >= 0; i -= 1) { // biggest last: on top, easiest to click
      const size = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(data.n[i] / largest);
      const marker = L.marker([data.lat[i], data.lon[i]], {
        icon: L.divIcon({ className: 'grid-cell', html: this.cellElement(data, i, colours, size), iconSize: [size, size] }),
        keyboard: false,
      });
      marker.cellZoom = data.zoom;
      this.layer.addLayer(marker);
    }
    return true;
  }

  cellElement(data, i, colours, size) {
    const element = document.createElement('div');
    element.className = 'grid-cell-body';
    // The ring: each event type's share of the cell, as a conic gradient (CSSOM, allowed by the CSP).
    let at = 0;
    const stops = [];
    data.by_type[i].forEach((n, t) => {
      if (!n) return;
      const to = at + (360 * n) / data.n[i];
      stops.push(`${colours[t]} ${at.toFixed(1)}deg ${to.toFixed(1)}deg`);
      at = to;
    });
    element.style.background = `conic-gradient(${stops.join(', ')})`;
    element.style.width = `${size}px`;
    element.style.height = `${size}px`;
    const count = document.createElement('span');
    count.className = 'grid-cell-count';
    count.textContent = data.n[i].toLocaleString(document.documentElement.lang || undefined);
    element.append(count);
    const [exact, near, region] = data.by_precision[i];
    element.title = `${count.textContent} ${this.labels.incidents}: ${this.labels.precision1} ${exact}, `
      + `${this.labels.precision2} ${near}, ${this.labels.precision3} ${region}. ${this.labels.gridZoom}`;
    element.dataset.count = String(data.n[i]);
    return element;
  }

  zoomInto(marker) {
    this.map.setView(marker.getLatLng(), Math.min(this.map.getMaxZoom(), marker.cellZoom + 2));
  }

  fit(data) {
    if (!data.n.length) return;
    const bounds = L.latLngBounds(data.lat.map((lat, i) => [lat, data.lon[i]]));
    this.map.fitBounds(bounds.pad(0.1), { maxZoom: 10, animate: false });
  }

  clear() { this.layer.clearLayers(); }
}
