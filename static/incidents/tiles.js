// The configured tile layer (TILE_URL), or none. Without tiles, or after three tile errors (offline, or
// the tile server refuses), `fallback` draws the offline basemap (basemap.js); `notice` is shown only
// when there is no fallback or it fails: the map still works, on a plain background.
export function addTiles(map, { tileUrl, tileAttribution }, notice, fallback) {
  let fellBack = false;
  const withoutTiles = () => {
    if (fellBack) return;
    fellBack = true;
    if (!fallback) { notice.hidden = false; return; }
    Promise.resolve().then(fallback).catch(() => { notice.hidden = false; });
  };
  if (!tileUrl) { withoutTiles(); return; }
  let failures = 0;
  const tiles = L.tileLayer(tileUrl, { attribution: tileAttribution, maxZoom: 18 })
    .on('tileerror', () => {
      failures += 1;
      if (failures === 3) { tiles.remove(); withoutTiles(); }
    })
    .addTo(map);
}
