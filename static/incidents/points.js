// One canvas for a large selection. At 100 k incidents a Leaflet object per incident is what costs: the
// objects take seconds to build, and every zoom re-projects each of them. This layer keeps the selection
// in typed arrays, projects it once, and redraws what is in view after each move.
// It is as honest about precision as the clustered view: geo_precision 2 is a circle of its uncertainty,
// 3 a dashed area ring, and only an exactly placed incident is a dot.
const TAU = 2 * Math.PI;
const EARTH_CIRCUMFERENCE_M = 40075016.686;
const MAX_LATITUDE = 85.0511287798; // where Web Mercator stops
const KINDS = ['region', 'near', 'dot']; // drawing order: the biggest shapes underneath
const SPRITE_MAX_RADIUS = 64; // px

// geo_precision 3 = region only, 2 = near a place; 1 (the town itself) is a dot.
function kindOf(precision) {
  if (precision === 3) return 0;
  return precision === 2 ? 1 : 2;
}

function pxPerMetreAt(lat) { // at zoom 0
  return 256 / (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180));
}

export const IncidentCanvas = L.Layer.extend({
  options: {
    pane: 'overlayPane',
    colours: [], // a CSS colour per type index
    otherColour: '#455a64',
    dotRadius: 5, // px
    hitTolerance: 3, // px around a dot that still counts as clicking it
    nearRadius: 5000, // m, geo_precision 2
    regionRadius: 25000, // m, geo_precision 3
    padding: 0.1, // drawn beyond the view on each side, so a short drag shows no empty edge
    // A dot's ring and an area's stroke width by corroboration level (map.js passes corroboration.js's;
    // no import here: the HTML export inlines this file as it is).
    ring: () => ({ colour: '#fff', width: 1, dash: null }),
    areaWeight: (level, base) => base,
  },

  // points: parallel arrays, newest incident first: id, lat, lon (degrees), precision, type (an index
  // into options.colours) and, optionally, level (each one's corroboration level: its ring).
  initialize(points, options) {
    L.setOptions(this, options);
    const n = points.id.length;
    this._id = points.id;
    this._lat = points.lat;
    this._lon = points.lon;
    this._colour = Array.from(points.type, (t) => this.options.colours[t] || this.options.otherColour);
    this._level = points.level || new Array(n).fill('');
    // Web Mercator (Leaflet's default CRS, the dashboard's) at zoom 0, in pixels: multiplied by 2^zoom
    // and shifted by the view's corner, that is each point's place on screen.
    this._x = new Float64Array(n);
    this._y = new Float64Array(n);
    this._pxPerMetre = new Float64Array(n); // for the uncertainty circles' radii
    const kinds = new Uint8Array(n);
    const sizes = [0, 0, 0];
    for (let i = 0; i < n; i += 1) {
      const lat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, points.lat[i]));
      const sin = Math.sin((lat * Math.PI) / 180);
      this._x[i] = ((points.lon[i] + 180) / 360) * 256;
      this._y[i] = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256;
      this._pxPerMetre[i] = pxPerMetreAt(lat);
      kinds[i] = kindOf(points.precision[i]);
      sizes[kinds[i]] += 1;
    }
    // The incidents of each kind, newest first (the input order).
    this._groups = KINDS.map((kind, k) => ({ kind, indices: new Int32Array(sizes[k]), size: 0 }));
    for (let i = 0; i < n; i += 1) {
      const group = this._groups[kinds[i]];
      group.indices[group.size] = i;
      group.size += 1;
    }
    this._where = null;
    this._sprites = new Map();
  },

  onAdd() {
    this._canvas = L.DomUtil.create('canvas', 'incident-canvas');
    if (this._zoomAnimated) L.DomUtil.addClass(this._canvas, 'leaflet-zoom-animated');
    this.getPane().appendChild(this._canvas);
    this._redraw();
  },

  onRemove() {
    L.DomUtil.remove(this._canvas);
    this._map.getContainer().style.cursor = '';
  },

  getEvents() {
    const events = {
      viewreset: this._redraw,
      moveend: this._redraw,
      resize: this._redraw,
      click: this._onClick,
      mousemove: this._onMouseMove,
    };
    if (this._zoomAnimated) events.zoomanim = this._animateZoom;
    return events;
  },

  // [lat, lon] of an incident id, or null when it is not in this layer.
  latLngOf(id) {
    if (!this._where) {
      this._where = new Map();
      for (let i = 0; i < this._id.length; i += 1) this._where.set(this._id[i], i);
    }
    const i = this._where.get(id);
    return i === undefined ? null : L.latLng(this._lat[i], this._lon[i]);
  },

  _redraw() {
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    const pad = size.multiplyBy(this.options.padding).round();
    const width = size.x + 2 * pad.x;
    const height = size.y + 2 * pad.y;
    const ratio = window.devicePixelRatio || 1;
    const canvas = this._canvas;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const topLeft = L.point(-pad.x, -pad.y);
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint(topLeft));
    // Kept for the zoom animation, which scales this picture until the next redraw.
    this._bounds = L.latLngBounds(
      map.containerPointToLatLng(topLeft),
      map.containerPointToLatLng(topLeft.add([width, height])),
    );
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const view = this._view(topLeft);
    const centre = map.getCenter().lat;
    for (const group of this._groups) {
      const shown = this._visible(group, view, width, height, centre);
      // Oldest first, so the newest incident is on top; small shapes are stamped from a ready-made
      // picture (without a GPU, rasterising thousands of dashed circles took most of a second), big
      // ones (zoomed far in, few) are paths, one per colour.
      const paths = new Map();
      for (let k = shown.length - 1; k >= 0; k -= 1) {
        const i = shown[k];
        const x = this._x[i] * view.scale - view.left;
        const y = this._y[i] * view.scale - view.top;
        const r = this._radius(group.kind, i, view.scale);
        if (r <= SPRITE_MAX_RADIUS) {
          const sprite = this._sprite(group.kind, this._colour[i], Math.max(1, Math.round(r)), ratio, this._level[i]);
          ctx.drawImage(sprite.canvas, Math.round(x - sprite.half), Math.round(y - sprite.half), sprite.size, sprite.size);
        } else {
          const key = `${this._colour[i]} ${this._level[i]}`;
          if (!paths.has(key)) paths.set(key, { colour: this._colour[i], level: this._level[i], path: new Path2D() });
          const { path } = paths.get(key);
          path.moveTo(x + r, y);
          path.arc(x, y, r, 0, TAU);
        }
      }
      for (const { colour, level, path } of paths.values()) this._paint(ctx, group.kind, colour, path, level);
    }
  },

  // The group's incidents in view, newest first, without those hidden under a newer one: a shape
  // within an eighth of its radius of a newer one of the same kind is the same picture. Incidents share
  // their town's coordinates, so 100 k dots are a few thousand spots on screen.
  _visible(group, view, width, height, centre) {
    const typical = group.kind === 'dot' ? this.options.dotRadius : this._metres(group.kind) * pxPerMetreAt(centre) * view.scale;
    const cell = Math.max(1, typical / 8);
    const margin = 2 * typical;
    const columns = Math.ceil((width + 2 * margin) / cell);
    const cells = this._cells(columns * Math.ceil((height + 2 * margin) / cell));
    const stamp = this._nextStamp();
    const shown = [];
    for (let k = 0; k < group.size; k += 1) {
      const i = group.indices[k];
      const x = this._x[i] * view.scale - view.left;
      const y = this._y[i] * view.scale - view.top;
      const r = this._radius(group.kind, i, view.scale);
      if (x + r < 0 || y + r < 0 || x - r > width || y - r > height) continue;
      const column = Math.floor((x + margin) / cell);
      const c = column + Math.floor((y + margin) / cell) * columns;
      if (column >= 0 && column < columns && c >= 0 && c < cells.length) {
        if (cells[c] === stamp) continue;
        cells[c] = stamp;
      }
      shown.push(i);
    }
    return shown;
  },

  _metres(kind) {
    return kind === 'region' ? this.options.regionRadius : this.options.nearRadius;
  },

  _radius(kind, i, scale) {
    return kind === 'dot' ? this.options.dotRadius : this._metres(kind) * this._pxPerMetre[i] * scale;
  },

  // A grid of "drawn here" marks, reused between redraws: a fresh stamp per pass stands for an empty
  // grid, so it is never cleared.
  _cells(size) {
    if (!this._grid || this._grid.length < size) this._grid = new Uint32Array(size);
    return this._grid;
  },

  _nextStamp() {
    this._stamp = (this._stamp || 0) + 1;
    return this._stamp;
  },

  // Where zoom-0 pixels land: multiply by scale, subtract the corner (in the container's pixels).
  _view(corner) {
    const map = this._map;
    const origin = map.getPixelBounds().min.add(corner);
    return { scale: 2 ** map.getZoom(), left: origin.x, top: origin.y };
  },

  // One circle of a kind, colour, radius (px) and corroboration ring, drawn once and kept for later redraws.
  _sprite(kind, colour, radius, ratio, level = '') {
    const key = `${kind} ${colour} ${radius} ${ratio} ${level}`;
    let sprite = this._sprites.get(key);
    if (!sprite) {
      if (this._sprites.size > 500) this._sprites.clear();
      const size = 2 * radius + 6; // room for the stroke
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(size * ratio);
      canvas.height = canvas.width;
      const ctx = canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      const path = new Path2D();
      path.arc(size / 2, size / 2, radius, 0, TAU);
      this._paint(ctx, kind, colour, path, level);
      sprite = { canvas, half: size / 2, size };
      this._sprites.set(key, sprite);
    }
    return sprite;
  },

  // The styles of the clustered view's Leaflet layers (map.js), for the same meaning.
  _paint(ctx, kind, colour, path, level = '') {
    const ring = this.options.ring(level);
    ctx.setLineDash(kind === 'region' ? [6, 6] : (kind === 'dot' && ring.dash) || []);
    ctx.fillStyle = colour;
    ctx.globalAlpha = { dot: 0.9, near: 0.15, region: 0.05 }[kind];
    ctx.fill(path);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = kind === 'dot' ? ring.colour : colour;
    ctx.lineWidth = kind === 'dot' ? ring.width : this.options.areaWeight(level, kind === 'region' ? 2 : 1);
    ctx.stroke(path);
    ctx.setLineDash([]);
  },

  _animateZoom(e) {
    const scale = this._map.getZoomScale(e.zoom);
    // Leaflet's ImageOverlay does the same: the canvas is a picture of this._bounds.
    const offset = this._map._latLngBoundsToNewLayerBounds(this._bounds, e.zoom, e.center).min;
    L.DomUtil.setTransform(this._canvas, offset, scale);
  },

  // The topmost incident under a container point, or -1: dots first (drawn last), newest first.
  _hit(point) {
    const view = this._view(L.point(0, 0));
    const reach = this.options.dotRadius + this.options.hitTolerance;
    for (let g = this._groups.length - 1; g >= 0; g -= 1) {
      const group = this._groups[g];
      for (let k = 0; k < group.size; k += 1) {
        const i = group.indices[k];
        const dx = this._x[i] * view.scale - view.left - point.x;
        const dy = this._y[i] * view.scale - view.top - point.y;
        const r = group.kind === 'dot' ? reach : Math.max(reach, this._radius(group.kind, i, view.scale));
        if (dx * dx + dy * dy <= r * r) return i;
      }
    }
    return -1;
  },

  _onClick(e) {
    const i = this._hit(e.containerPoint);
    if (i >= 0) this.fire('incidentclick', { id: this._id[i], latlng: L.latLng(this._lat[i], this._lon[i]) });
  },

  // The pointer cursor over an incident, checked once per frame at most.
  _onMouseMove(e) {
    this._pointer = e.containerPoint;
    if (this._pending) return;
    this._pending = L.Util.requestAnimFrame(() => {
      this._pending = null;
      if (!this._map) return;
      this._map.getContainer().style.cursor = this._hit(this._pointer) >= 0 ? 'pointer' : '';
    });
  },
});
