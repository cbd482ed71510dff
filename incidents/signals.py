"""Keep the in-process gazetteer index honest: any Place change marks it stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Place


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
def invalidate_gazetteer_index(**kwargs) -> None:
    from .gazetteer import invalidate_index

    invalidate_index()
