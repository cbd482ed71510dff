"""Republished copies: an article from one outlet that is a near-duplicate of another outlet's article.

Outlets republish each other (Hawa al-Sham runs SANA's reports with its own header and footer). A
copy is not a second witness: it is linked to its original (``Article.republished_from``), its claims
join the original's incidents (an undoable merge, recorded like an analyst's), and an incident counts
each original once however many outlets copied it (``independent_reports``).

How copies are found: the folded text (Arabic letter variants and tashkeel folded) is cut into word
3-shingles; a MinHash signature (datasketch) is split into LSH bands stored in the database
(``ArticleBand``), so the candidates of a new article are the articles sharing a band, found with an
index, in any process. Each candidate is then compared exactly: containment, the share of the smaller
text's shingles found in the other, so a copy with a masthead and a "follow us" footer, or only the
first paragraphs, still matches. The threshold was chosen on labelled pairs (bench/bench_republication.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cmp_to_key

from datasketch import MinHash
from django.db.models import Count

from ..extraction.normalise import fold

SHINGLE_WORDS = 3
NUM_PERM = 128
# 42 bands of 3 rows: a pair becomes a candidate with probability 1-(1-J^3)^42: 0.996 at Jaccard 0.5
# (a copy of the first half of a report), 0.68 at 0.3, 0.04 at 0.1 (the exact comparison drops those).
# 32 bands of 4 rows missed 6 of the 94 labelled copies; these miss 1.
BANDS, ROWS = 42, 3
# Containment at or above this is a republication. On the labelled pairs every copy scored at least
# 0.69 and every pair of distinct reports (three outlets on the same attacks, shared boilerplate)
# at most 0.17: the threshold sits between them.
THRESHOLD = 0.5
MIN_SHINGLES = 30  # shorter texts (a headline, a caption, a one-line report) say too little to call a copy
MAX_CANDIDATES = 50

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """Word 3-grams of the folded text (أ/إ/آ → ا, ة → ه, tashkeel dropped, case folded)."""
    words = _WORD.findall(fold(text).text)
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(0, len(words) - SHINGLE_WORDS + 1))}


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger: 1.0 when one text is inside the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def band_keys(shingle_set: set[str]) -> list[int]:
    """The LSH band keys of a shingle set, as signed 64-bit integers (a database BIGINT)."""
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in shingle_set])
    values = minhash.hashvalues
    keys = []
    for band in range(BANDS):
        chunk = bytes([band]) + values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


@dataclass
class Link:
    copy_id: int
    original_id: int
    similarity: float


def link_republication(article) -> Link | None:
    """Index ``article``'s bands and link it with a near-duplicate from another outlet, if any: the
    earlier of the two is the original. Runs inside the ingest transaction."""
    from ..models import Article, ArticleBand

    ArticleBand.objects.filter(article=article).delete()
    own = shingles(article.text)
    if len(own) < MIN_SHINGLES:
        _unlink(article)
        return None
    keys = band_keys(own)
    ArticleBand.objects.bulk_create([ArticleBand(article=article, band=k) for k in keys])
    # other outlets' articles sharing a band, those sharing the most first
    candidate_ids = list(
        ArticleBand.objects.filter(band__in=keys)
        .exclude(article__source_id=article.source_id)
        .values("article_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "article_id")
        .values_list("article_id", flat=True)[:MAX_CANDIDATES]
    )
    best, best_score = None, 0.0
    for other in Article.objects.filter(pk__in=candidate_ids).select_related("source"):
        score = containment(own, shingles(other.text))
        if score >= THRESHOLD and (score > best_score or (score == best_score and _earlier(other, best))):
            best, best_score = other, score
    if best is None:
        _unlink(article)
        return None
    return _join(article, best, round(best_score, 3))


def _earlier(a, b) -> bool:
    """Is ``a`` the original rather than ``b``? The copy names the original's outlet ("المصدر: سانا")
    and not the other way round; failing that, the earlier publication date when both are known;
    failing that, the article stored first."""
    if b is None:
        return True
    a_names_b, b_names_a = _names_outlet(a, b.source), _names_outlet(b, a.source)
    if a_names_b != b_names_a:
        return b_names_a
    if a.published_at and b.published_at and a.published_at.date() != b.published_at.date():
        return a.published_at < b.published_at
    return a.pk < b.pk


def _names_outlet(article, source) -> bool:
    text = fold(article.text).text
    names = {fold(n).text for n in (source.name_ar, source.name_en) if n and len(n) >= 3}
    return any(name in text for name in names)


def _unlink(article) -> None:
    if article.republished_from_id is not None:
        article.republished_from = None
        article.republication_similarity = None
        article.save(update_fields=["republished_from", "republication_similarity"])


def _join(article, match, similarity: float) -> Link:
    """Put ``article`` in ``match``'s family (an original and its copies), all pointing at the earliest."""
    from ..models import Article

    root = match.republished_from or match
    members = [root, match, article, *Article.objects.filter(republished_from=root)]
    family = {a.pk: a for a in members}
    original = min(family.values(), key=cmp_to_key(lambda a, b: -1 if _earlier(a, b) else 1))
    for member in family.values():
        if member.pk == original.pk:
            points_to, score = None, None
        else:
            points_to = original
            # the score is known for the pair just compared; other copies keep theirs
            known = {member.pk, original.pk} == {article.pk, match.pk}
            score = similarity if known else member.republication_similarity
        if (member.republished_from_id, member.republication_similarity) != (
            getattr(points_to, "pk", None),
            score,
        ):
            member.republished_from, member.republication_similarity = points_to, score
            member.save(update_fields=["republished_from", "republication_similarity"])
    fold_incidents(article, match)
    copy = article if article.pk != original.pk else match
    return Link(copy_id=copy.pk, original_id=original.pk, similarity=similarity)


def fold_incidents(new, other) -> int:
    """Each incident that ``new`` alone reports joins ``other``'s incident from the same extracted place
    (the same text yields the same places): one event, reported once and copied. The merge is an
    ordinary merge record, so an analyst can undo it. Returns how many incidents were folded."""
    from ..merging import MergeError, merge_incidents
    from ..models import Claim, Incident

    theirs = {}
    for key, incident_id in Claim.objects.filter(article=other).values_list("extraction_key", "incident_id"):
        theirs.setdefault(key, incident_id)
    folded = 0
    for key, incident_id in (
        Claim.objects.filter(article=new).values_list("extraction_key", "incident_id").distinct()
    ):
        target_id = theirs.get(key)
        if target_id is None or target_id == incident_id:
            continue
        incident = Incident.objects.filter(pk=incident_id).first()
        target = Incident.objects.filter(pk=target_id).first()
        while target is not None and target.merged_into_id is not None:
            target = target.merged_into
        # only what ``new`` alone proposed and nobody reviewed is folded; the rest is the analysts' call
        if (
            incident is None
            or target is None
            or target.pk == incident.pk
            or incident.status != Incident.Status.UNREVIEWED
            or incident.merged_into_id is not None
            or incident.claims.exclude(article=new).exists()
        ):
            continue
        try:
            merge_incidents(
                target, [incident], note=f"republication: article {new.pk} and article {other.pk}"
            )
        except MergeError:
            continue
        folded += 1
    return folded


def independent_outlets(incident) -> int:
    """How many outlets report ``incident`` independently: a republished copy counts as its original's
    outlet, so SANA's report and Hawa al-Sham's copy of it are one voice."""
    from ..models import Article

    rows = Article.objects.filter(claims__incident=incident).values_list(
        "source_id", "republished_from__source_id"
    )
    return len({original_source or source for source, original_source in rows})
