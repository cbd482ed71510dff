"""Score the geoparser on the evaluation set: detection, resolution, end-to-end, wrong placements.

    .venv/bin/python manage.py extract eval/reports/test --format jsonl --gazetteer files > /tmp/pred.jsonl
    .venv/bin/python eval/score.py /tmp/pred.jsonl [--split test] [--misses]

(`make eval` runs both for the dev and the test split.) Plain Python: it reads the gold files and the
predictions and imports nothing of the project's but the Arabic folding, so names are compared the way
the extractor reads them.

What is counted (see eval/README.md):
- A predicted incident place is the set of `places[]` with role "incident" that share one gazetteer
  place (or, unresolved, one spelling). It matches a gold incident place when one of its spellings
  equals one of the gold spellings after folding, removing proclitics (و ف ب ل ك) and the article ال,
  or when one is a whole-word part of the other ("الجرذي" / "الجرذي الشرقي").
- Detection (by name): precision, recall and F1 of predicted against gold incident places. A predicted
  place that matches a gold *background* place or region is a false place too (listed as a role error).
- Resolution, over the detected gold places that have reference coordinates: right (placed within
  5 km), unresolved (no coordinates), wrong (placed further away).
- End-to-end within 5 km: precision = predicted places on the map that are right / predicted places
  on the map (those matching a gold place without reference coordinates cannot be judged and are left
  out); recall = gold places with coordinates that are placed right / gold places with coordinates.
- Wrong placements: placed incident places more than 5 km from their gold place, as a share of the
  placed places that matched a gold place with coordinates.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.extraction.normalise import normalise_ar  # noqa: E402  (plain Python, no Django)

RIGHT_KM = 5.0
_PROCLITIC = re.compile(r"^(?:و|ف|ب|ل|ك|وب|ول|وك|فب|فل)(?=ال)|^(?:و|ف|ب|ك)(?=\w{3,})")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|as|ad|ash|az|ar|at|an|ath|adh)\s+")


def name_forms(surface: str) -> set[str]:
    """Comparable forms of a spelling: folded, without proclitics, with and without the article."""
    s = normalise_ar(surface).strip(" “”\"«»'()[]،,.")
    forms = {s}
    if re.match(r"[\u0621-\u064a]", s):
        bare = s
        if bare.startswith("لل"):
            bare = "ال" + bare[2:]
        forms.add(bare)
        stripped = _PROCLITIC.sub("", bare)
        forms.add(stripped)
        for f in list(forms):
            if f.startswith("ال") and len(f) > 4:
                forms.add(f[2:])
    else:
        forms.add(_LATIN_ARTICLE.sub("", s))
        forms.add(s.replace(" ", ""))
    return {f for f in forms if len(f) >= 2}


def names_match(a: set[str], b: set[str]) -> bool:
    if a & b:
        return True
    for x in a:
        for y in b:
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= 4 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_):
                return True
    return False


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, a)))


def predicted_places(prediction: dict) -> list[dict]:
    """The article's predicted incident places: mentions grouped by their gazetteer place or spelling."""
    groups: dict[tuple, dict] = {}
    for m in prediction["places"]:
        if m["role"] != "incident":
            continue
        key = (m["name_en"], m["lat"], m["lon"]) if m["resolved"] else ("?", normalise_ar(m["mention"]))
        g = groups.setdefault(
            key, {"surfaces": [], "lat": m["lat"], "lon": m["lon"], "name_en": m["name_en"], "low": False}
        )
        g["surfaces"].append(m["mention"])
        g["low"] = g["low"] or m.get("confidence") == "low"
    for g in groups.values():
        g["forms"] = set().union(*(name_forms(s) for s in g["surfaces"]))
    return list(groups.values())


