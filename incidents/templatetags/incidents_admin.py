"""Template tags of the analysts' admin."""

from django import template

register = template.Library()


@register.simple_tag
def review_counts() -> dict:
    """What waits for an analyst, for the admin's front page."""
    from incidents.models import Incident
    from incidents.resolution import review_queue

    return {
        "unreviewed": Incident.objects.visible()
        .filter(status=Incident.Status.UNREVIEWED, is_demo=False)
        .count(),
        "places": review_queue().count(),
    }
