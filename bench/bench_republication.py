"""Near-duplicate (republication) detection on labelled pairs: precision and recall per threshold.

The pairs (labels by construction, written down here):
- the real pair: Hawa al-Sham's copy of SANA's report (incidents/fixtures/articles/hawaalsham-...)
  against SANA's text, that is the same report without Hawa al-Sham's masthead ("هوى الشام|") and its
  "المصدر: سانا" / "follow us" footer (SANA's own page is not among the samples);
- copies made the ways outlets republish, of each of 32 real reports (the 7 samples and the 25 dev
  reports of eval/): another outlet's masthead and footer; the lead paragraphs only; an edited copy
  (the other side's names for the parties, the last paragraph dropped, a background line added);
- negatives: every pair of distinct real reports (496, among them three outlets on the same Busayrah
  and Shuhayl attacks), and 100 pairs of distinct reports wrapped in the *same* masthead and footer
  (shared boilerplate must not make two reports one).

Run: .venv/bin/python bench/bench_republication.py
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django  # noqa: E402

django.setup()

from incidents.intake.republication import (  # noqa: E402
    BANDS,
    MIN_SHINGLES,
    ROWS,
    THRESHOLD,
    band_keys,
    containment,
    shingles,
)

HAWA = "hawaalsham-sana-busayrah-shuhayl"
FOOTER_AR = (
    "\nالمصدر: {src}\n(( تابعنا على الفيسبوك – تابعنا على تلغرام – تابعنا على انستغرام – تابعنا على تويتر ))"
)
FOOTER_EN = "\nSource: {src}\nFollow us on Facebook, Telegram, Instagram and X for the latest news."
EDITS_AR = [
    ("ميليشيا", "قوات"),
    ("قسد", "قوات سوريا الديمقراطية"),
    ("تنظيم داعش", "تنظيم الدولة"),
    ("مسلحين", "عناصر"),
]
EDITS_EN = [("SDF", "Syrian Democratic Forces"), ("ISIS", "the Islamic State"), ("gunmen", "armed men")]


def reports() -> list[tuple[str, str, str]]:
    """(name, language, text) of the 7 samples and the 25 dev reports of the evaluation set."""
    paths = sorted((ROOT / "incidents/fixtures/articles").glob("*.json")) + sorted(
        (ROOT / "eval/reports/dev").glob("*.json")
    )
    out = []
    for path in paths:
        item = json.loads(path.read_text(encoding="utf-8"))
        out.append((path.stem, item.get("language") or "ar", item["text"]))
    return out


def sana_original(hawa_text: str) -> str:
    """SANA's report as Hawa al-Sham received it: their masthead and footer taken off."""
    body = hawa_text.removeprefix("هوى الشام| ")
    return body[: body.index("\nالمصدر: سانا")]


def wrapped(text: str, lang: str, outlet: str, src: str) -> str:
    masthead = f"{outlet}| " if lang == "ar" else f"{outlet} - "
    return masthead + text + (FOOTER_AR if lang == "ar" else FOOTER_EN).format(src=src)


def lead(text: str) -> str:
    """The first half of the report, cut at a paragraph or sentence end."""
    units = [u for u in text.split("\n") if u.strip()]
    if len(units) < 4:
        units = [u for u in text.replace("، ", "،\n").replace(". ", ".\n").split("\n") if u.strip()]
    return "\n".join(units[: max(2, (len(units) + 1) // 2)])


def edited(text: str, lang: str) -> str:
    for old, new in EDITS_AR if lang == "ar" else EDITS_EN:
        text = text.replace(old, new)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    extra = "وتشهد المنطقة توتراً أمنياً منذ أشهر." if lang == "ar" else "The area has been tense for months."
    return "\n".join(paragraphs + [extra])


def labelled_pairs() -> list[tuple[str, str, str, bool]]:
    docs = reports()
    by_name = {name: (lang, text) for name, lang, text in docs}
    pairs = [("real: SANA / Hawa al-Sham copy", sana_original(by_name[HAWA][1]), by_name[HAWA][1], True)]
    for name, lang, text in docs:
        outlet = "هوى الشام" if lang == "ar" else "Syria Observer"
        pairs.append((f"masthead+footer: {name}", text, wrapped(text, lang, outlet, "SANA"), True))
        pairs.append((f"lead only: {name}", text, lead(text), True))
        pairs.append((f"edited: {name}", text, edited(text, lang), True))
    for (a, _la, ta), (b, _lb, tb) in itertools.combinations(docs, 2):
        pairs.append((f"distinct: {a} / {b}", ta, tb, False))
    rng = random.Random(10)
    same_lang = [(a, b) for a, b in itertools.combinations(docs, 2) if a[1] == b[1]]
    for (a, la, ta), (b, lb, tb) in rng.sample(same_lang, 100):
        outlet = "هوى الشام" if la == "ar" else "Syria Observer"
        pairs.append(
            (
                f"same boilerplate: {a} / {b}",
                wrapped(ta, la, outlet, "SANA"),
                wrapped(tb, lb, outlet, "SANA"),
                False,
            )
        )
    return pairs


def main() -> None:
    pairs = labelled_pairs()
    scored = []
    for label, a, b, positive in pairs:
        sa, sb = shingles(a), shingles(b)
        # what ingest compares: both long enough, and sharing a band in the database's LSH index
        candidate = min(len(sa), len(sb)) >= MIN_SHINGLES and bool(set(band_keys(sa)) & set(band_keys(sb)))
        scored.append((label, containment(sa, sb), candidate, positive))
    n_pos = sum(1 for *_r, p in scored if p)
    print(f"{len(pairs)} labelled pairs: {n_pos} republications, {len(pairs) - n_pos} distinct reports")
    print(f"LSH: {BANDS} bands x {ROWS} rows; a pair is compared only when it shares a band\n")
    print("| threshold | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        tp = sum(1 for _l, s, c, p in scored if p and c and s >= threshold)
        fp = sum(1 for _l, s, c, p in scored if not p and c and s >= threshold)
        fn = n_pos - tp
        precision = tp / (tp + fp) if tp + fp else 1.0
        mark = " (chosen)" if threshold == THRESHOLD else ""
        print(f"| {threshold:.1f}{mark} | {tp} | {fp} | {fn} | {precision:.3f} | {tp / n_pos:.3f} |")
    positives = sorted((s, label) for label, s, c, p in scored if p)
    negatives = sorted(((s, label) for label, s, c, p in scored if not p), reverse=True)
    missed = [label for label, s, c, p in scored if p and not c]
    print(f"\nlowest republication scores: {', '.join(f'{s:.2f} {label}' for s, label in positives[:4])}")
    print(f"highest distinct-pair scores: {', '.join(f'{s:.2f} {label}' for s, label in negatives[:4])}")
    print(f"republications the LSH bands did not offer for comparison: {len(missed)} {missed[:5]}")
    real = next(s for label, s, c, p in scored if label.startswith("real:"))
    print(f"the real SANA / Hawa al-Sham pair: containment {real:.3f}")


if __name__ == "__main__":
    main()
