// Wires the dashboard: one Selection (the URL), and the map, list, facets, timeline and detail that
// follow it through 'selection:change' and 'incident:open' events.
import { IncidentMap } from './map.js';
import { Detail, Facets, IncidentList } from './panel.js';
import { Selection } from './selection.js';
import { Timeline } from './timeline.js';
import { Drawers, EmptyState, busy, skipLinks } from './ux.js';

function timelineControls() {
  const byId = (id) => document.getElementById(id);
  return {
    root: byId('timeline'), readout: byId('tl-window'), zoom: byId('tl-zoom'), zoomOut: byId('tl-zoom-out'),
    play: byId('tl-play'), stop: byId('tl-stop'), step: byId('tl-step'), speed: byId('tl-speed'),
  };
}

const config = JSON.parse(document.getElementById('dashboard-config').textContent);
const labels = JSON.parse(document.getElementById('dashboard-labels').textContent);
const selection = new Selection();
const map = new IncidentMap('map', { config, labels, selection });
const list = new IncidentList(document.getElementById('list'), { labels, more: document.getElementById('list-more') });
const facets = new Facets(document.getElementById('facets'), { selection, labels });
const detail = new Detail(document.getElementById('detail'), { labels });
const timeline = new Timeline(document.getElementById('tl-canvas'), {
  selection, config, labels, controls: timelineControls(),
});
map.legend(document.getElementById('legend'));
// The map's box changes without a window resize (the detail widens its column, the timeline's
// controls wrap on a phone): Leaflet must know, or its centre and clicks are off by the difference.
new ResizeObserver(() => map.map.invalidateSize()).observe(document.getElementById('map'));
const drawers = new Drawers();
skipLinks(drawers);
const empty = new EmptyState(document.getElementById('empty'), { selection, labels });

const q = document.getElementById('f-q');
const start = document.getElementById('f-start');
const end = document.getElementById('f-end');
let typing;
q.addEventListener('input', () => {
  window.clearTimeout(typing);
  typing = window.setTimeout(() => selection.setMany({ q: q.value.trim() }), 300);
});
start.addEventListener('change', () => selection.setMany({ start: start.value }));
end.addEventListener('change', () => selection.setMany({ end: end.value }));
document.getElementById('f-reset').addEventListener('click', () => { timeline.stop(); selection.clear(); });
for (const button of document.querySelectorAll('[data-window]')) {
  button.addEventListener('click', () => timeline.quick(button.dataset.window));
}

function syncInputs() {
  q.value = selection.params.get('q') || '';
  start.value = selection.get('start')[0] || '';
  end.value = selection.get('end')[0] || '';
  const query = selection.query();
  for (const fmt of ['csv', 'geojson', 'html']) {
    document.getElementById(`export-${fmt}`).href = `/export/incidents.${fmt}${query ? `?${query}` : ''}`;
  }
}

let generation = 0;
async function refresh() {
  const mine = ++generation;
  syncInputs();
  busy(true);
  empty.hide();
  try {
    const points = await map.fetch(selection.query());
    if (mine !== generation) return;
    map.draw(points);
    document.getElementById('list-count').removeAttribute('role');
    document.getElementById('list-toggle-count').textContent = String(points.count);
    await Promise.all([
      list.load(selection.query(), points.count, points.unlocated), facets.load(), timeline.load(),
    ]);
    if (points.count + points.unlocated === 0) await showEmpty(mine);
  } catch (error) {
    // A filter the server refuses (a mistyped or outdated shared link): say which, keep "Clear filters" usable.
    if (mine !== generation) return;
    map.clear();
    list.clear();
    const head = document.getElementById('list-count');
    head.textContent = error.message;
    head.setAttribute('role', 'alert');
  } finally {
    if (mine === generation) busy(false);
  }
}

// Nothing matches: say which filter did it, on the map and at the head of the list.
async function showEmpty(mine) {
  const summary = await empty.show();
  if (summary && mine === generation) document.getElementById('list-count').textContent = summary;
}

document.addEventListener('selection:change', refresh);
// On a phone the detail lives in the list drawer: opening an incident from the map opens the drawer,
// and closing the detail closes it again.
let drawerForDetail = false;
document.addEventListener('incident:open', async (e) => {
  if (drawers.phone && drawers.current() !== 'side') {
    drawerForDetail = true;
    drawers.open('side', document.activeElement, false);
  }
  selection.setView('incident', e.detail);
  map.focus(e.detail);
  const incident = await detail.open(e.detail);
  if (incident && selection.params.get('incident') === String(incident.id)) map.showPopup(incident);
});
document.addEventListener('incident:close', () => {
  selection.setView('incident', null);
  if (drawerForDetail) drawers.close(false);
  drawerForDetail = false;
  detail.close();
});
// Escape closes the incident detail, else an open drawer (the timeline's own Escape comes first).
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || e.defaultPrevented) return;
  if (detail.isOpen) { e.preventDefault(); document.dispatchEvent(new CustomEvent('incident:close')); }
  else if (drawers.current()) { e.preventDefault(); drawers.close(); }
});

refresh().then(() => {
  const open = Number(selection.params.get('incident'));
  if (open) detail.open(open, { focus: false });
});
