// The configured tile layer (TILE_URL), or none. Without tiles, or after three tile errors (offline, or
// the tile server refuses), `notice` is shown: the map still works, on a plain background.
export function addTiles(map, { tileUrl, tileAttribution }, notice) {
  if (!tileUrl) { notice.hidden = false; return; }
  let failures = 0;
  L.tileLayer(tileUrl, { attribution: tileAttribution, maxZoom: 18 })
    .on('tileerror', () => { failures += 1; if (failures === 3) notice.hidden = false; })
    .addTo(map);
}
