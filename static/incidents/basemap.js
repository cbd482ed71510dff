// The offline basemap, drawn by Leaflet from vendored GeoJSON (static/basemap, see its README): Syria
// and its neighbours, governorate and district outlines, the Euphrates, Tigris and Lake Assad, and town
// names from the gazetteer that appear by rank as one zooms in. Nothing on it is interactive, and it
// looks like paper, not data: grey outlines, blue water, small dark names with a white halo, square town
// dots; incidents are coloured, round and drawn above it. Used by the dashboard, the admin's point
// picker and (inlined) the HTML export, so drawBasemap takes parsed data and never fetches itself.

const PANE = 'basemap';
const LABEL_PANE = 'basemapLabels';
const DISTRICTS_FROM = 7; // district outlines only once a governorate fills a good part of the screen
const GOVERNORATE_NAMES_UNTIL = 8; // governorate names give way to town names when zoomed in
const VILLAGE_ZOOM = 11; // basemap.VILLAGE_ZOOM: from here on the view's villages are named too

const COUNTRY_STYLE = {
  country: { color: '#5f5a50', weight: 1.6, fillColor: '#f6f3ea', fillOpacity: 1 },
  neighbour: { color: '#a29d92', weight: 1, fillColor: '#e3e0d8', fillOpacity: 1 },
  occupied_area: { color: '#7a7466', weight: 1, dashArray: '4 3', fill: false },
  un_buffer_zone: { color: '#7a7466', weight: 0.8, dashArray: '1 3', fill: false },
};
const DISTRICT_STYLE = { color: '#c2b9a6', weight: 0.7, fill: false };
const GOVERNORATE_STYLE = { color: '#8f8676', weight: 1.3, fill: false };
const WATER = '#6a9fcf';
const SEA = '#c9dceb';
const DATA_BOX = [[31.5, 34.5], [38.5, 43.5]];
const LAKE_STYLE = { color: WATER, weight: 0.8, fillColor: '#b7d2ea', fillOpacity: 1 };

function riverStyle(feature) {
  const main = feature.properties.in_syria;
  return { color: WATER, weight: main ? 2.2 : 1.2, opacity: main ? 0.95 : 0.7, lineCap: 'round' };
}

// A name on the map: a plain positioned div in the labels pane. Not an L.Marker, so nothing that looks
// for markers (.leaflet-marker-icon) mistakes a town name for an incident or the picker's pin.
const TextLabel = L.Layer.extend({
  initialize(latlng, text, className) {
    this.latlng = L.latLng(latlng);
    this.text = text;
    this.className = className;
  },
  onAdd(map) {
    this.el = L.DomUtil.create('div', `${this.className} leaflet-zoom-animated`, map.getPane(LABEL_PANE));
    const name = L.DomUtil.create('span', 'bm-name', this.el);
    name.textContent = this.text; // gazetteer text: never HTML
    this.place();
  },
  onRemove() {
    this.el.remove();
    this.el = null;
  },
  getEvents() {
    return { viewreset: this.place, zoomend: this.place, zoomanim: this.animate };
  },
  place() {
    if (this.el) L.DomUtil.setPosition(this.el, this._map.latLngToLayerPoint(this.latlng).round());
  },
  animate(e) {
    if (this.el) L.DomUtil.setPosition(this.el, this._map._latLngToNewLayerPoint(this.latlng, e.zoom, e.center).round());
  },
});

function label(latlng, text, className) {
  return new TextLabel(latlng, text, className);
}

function nameIn(props, lang) {
  return (lang === 'ar' && props.name_ar) || props.name_en;
}

