// The admin's point picker: a Leaflet map over a form's plain lat/lon inputs.
// Click the map, drag the marker or use Leaflet.draw's marker tool to set the point; typing coordinates
// moves the marker; the search box finds gazetteer places by Arabic or English name. Text from the
// gazetteer goes into the DOM with textContent only.

import { addBasemap } from '../basemap.js';
import { addTiles } from '../tiles.js';

const DIGITS = 5; // ~1 m: more than any source's precision

class PointPicker {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.lat = document.getElementById(config.lat);
    this.lon = document.getElementById(config.lon);
    this.place = config.place ? document.getElementById(config.place) : null;
    this.marker = null;
    this.map = L.map(root.querySelector('.pp-map'), { minZoom: 3, maxZoom: 18 });
    root.pickerMap = this.map; // for the browser tests, which need to turn pixels into coordinates
    addTiles(this.map, config, root.querySelector('.pp-notice'), () => addBasemap(this.map, config.basemap));
    this.addCandidates(config.candidates || []);
    this.addDrawControl();
    const start = this.current();
    if (start) {
      this.setMarker(start, { write: false });
      this.map.setView(start, 12);
    } else if (this.candidateLayer) {
      // open where the article's other places are, when it has any; else over the candidates
      const around = this.contextBounds.isValid() ? this.contextBounds : this.candidateLayer.getBounds();
      this.map.fitBounds(around.pad(0.5), { maxZoom: 10 });
    } else {
      this.map.setView(config.center, config.zoom);
    }
    this.map.on('click', (e) => this.setMarker(e.latlng));
    for (const input of [this.lat, this.lon]) {
      input?.addEventListener('change', () => {
        const point = this.current();
        if (point) { this.setMarker(point, { write: false }); this.map.panTo(point); }
      });
    }
    root.querySelector('.pp-clear').addEventListener('click', () => this.clear());
    this.wireSearch();
  }

  addCandidates(candidates) {
    if (!candidates.length) return;
    this.candidateLayer = L.featureGroup().addTo(this.map);
    this.contextBounds = L.latLngBounds([]);
    for (const c of candidates) {
      // candidates in blue; the article's other places (context) in grey, for orientation
      const style = c.role === 'context'
        ? { radius: 5, color: '#607d8b', weight: 1, fillOpacity: 0.5, className: 'pp-context' }
        : { radius: 7, color: '#1565c0', weight: 2, fillOpacity: 0.4, className: 'pp-candidate' };
      const circle = L.circleMarker([c.lat, c.lon], style);
      if (c.role === 'context') this.contextBounds.extend([c.lat, c.lon]);
      const label = document.createElement('span');
      label.textContent = [c.name_en, c.name_ar].filter(Boolean).join(' / ');
      circle.bindTooltip(label, { direction: 'top', permanent: c.role === 'context' }).addTo(this.candidateLayer);
    }
  }

  addDrawControl() {
    if (!L.Control.Draw) return;
    const draw = new L.Control.Draw({
      position: 'topleft',
      draw: { marker: true, polyline: false, polygon: false, rectangle: false, circle: false, circlemarker: false },
      edit: false,
    });
    this.map.addControl(draw);
    this.map.on(L.Draw.Event.CREATED, (e) => this.setMarker(e.layer.getLatLng()));
  }

  current() {
    const lat = parseFloat(this.lat?.value);
    const lon = parseFloat(this.lon?.value);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    return L.latLng(lat, lon);
  }

  setMarker(latlng, { write = true } = {}) {
    if (!this.marker) {
      this.marker = L.marker(latlng, { draggable: true, autoPan: true, keyboard: true, title: 'point' })
        .on('dragend', () => this.write(this.marker.getLatLng()))
        .addTo(this.map);
    } else {
      this.marker.setLatLng(latlng);
    }
    if (write) this.write(latlng);
  }

  write(latlng) {
    const wrapped = latlng.wrap();
    this.lat.value = wrapped.lat.toFixed(DIGITS);
    this.lon.value = wrapped.lng.toFixed(DIGITS);
    for (const input of [this.lat, this.lon]) input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  clear() {
    if (this.marker) { this.marker.remove(); this.marker = null; }
    this.lat.value = '';
    this.lon.value = '';
  }

  wireSearch() {
    const input = this.root.querySelector('.pp-query');
    const list = this.root.querySelector('.pp-results');
    let timer = null;
    let asked = '';
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        asked = q;
        if (q.length < 2) { list.hidden = true; list.replaceChildren(); return; }
        const response = await fetch(`${this.config.searchUrl}?q=${encodeURIComponent(q)}`, {
          headers: { Accept: 'application/json' }, credentials: 'same-origin',
        });
        if (!response.ok || asked !== q) return;
        const { results } = await response.json();
        list.replaceChildren(...results.map((r) => this.resultItem(r, list, input)));
        if (!results.length) {
          const li = document.createElement('li');
          li.className = 'pp-none';
          li.textContent = '—';
          list.append(li);
        }
        list.hidden = false;
      }, 200);
    });
  }

  resultItem(result, list, input) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pp-result';
    button.dataset.placeId = result.id;
    const name = document.createElement('strong');
    name.textContent = [result.name_en, result.name_ar].filter(Boolean).join(' / ');
    const path = document.createElement('small');
    path.textContent = result.admin_path ? ` ${result.admin_path}` : '';
    button.append(name, path);
    button.addEventListener('click', () => {
      const point = L.latLng(result.lat, result.lon);
      this.setMarker(point);
      this.map.setView(point, 12);
      if (this.place) this.place.value = result.id;
      for (const [key, id] of Object.entries(this.config.fill || {})) {
        const field = document.getElementById(id);
        if (field && key in result) field.value = result[key] ?? '';
      }
      this.root.dispatchEvent(new CustomEvent('picker:place', { detail: result, bubbles: true }));
      list.hidden = true;
      input.value = name.textContent;
    });
    li.append(button);
    return li;
  }
}

for (const root of document.querySelectorAll('[data-point-picker]')) {
  if (root.pickerMap) continue;
  const config = JSON.parse(document.getElementById(root.dataset.pointPicker).textContent);
  new PointPicker(root, config);
}
