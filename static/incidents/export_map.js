// The standalone HTML export's drawing (incidents/exports.py inlines this file after basemap.js and
// points.js into one inline module script, so drawBasemap and IncidentCanvas are in scope and nothing
// is fetched). Everything it draws comes
// from JSON blocks that exports.py wrote after folium rendered the page; text goes into the DOM with
// textContent only, so a hostile place name stays a name.
/* global drawBasemap, IncidentCanvas, ringOf, areaWeight */

const NEAR_RADIUS_M = 5000; // as the dashboard (map.js): "near" places are circles of their uncertainty
const REGION_RADIUS_M = 25000; // region-only places are dashed area rings, never a fake exact point
const SVG_LIMIT = 5000; // above this many, the dashboard's one canvas (points.js) draws them all

function readJSON(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

function showPopup(map, popup, latlng, row, meta) {
  popup.setLatLng(latlng).setContent(popupContent(row, meta)).openOn(map);
}

// Many incidents: typed arrays on one canvas, as the dashboard draws 100 k (a Leaflet object each
// would take seconds to build and to redraw on every move).
function drawOnCanvas(map, rows, meta) {
  const f = meta.fields;
  const n = rows.length;
  const points = {
    id: new Int32Array(n), lat: new Float64Array(n), lon: new Float64Array(n), precision: new Uint8Array(n), type: new Int16Array(n),
    level: new Array(n),
  };
  const bounds = L.latLngBounds([]);
  for (let i = 0; i < n; i += 1) {
    const row = rows[i];
    points.id[i] = i;
    points.lat[i] = row[f.lat];
    points.lon[i] = row[f.lon];
    points.precision[i] = row[f.precision];
    points.type[i] = row[f.type];
    points.level[i] = row[f.level];
    bounds.extend([row[f.lat], row[f.lon]]);
  }
  const popup = L.popup({ autoPanPadding: [40, 40] });
  new IncidentCanvas(points, {
    colours: meta.colours, otherColour: meta.otherColour, nearRadius: NEAR_RADIUS_M, regionRadius: REGION_RADIUS_M,
    ring: ringOf, areaWeight,
  }).on('incidentclick', (e) => showPopup(map, popup, e.latlng, rows[e.id], meta)).addTo(map);
  return bounds;
}

function drawIncidents(map, rows, meta) {
  if (rows.length > SVG_LIMIT) return drawOnCanvas(map, rows, meta);
  const renderer = L.svg({ padding: 0.3 });
  const areas = L.featureGroup().addTo(map);
  const dots = L.featureGroup().addTo(map);
  const bounds = L.latLngBounds([]);
  const f = meta.fields;
  // Oldest first (rows come newest first), so the newest incident is drawn on top.
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const row = rows[i];
    const latlng = [row[f.lat], row[f.lon]];
    const colour = meta.colours[row[f.type]] || meta.otherColour;
    const precision = row[f.precision];
    const level = row[f.level] || '';
    let layer;
    // As on the dashboard (map.js): the ring around a dot, or an area's stroke width, is its
    // corroboration level; the class names it too (the export's test reads it).
    if (precision === 2) {
      layer = L.circle(latlng, {
        renderer, radius: NEAR_RADIUS_M, color: colour, weight: areaWeight(level, 1), fillOpacity: 0.15, className: `incident incident-near level-${level || 'none'}`,
      });
      areas.addLayer(layer);
    } else if (precision === 3) {
      layer = L.circle(latlng, {
        renderer, radius: REGION_RADIUS_M, color: colour, weight: areaWeight(level, 2), dashArray: '6 6', fillOpacity: 0.05, className: `incident incident-region level-${level || 'none'}`,
      });
      areas.addLayer(layer);
    } else {
      const ring = ringOf(level);
      layer = L.circleMarker(latlng, {
        renderer, radius: 6, color: ring.colour, weight: ring.width, dashArray: ring.dash ? ring.dash.join(' ') : null,
        fillColor: colour, fillOpacity: 0.9, className: `incident incident-point level-${level || 'none'}`,
      });
      dots.addLayer(layer);
    }
    layer.row = row;
    bounds.extend(latlng);
  }
  const popup = L.popup({ autoPanPadding: [40, 40] });
  for (const group of [areas, dots]) {
    group.on('click', (e) => showPopup(map, popup, e.latlng, e.layer.row, meta));
  }
  return bounds;
}

function popupContent(row, meta) {
  const f = meta.fields;
  const box = document.createElement('div');
  box.className = 'incident-popup';
  box.dir = meta.lang === 'ar' ? 'rtl' : 'ltr';
  const title = document.createElement('strong');
  title.textContent = (meta.lang === 'ar' && row[f.name_ar]) || row[f.location] || meta.labels.unknown;
  const line = document.createElement('div');
  const kind = row[f.sub_type] || meta.typeNames[row[f.type]] || '';
  line.textContent = [row[f.date] || meta.labels.dateUnknown, kind].filter(Boolean).join(' · ');
  box.append(title, line);
  if (row[f.fatalities]) {
    const killed = document.createElement('div');
    killed.textContent = `${row[f.fatalities]} ${meta.labels.killed}`;
    box.append(killed);
  }
  if (row[f.level] && meta.levelNames[row[f.level]]) {
    const level = document.createElement('div');
    level.className = 'level';
    level.textContent = meta.levelNames[row[f.level]];
    box.append(level);
  }
  if (row[f.precision] > 1) {
    const note = document.createElement('em');
    note.textContent = row[f.precision] === 3 ? meta.labels.regionLevel : meta.labels.nearLevel;
    box.append(note);
  }
  return box;
}

const meta = readJSON('incident-map-meta');
const map = window[meta.map];
const basemap = readJSON('incident-map-basemap');
drawBasemap(map, basemap.layers, basemap.towns, { lang: meta.lang, attribution: basemap.attribution });
const bounds = drawIncidents(map, readJSON('incident-map-data'), meta);
if (bounds.isValid()) map.fitBounds(bounds.pad(0.1), { maxZoom: 11, animate: false });
document.body.dataset.drawn = 'true';
