"""Analysts' decisions, as services the admin (and tests) call: review status and who set it."""

from __future__ import annotations

from django.utils import timezone

from .models import Incident

REVIEW_STATUSES = {Incident.Status.VERIFIED, Incident.Status.DISPUTED, Incident.Status.UNVERIFIABLE}


def can_review(request) -> bool:
    """Whether this request's user may set a review status: exactly the admin's rule for its review
    actions (an active staff member with the change permission on incidents, as the roles grant it)."""
    from django.contrib import admin

    return admin.site.has_permission(request) and admin.site.get_model_admin(Incident).has_change_permission(
        request
    )


def attribute(instance, reason: str, user=None):
    """Label the next save's history row with why, and who, even outside a request (commands, tests)."""
    instance._change_reason = reason[:100]
    if user is not None:
        instance._history_user = user
    return instance


def set_status(incidents, status: str, user) -> int:
    """Set a review status on incidents, recording who reviewed them and when (each save is history)."""
    if status not in REVIEW_STATUSES and status != Incident.Status.UNREVIEWED:
        raise ValueError(f"unknown status {status!r}")
    now = timezone.now()
    n = 0
    for incident in incidents:
        incident.status = status
        incident.reviewed_by = user if status != Incident.Status.UNREVIEWED else None
        incident.reviewed_at = now if status != Incident.Status.UNREVIEWED else None
        attribute(incident, f"review: {status}", user)
        incident.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        n += 1
    return n