def score_report(gold_doc: dict, prediction: dict) -> dict:
    gold = gold_doc["gold"]
    gold_places = [
        dict(g, forms=set().union(*(name_forms(s) for s in g["surface"]))) for g in gold["incident_places"]
    ]
    other = [
        set().union(*(name_forms(s) for s in g["surface"]))
        for g in gold.get("background_places", []) + gold.get("incident_regions", [])
    ]
    preds = predicted_places(prediction)
    out = defaultdict(list)
    matched_gold: dict[int, list[dict]] = defaultdict(list)
    for p in preds:
        hits = [i for i, g in enumerate(gold_places) if names_match(p["forms"], g["forms"])]
        if hits:
            for i in hits:
                matched_gold[i].append(p)
            p["gold"] = [gold_places[i] for i in hits]
        else:
            p["gold"] = []
            kind = "role" if any(names_match(p["forms"], o) for o in other) else "false"
            out["false_places"].append((kind, p))
    for i, g in enumerate(gold_places):
        if i not in matched_gold:
            out["misses"].append(g)
            continue
        out["detected"].append(g)
        if g["lat"] is None:
            continue
        placed = [p for p in matched_gold[i] if p["lat"] is not None]
        if not placed:
            out["unresolved"].append(g)
            continue
        best = min(placed, key=lambda p: km(g["lat"], g["lon"], p["lat"], p["lon"]))
        d = km(g["lat"], g["lon"], best["lat"], best["lon"])
        (out["right"] if d <= RIGHT_KM else out["wrong"]).append((g, best, d))
    # end to end: dots on the map
    for p in preds:
        if p["lat"] is None:
            continue
        judged = [g for g in p["gold"] if g["lat"] is not None]
        if p["gold"] and not judged:
            continue  # matches a place with no reference coordinates: cannot be judged
        ok = any(km(g["lat"], g["lon"], p["lat"], p["lon"]) <= RIGHT_KM for g in judged)
        out["map_right" if ok else "map_wrong"].append(p)
    out["gold_with_coords"] = [g for g in gold_places if g["lat"] is not None]
    out["n_gold"] = gold_places
    out["n_pred"] = preds
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(results: list[dict]) -> dict:
    n = defaultdict(int)
    for r in results:
        n["gold"] += len(r["n_gold"])
        n["pred"] += len(r["n_pred"])
        n["detected"] += len(r["detected"])
        n["false"] += len(r["false_places"])
        n["right"] += len(r["right"])
        n["unresolved"] += len(r["unresolved"])
        n["wrong"] += len(r["wrong"])
        n["wrong_silent"] += sum(1 for _g, p, _d in r["wrong"] if not p["low"])
        n["right_low"] += sum(1 for _g, p, _d in r["right"] if p["low"])
        n["gold_coords"] += len(r["gold_with_coords"])
        n["map_right"] += len(r["map_right"])
        n["map_wrong"] += len(r["map_wrong"])
    # detection: predicted places matching some gold place are true positives (one per prediction)
    tp_pred = n["pred"] - n["false"]
    det_p = tp_pred / n["pred"] if n["pred"] else 0.0
    det_r = n["detected"] / n["gold"] if n["gold"] else 0.0
    det_f = 2 * det_p * det_r / (det_p + det_r) if det_p + det_r else 0.0
    e2e_p = n["map_right"] / (n["map_right"] + n["map_wrong"]) if n["map_right"] + n["map_wrong"] else 0.0
    e2e_r = n["right"] / n["gold_coords"] if n["gold_coords"] else 0.0
    e2e_f = 2 * e2e_p * e2e_r / (e2e_p + e2e_r) if e2e_p + e2e_r else 0.0
    judged = n["right"] + n["wrong"]
    return {
        "reports": len(results),
        "gold": n["gold"],
        "predicted": n["pred"],
        "detection": (det_p, det_r, det_f),
        "resolution": (n["right"], n["unresolved"], n["wrong"]),
        "end_to_end": (e2e_p, e2e_r, e2e_f),
        "wrong_rate": n["wrong"] / judged if judged else 0.0,
        # placed wrong with high confidence: on the map with nothing sending it to the places queue
        "wrong_silent": n["wrong_silent"],
        "right_low": n["right_low"],  # placed right but sent to the places queue all the same
        "false": n["false"],
    }


def print_summary(label: str, s: dict) -> None:
    dp, dr, df = s["detection"]
    ep, er, ef = s["end_to_end"]
    right, unresolved, wrong = s["resolution"]
    detected_with_coords = right + unresolved + wrong
    print(
        f"{label:<10} {s['reports']:>3} reports {s['gold']:>4} gold places | detection P {dp:.2f} R {dr:.2f} "
        f"F1 {df:.2f} | resolution right {right}/{detected_with_coords} unresolved {unresolved} wrong {wrong} | "
        f"end-to-end P {ep:.2f} R {er:.2f} F1 {ef:.2f} | wrong placements {wrong} ({s['wrong_rate']:.1%}), "
        f"{s['wrong_silent']} of them with high confidence | right but low confidence {s['right_low']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("predictions", help="JSON lines from manage.py extract --format jsonl")
    parser.add_argument("--misses", action="store_true", help="list every miss and false place")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    results_by_lang: dict[str, list] = defaultdict(list)
    details = []
    for line in Path(args.predictions).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        prediction = json.loads(line)
        path = Path(prediction["file"])
        gold_doc = json.loads(path.read_text(encoding="utf-8"))
        result = score_report(gold_doc, prediction)
        results_by_lang[gold_doc["language"]].append(result)
        details.append((path.stem, gold_doc, result))

    figures = {}
    everything = [r for rs in results_by_lang.values() for r in rs]
    for lang in sorted(results_by_lang):
        figures[lang] = summary(results_by_lang[lang])
        print_summary(lang, figures[lang])
    figures["all"] = summary(everything)
    print_summary("all", figures["all"])

    if args.misses:
        for name, _doc, r in details:
            lines = []
            for g in r["misses"]:
                lines.append(f"  MISS   {' / '.join(g['surface'])} ({g.get('name_en')}, {g.get('admin1')})")
            for kind, p in r["false_places"]:
                where = p["name_en"] or "unresolved"
                lines.append(f"  FALSE  {' / '.join(sorted(set(p['surfaces'])))} -> {where} [{kind}]")
            for g in r["unresolved"]:
                lines.append(f"  UNRES  {' / '.join(g['surface'])} ({g.get('name_en')}, {g.get('ref')})")
            for g, p, d in r["wrong"]:
                sure = "low confidence" if p["low"] else "HIGH confidence"
                lines.append(f"  WRONG  {' / '.join(g['surface'])} -> {p['name_en']} {d:.0f} km off ({sure})")
            if lines:
                print(name)
                print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
