"""Keep derived state honest: any Place change marks the in-process gazetteer index stale; a claim
edited or deleted, or an outlet's affiliation changed, recomputes the corroboration it feeds
(bulk paths, ingest and merges, call incidents.corroboration.refresh themselves)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Claim, Incident, Place, Source


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
def invalidate_gazetteer_index(**kwargs) -> None:
    from .gazetteer import invalidate_index

    invalidate_index()


@receiver(post_save, sender=Claim)
@receiver(post_delete, sender=Claim)
def claim_changed(instance, **kwargs) -> None:
    from .corroboration import refresh

    if Incident.objects.filter(pk=instance.incident_id).exists():
        refresh([instance.incident_id])


@receiver(pre_save, sender=Source)
def remember_affiliation(instance, **kwargs) -> None:
    old = (
        Source.objects.filter(pk=instance.pk).values_list("kind", "name_en").first() if instance.pk else None
    )
    instance._affiliation_changed = old is not None and old != (instance.kind, instance.name_en)


@receiver(post_save, sender=Source)
def affiliation_changed(instance, **kwargs) -> None:
    if getattr(instance, "_affiliation_changed", False):
        from .corroboration import refresh

        refresh(
            Claim.objects.filter(article__source=instance).values_list("incident_id", flat=True).distinct()
        )
