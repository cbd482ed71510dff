// Wires the dashboard: one Selection (the URL), and the map, list, facets, timeline and detail that
// follow it through 'selection:change' and 'incident:open' events.
import { setupAnalysis } from './analysis.js';
import { IncidentMap } from './map.js';
import { Detail, Facets, IncidentList } from './panel.js';
import { DemoSwitch, ListSort, UndatedNote, UnlocatedToggle, applyDemoDefault } from './reach.js';
import { ReviewTools } from './review.js';
import { Selection } from './selection.js';
import { Summary } from './summary.js';
import { Timeline } from './timeline.js';
import { setupReachability } from './ux.js';

const config = JSON.parse(document.getElementById('dashboard-config').textContent);
const labels = JSON.parse(document.getElementById('dashboard-labels').textContent);
const selection = new Selection();
applyDemoDefault(selection, config);
const map = new IncidentMap('map', { config, labels, selection });
const list = new IncidentList(document.getElementById('list'), { labels, config, more: document.getElementById('list-more') });
const facets = new Facets(document.getElementById('facets'), { selection, labels });
const detail = new Detail(document.getElementById('detail'), { labels, config });
const summary = new Summary(document.getElementById('summary'), { selection, labels });
const timeline = new Timeline(document.getElementById('tl-canvas'), { selection, config, labels });
map.legend(document.getElementById('legend'));
const reach = [
  new DemoSwitch(document.getElementById('demo-switch'), { selection, config }),
  new UnlocatedToggle({
    open: document.getElementById('unlocated-open'),
    close: document.getElementById('unlocated-close'),
    head: document.getElementById('unlocated-head'),
  }, { selection }),
  new ListSort(document.getElementById('list-sort'), { selection }),
];
const undated = new UndatedNote(document.getElementById('tl-undated'), { selection, labels });

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
document.getElementById('tl-play').addEventListener('click', (e) => timeline.toggle(e.currentTarget));

function syncInputs() {
  q.value = selection.params.get('q') || '';
  start.value = selection.get('start')[0] || '';
  end.value = selection.get('end')[0] || '';
  for (const control of reach) control.sync();
  const query = selection.query();
  for (const fmt of ['csv', 'geojson', 'html']) {
    document.getElementById(`export-${fmt}`).href = `/export/incidents.${fmt}${query ? `?${query}` : ''}`;
  }
}

let generation = 0;
// The map fits the selection when it opens without a saved position and whenever what is selected
// changes, except the time window: playing or brushing the timeline must not move the map.
let placed = selection.params.get('view') ? selection.query(['start', 'end', 'sort']) : null;
async function refresh() {
  const mine = ++generation;
  syncInputs();
  document.body.dataset.loading = 'true';
  try {
    const points = await map.fetch(selection.query());
    if (mine !== generation) return;
    map.draw(points);
    const what = selection.query(['start', 'end', 'sort']);
    if (what !== placed) map.fit(points);
    placed = what;
    document.getElementById('list-count').removeAttribute('role');
    // The list of incidents without coordinates counts them; the usual list counts what the map draws.
    const listed = selection.params.get('located') === 'no' ? points.unlocated : points.count;
    await Promise.all([
      list.load(selection.query(), listed, points.unlocated), facets.load(), timeline.load(), summary.load(),
    ]);
    undated.update(timeline.data);
  } catch (error) {
    // A filter the server refuses (a mistyped or outdated shared link): say which, keep "Clear filters" usable.
    if (mine !== generation) return;
    map.clear();
    list.clear();
    const head = document.getElementById('list-count');
    head.textContent = error.message;
    head.setAttribute('role', 'alert');
  } finally {
    if (mine === generation) document.body.dataset.loading = 'false';
  }
}

document.addEventListener('selection:change', refresh);
document.addEventListener('incident:open', async (e) => {
  selection.setView('incident', e.detail);
  map.focus(e.detail);
  const incident = await detail.open(e.detail);
  if (incident && incident.id !== e.detail && selection.params.get('incident') === String(e.detail)) {
    selection.setView('incident', incident.id); // a merged-away incident: the link now names the kept one
  }
  if (incident && selection.params.get('incident') === String(incident.id)) map.showPopup(incident);
});
// A status set from the detail changes the list, the facets and the counts.
document.addEventListener('incident:reviewed', () => refresh());
document.addEventListener('incident:close', () => { selection.setView('incident', null); detail.close(); });
new ReviewTools({ selection, labels, config, map, detail }); // Edit, Place it, Next unreviewed for an Editor
setupReachability({ selection, labels, map, detail }); // drawers, skip links, Escape, loading and empty states
setupAnalysis({ map: map.map, selection, labels, config }); // change alerts and ACLED layers

refresh().then(async () => {
  const open = Number(selection.params.get('incident'));
  if (!open) return;
  const incident = await detail.open(open);
  if (incident && incident.id !== open) selection.setView('incident', incident.id);
});
