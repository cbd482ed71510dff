"""Folding duplicate reports of one event into one incident, traceably and reversibly.

ACLED merges duplicates by hand and deletes the losers; Ushahidi keeps one source per post. Here a merge
moves every claim and place mention of the duplicates onto the kept incident, hides the duplicates
(``merged_into``) without deleting them, and writes a MergeRecord from which ``undo_merge`` puts every
claim back where it came from. Each incident save along the way is a django-simple-history row.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .corroboration import refresh as refresh_corroboration
from .models import Claim, Incident, MergeRecord, PlaceMention
from .review import attribute

# Fields of the kept incident that a merge fills in when they are empty and a duplicate knows them.
FILLABLE = [
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "place_id",
    "location",
    "lat",
    "lon",
    "geo_precision",
    "admin1",
    "admin2",
    "admin3",
]


class MergeError(ValueError):
    """A merge or undo that cannot be done; the message says why."""


def _is_empty(value) -> bool:
    return value is None or value == "" or value == []


@transaction.atomic
def merge_incidents(target: Incident, duplicates, user=None, note: str = "") -> MergeRecord:
    """Fold ``duplicates`` into ``target``: all their claims and mentions move, nothing is deleted."""
    target = Incident.objects.select_for_update().get(pk=target.pk)
    dupes = list(Incident.objects.select_for_update().filter(pk__in=[d.pk for d in duplicates]))
    if not dupes:
        raise MergeError(_("nothing to merge"))
    for dupe in dupes:
        if dupe.pk == target.pk:
            raise MergeError(_("incident #%(id)d cannot be merged into itself") % {"id": dupe.pk})
        if dupe.merged_into_id is not None:
            raise MergeError(
                _("incident #%(id)d is already merged into #%(into)d")
                % {"id": dupe.pk, "into": dupe.merged_into_id}
            )
    if target.merged_into_id is not None:
        raise MergeError(
            _("incident #%(id)d is itself merged into #%(into)d")
            % {"id": target.pk, "into": target.merged_into_id}
        )

    before, moved_claims, moved_mentions = {}, [], []
    taken = set(target.claims.values_list("article_id", "cited_source", "extraction_key"))
    for dupe in dupes:
        for claim in dupe.claims.all():
            key = claim.extraction_key
            if (claim.article_id, claim.cited_source, key) in taken:
                # the same voice on both sides (an analyst's copy): keep both, told apart by the key
                claim.extraction_key = f"{key}|merged-from:{dupe.pk}"[:200]
            taken.add((claim.article_id, claim.cited_source, claim.extraction_key))
            moved_claims.append(
                {
                    "from": dupe.pk,
                    "article": claim.article_id,
                    "cited_source": claim.cited_source,
                    "extraction_key": claim.extraction_key,
                    "original_key": key,
                }
            )
            claim.incident = target
            claim.save(update_fields=["incident", "extraction_key"])
        for mention_id in PlaceMention.objects.filter(incident=dupe).values_list("pk", flat=True):
            moved_mentions.append({"id": mention_id, "from": dupe.pk})
        PlaceMention.objects.filter(incident=dupe).update(incident=target)
        for name in FILLABLE:
            if _is_empty(getattr(target, name)) and not _is_empty(getattr(dupe, name)):
                before.setdefault(name, getattr(target, name))
                setattr(target, name, getattr(dupe, name))
        dupe.merged_into = target
        attribute(dupe, f"merged into #{target.pk}", user)
        dupe.save(update_fields=["merged_into", "updated_at"])

    record = MergeRecord.objects.create(
        target=target,
        merged_ids=[d.pk for d in dupes],
        moved_claims=moved_claims,
        moved_mentions=moved_mentions,
        target_before=before,  # only empty values (None, "", []): what the merge filled in
        note=note,
        merged_by=user,
    )
    attribute(target, f"merge {record.pk}: absorbed " + ", ".join(f"#{d.pk}" for d in dupes), user)
    target.save()
    refresh_corroboration([target.pk])
    target.refresh_from_db(fields=["corroboration"])
    return record


@transaction.atomic
def undo_merge(record: MergeRecord, user=None) -> list[Incident]:
    """Reverse a merge: the duplicates reappear with their own claims; the kept incident is as before."""
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    if record.is_undone:
        raise MergeError(
            _("merge %(id)d was already undone on %(when)s")
            % {"id": record.pk, "when": f"{record.undone_at:%Y-%m-%d %H:%M}"}
        )
    target = Incident.objects.select_for_update().get(pk=record.target_id)
    if target.merged_into_id is not None:
        raise MergeError(
            _("incident #%(id)d was merged into #%(into)d since: undo that merge first")
            % {"id": target.pk, "into": target.merged_into_id}
        )
    restored = {i.pk: i for i in Incident.objects.select_for_update().filter(pk__in=record.merged_ids)}

    for moved in record.moved_claims:
        if moved["from"] not in restored:
            continue  # the duplicate was deleted since; its claims stay on the kept incident
        Claim.objects.filter(
            incident=target,
            article_id=moved["article"],
            cited_source=moved["cited_source"],
            extraction_key=moved["extraction_key"],
        ).update(incident_id=moved["from"], extraction_key=moved["original_key"])
    for moved in record.moved_mentions:
        if moved["from"] in restored:
            PlaceMention.objects.filter(pk=moved["id"], incident=target).update(incident_id=moved["from"])
    for incident in restored.values():
        incident.merged_into = None
        attribute(incident, f"merge {record.pk} undone", user)
        incident.save(update_fields=["merged_into", "updated_at"])
    for name, value in record.target_before.items():
        setattr(target, name, value)
    attribute(target, f"merge {record.pk} undone", user)
    target.save()
    refresh_corroboration([target.pk, *restored])

    record.undone_at = timezone.now()
    record.undone_by = user
    record.save(update_fields=["undone_at", "undone_by"])
    return list(restored.values())