// layers: {country, districts, governorates, rivers} as parsed GeoJSON (any may be missing);
// towns: {fields, towns: [[lat, lon, name_en, name_ar, zoom], …]}. Returns the basemap's layer group.
// villagesIn(bounds), if given, returns a promise of more towns (same shape) in a view: once zoomed in
// to VILLAGE_ZOOM the villages of the view are named too.
export function drawBasemap(map, layers, towns, { lang = 'en', attribution = '', villagesIn = null } = {}) {
  if (!map.getPane(PANE)) {
    map.createPane(PANE).style.zIndex = 250; // above tiles (200), under incidents (400)
    map.createPane(LABEL_PANE).style.zIndex = 350;
  }
  map.getContainer().classList.add('basemap-on');
  const renderer = L.svg({ pane: PANE, padding: 0.5 });
  const base = { renderer, interactive: false, pane: PANE };
  const group = L.layerGroup().addTo(map);
  // The layers cover this box only (see static/basemap/README.md). The sea is not a feature, so the
  // box is drawn in the sea's colour and the world beyond it stays a neutral "no data" grey.
  L.rectangle(DATA_BOX, { ...base, stroke: false, fillColor: SEA, fillOpacity: 1, className: 'bm-sea' }).addTo(group);
  if (layers.country) {
    L.geoJSON(layers.country, {
      ...base,
      style: (f) => ({ ...COUNTRY_STYLE[f.properties.role] || COUNTRY_STYLE.neighbour, className: `bm-${f.properties.role}` }),
    }).addTo(group);
  }
  if (layers.districts) {
    L.geoJSON(layers.districts, { ...base, style: { ...DISTRICT_STYLE, className: 'bm-district' } }).addTo(group);
  }
  if (layers.governorates) {
    L.geoJSON(layers.governorates, { ...base, style: { ...GOVERNORATE_STYLE, className: 'bm-governorate' } }).addTo(group);
  }
  if (layers.rivers) {
    // The lake centerline repeats the Euphrates across Lake Assad's polygon: draw the lake instead.
    L.geoJSON(layers.rivers, {
      ...base,
      filter: (f) => f.properties.kind !== 'lake_centerline',
      style: (f) => (f.properties.kind === 'lake'
        ? { ...LAKE_STYLE, className: 'bm-lake' }
        : { ...riverStyle(f), className: 'bm-river' }),
    }).addTo(group);
  }

  // Names, in priority order: the largest towns, then governorate names, then smaller towns. Each is
  // shown from its zoom on, unless it would overlap a name already placed (greedy, as on paper maps).
  const names = [];
  const known = new Set();
  const townNames = (rows) => {
    const out = [];
    for (const [lat, lon, nameEn, nameAr, zoom] of rows || []) {
      const key = `${lat},${lon}`;
      if (known.has(key)) continue;
      known.add(key);
      const text = (lang === 'ar' && nameAr) || nameEn;
      const size = zoom <= 6 ? 13 : 11;
      out.push({ latlng: L.latLng(lat, lon), text, zoom, until: 99, size, below: true, className: `bm-label bm-town bm-rank-${zoom}` });
    }
    return out;
  };
  names.push(...townNames(towns && towns.towns));
  const govFirst = names.findIndex((n) => n.zoom > 6);
  const govNames = ((layers.governorates && layers.governorates.features) || []).map((f) => ({
    latlng: L.latLng(f.properties.label_lat, f.properties.label_lon),
    text: nameIn(f.properties, lang),
    zoom: 0,
    until: GOVERNORATE_NAMES_UNTIL,
    size: 11,
    below: false,
    className: 'bm-label bm-gov',
  }));
  names.splice(govFirst < 0 ? names.length : govFirst, 0, ...govNames);
  const labels = L.layerGroup().addTo(group);
  for (const n of names) n.marker = label(n.latlng, n.text, n.className);
  // Villages, fetched per view once zoomed in; they come last, so towns keep their place.
  let asked = 0;
  async function addVillages() {
    if (!villagesIn || map.getZoom() < VILLAGE_ZOOM) return;
    const mine = ++asked;
    const more = await villagesIn(map.getBounds().pad(0.25)).catch(() => null);
    if (mine !== asked || !more) return;
    for (const n of townNames(more.towns)) {
      n.marker = label(n.latlng, n.text, n.className);
      names.push(n);
    }
    placeNames(map.getZoom());
    map.getContainer().dataset.basemapVillages = String(names.length);
  }

  function placeNames(z) {
    const placed = [];
    for (const n of names) {
      let show = z >= n.zoom && z <= n.until;
      if (show) {
        const p = map.project(n.latlng, z);
        const w = n.text.length * n.size * 0.62 + 8;
        const top = n.below ? p.y - 4 : p.y - n.size;
        const box = [p.x - w / 2, top, p.x + w / 2, top + n.size * 1.4 + 6];
        show = !placed.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]);
        if (show) placed.push(box);
      }
      if (show && !labels.hasLayer(n.marker)) labels.addLayer(n.marker);
      else if (!show && labels.hasLayer(n.marker)) labels.removeLayer(n.marker);
    }
  }

  function follow() {
    const z = map.getZoom();
    map.getContainer().classList.toggle('bm-districts-off', z < DISTRICTS_FROM);
    placeNames(z);
    map.getContainer().dataset.basemapZoom = String(z);
  }
  map.on('zoomend', follow);
  map.on('moveend', addVillages);
  follow();
  addVillages();
  if (attribution && map.attributionControl) map.attributionControl.addAttribution(attribution);
  return group;
}

// Fetch the layers and towns named in `config` (basemap.client_config() on the server), then draw.
// The layer files are static and cached; a failed layer is left out rather than failing the map.
export async function addBasemap(map, config, { lang = document.documentElement.lang } = {}) {
  const get = (url) => fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  const names = Object.keys(config.layers);
  const [towns, ...files] = await Promise.all([get(config.towns), ...names.map((n) => get(config.layers[n]))]);
  if (files.every((f) => !f)) throw new Error('basemap layers unavailable');
  const layers = Object.fromEntries(names.map((n, i) => [n, files[i]]));
  const villagesIn = (b) => get(`${config.towns}?bbox=${[b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(3)).join(',')}`);
  const group = drawBasemap(map, layers, towns, { lang, attribution: config.attribution, villagesIn });
  map.getContainer().dataset.basemap = 'drawn';
  return group;
}
