// Corroboration levels (incidents/corroboration.py), weakest first, and the ring the map draws around
// an incident for each: a white hairline for a single voice (the usual dot), then a darker and thicker
// ring as more independent voices agree, dashed when a party's own statement confirms it. The fill
// stays the event type's colour and the shape stays the precision's, so the three cues do not mix.
export const LEVELS = ['single', 'one_affiliation', 'cross_affiliation', 'party_confirmed'];

export const RINGS = {
  single: { colour: '#fff', width: 1, dash: null },
  one_affiliation: { colour: '#37474f', width: 2, dash: null },
  cross_affiliation: { colour: '#000', width: 3, dash: null },
  party_confirmed: { colour: '#000', width: 3, dash: [3, 2] },
};
const NO_LEVEL = RINGS.single;

export function ringOf(level) {
  return RINGS[level] || NO_LEVEL;
}

// Uncertainty circles (near / region only) keep their type colour; corroboration adds to their width.
export function areaWeight(level, base) {
  return base + Math.max(0, ringOf(level).width - 1);
}
