// "Who says what" in the incident detail: each voice (the cited source, or the outlet speaking for
// itself) with its affiliation and its own figures and accusation, the range across voices, whether
// they agree on the perpetrator, the corroboration level, and the rule the incident's own figure
// follows. From /api/incidents/<id>'s `reconciled` (incidents/corroboration.py) and its claims.
// Every name and figure goes into the DOM as text.
import { term } from './terms.js';

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

// Several text parts in one element, each isolated (an Arabic name in an English line, or the reverse).
function line(cls, ...parts) {
  const p = el('p', null, cls);
  for (const part of parts) p.append(typeof part === 'string' ? document.createTextNode(part) : part);
  return p;
}

export function whoSaysWhat(d, L, lang = document.documentElement.lang) {
  const r = d.reconciled || { voices: [], fatalities: { by_voice: [] }, injured: { by_voice: [] }, perpetrator: { by_voice: [] } };
  const sep = lang === 'ar' ? '، ' : ', ';
  const box = el('section', null, 'voices');
  box.setAttribute('aria-label', L.whoSaysWhat);
  box.append(el('h3', L.whoSaysWhat));

  // A voice's name in the interface language: a known source's translation, or an outlet's Arabic name.
  const arabicOutlet = new Map();
  const via = new Map(); // cited voice → the outlets that quote it
  for (const c of d.claims || []) {
    if (c.outlet_ar) arabicOutlet.set(c.outlet, c.outlet_ar);
    const original = c.article && c.article.republished_from;
    const outlet = original ? original.outlet : c.outlet;
    if (c.cited_source && c.cited_source !== outlet) {
      if (!via.has(c.cited_source)) via.set(c.cited_source, new Set());
      via.get(c.cited_source).add(lang === 'ar' && c.outlet_ar ? c.outlet_ar : c.outlet);
    }
  }
  const name = (voice) => (lang === 'ar' && arabicOutlet.get(voice)) || term(L, voice);

  const level = d.corroboration || r.corroboration || '';
  const levelLine = line('level', el('strong', `${L.corroboration}: `), el('bdi', level ? term(L, level) : '—'));
  if (level && L.levelHelp && L.levelHelp[level]) levelLine.append(document.createTextNode(` — ${L.levelHelp[level]}`));
  levelLine.dataset.level = level;
  box.append(levelLine);

  const killed = new Map(r.fatalities.by_voice.map((f) => [f.voice, f.value]));
  const injured = new Map(r.injured.by_voice.map((f) => [f.voice, f.value]));
  const blames = new Map(r.perpetrator.by_voice.map((p) => [p.voice, p.perpetrator]));
  const list = el('ul', null, 'voice-list');
  for (const v of r.voices) {
    const item = el('li', null, 'voice');
    item.dataset.voice = v.name;
    const head = el('span', null, 'voice-head');
    head.append(el('bdi', name(v.name), 'voice-name'), document.createTextNode(' · '), el('bdi', term(L, v.affiliation) || L.unknown, 'affiliation'));
    if (via.has(v.name)) head.append(document.createTextNode(` (${L.via} `), el('bdi', [...via.get(v.name)].join(sep)), document.createTextNode(')'));
    item.append(head);
    if (v.anonymous) item.append(el('span', L.anonymousVoice, 'anonymous'));
    const says = [];
    if (killed.has(v.name)) says.push(`${killed.get(v.name)} ${L.killed}`);
    if (injured.has(v.name)) says.push(`${injured.get(v.name)} ${L.injured}`);
    if (blames.has(v.name)) says.push(`${L.perpetrator}: ${term(L, blames.get(v.name))}`);
    const claim = el('span', null, 'voice-says');
    for (const [i, s] of (says.length ? says : [L.noFigures]).entries()) {
      if (i) claim.append(document.createTextNode(' · '));
      claim.append(el('bdi', s));
    }
    item.append(claim);
    list.append(item);
  }
  box.append(list);

  // The ranges: lowest and highest, and who said which.
  for (const [key, fig, word] of [['fatalities', r.fatalities, L.killed], ['injured', r.injured, L.injured]]) {
    if (fig.min == null) continue;
    const range = fig.min === fig.max ? String(fig.min) : `${fig.min}–${fig.max}`;
    const who = fig.by_voice.map((f) => `${name(f.voice)} ${f.value}`).join('; ');
    const p = line('range', el('strong', `${word}: `), el('bdi', range), ' (', el('bdi', who), ')');
    p.dataset.figure = key;
    box.append(p);
  }

  const perp = r.perpetrator;
  const said = perp.by_voice.map((p) => `${name(p.voice)}: ${term(L, p.perpetrator)}`).join('; ');
  const agreement = { agreed: L.perpAgreed, disputed: L.perpDisputed, unclaimed: L.perpUnclaimed }[perp.status];
  const perpLine = line(`perpetrator ${perp.status}`, el('strong', agreement));
  if (said) perpLine.append(document.createTextNode(': '), el('bdi', said));
  perpLine.dataset.status = perp.status;
  box.append(perpLine);

  box.append(el('p', L.fatalityRule, 'rule'));
  return box;
}
